// The page's heading and the document title; focus moves to the heading when a page opens, so a
// screen reader announces where the person now is (a single-page app changes no page otherwise).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · ${t('app.name')}`;
  }, [children, t]);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}
