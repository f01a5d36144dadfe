// My records: the statements about the signed-in learner, as sentences, newest first.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';

import { myStatements, type Statement } from '../api/xapi';
import { currentLanguage, formatLocale } from '../i18n';
import { sentenceParts } from '../records/sentence';
import { useSession } from '../session/session';
import { PageTitle } from './PageTitle';
import { QueryError } from './QueryError';

function StatementSentence({ statement }: { statement: Statement }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const locale = formatLocale(language);
  const parts = sentenceParts(statement, language, locale);
  const activity =
    parts.activity ??
    t(
      parts.objectKind === 'agent'
        ? 'records.someone'
        : parts.objectKind === 'statement'
          ? 'records.anotherRecord'
          : 'records.unnamedActivity',
    );
  const what = (
    <Trans
      i18nKey={`records.verb.${parts.verbKey}`}
      values={{ activity, verb: parts.verb }}
      components={{ act: <cite /> }}
    />
  );
  return (
    <>
      {what}
      {parts.date && (
        <>
          {' '}
          <Trans
            i18nKey="records.when"
            values={{ date: parts.date }}
            components={{
              time: <time dateTime={parts.at} title={new Date(parts.at ?? '').toLocaleString(locale)} />,
            }}
          />
        </>
      )}
      {parts.score &&
        t(parts.scoreKind === 'percent' ? 'records.scorePercent' : 'records.scorePoints', {
          score: parts.score,
        })}
    </>
  );
}

export function RecordsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const token = session?.token ?? '';
  const query = useInfiniteQuery({
    queryKey: ['my-statements', session?.personId],
    queryFn: ({ pageParam }) => myStatements(token, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.more || undefined,
    enabled: !!session,
  });
  const statements = query.data?.pages.flatMap((p) => p.statements) ?? [];

  return (
    <>
      <PageTitle>{t('records.title')}</PageTitle>
      <p>{t('records.intro')}</p>
      {query.isPending && <p role="status">{t('app.loading')}</p>}
      {query.error && <QueryError error={query.error} />}
      {query.isSuccess && statements.length === 0 && <p>{t('records.empty')}</p>}
      {statements.length > 0 && (
        <>
          <p role="status" className="count">
            {t('records.count', { count: statements.length })}
          </p>
          <ol className="records">
            {statements.map((s) => (
              <li key={s.id}>
                <StatementSentence statement={s} />
              </li>
            ))}
          </ol>
        </>
      )}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t('app.loading') : t('records.more')}
        </button>
      )}
    </>
  );
}
