// Small accessible form parts for the admin pages: every field has a label, its hint and its error are tied to
// it (aria-describedby), a wrong field is marked (aria-invalid), and a refused submission is announced
// (role="alert") with the fields the server named, in the person's language where we know the case.
import type { TFunction } from 'i18next';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

import { AdminApiError } from './api';

/** Field path → message: what the page checked itself, or what the server named. */
export type FieldErrors = Record<string, string>;

/** The server's field errors, keyed by the path it named (`grantee.id`, `scopes`, `agents[0]`). */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof AdminApiError)) return {};
  return Object.fromEntries(error.fieldErrors.map((e) => [e.path, e.message]));
}

/** The first error for a field that holds a list: the server names its items (`agents[0]`, `scope.verbs[2]`). */
export function errorUnder(errors: FieldErrors, path: string): string | undefined {
  return Object.entries(errors).find(([p]) => p.startsWith(path))?.[1];
}

/** One sentence for a failed request, by its status. */
export function failureText(error: unknown, t: TFunction): string {
  if (!(error instanceof AdminApiError)) return t('app.error');
  if (error.status === 403) return t('admin.form.forbidden');
  if (error.status === 404) return t('admin.form.notFound');
  if (error.status === 409) return t('admin.form.conflict', { message: error.message });
  if (error.status === 400) return t('admin.form.refused', { message: error.message });
  return t('app.error');
}

/** The announced summary of what is wrong with a submission. */
export function ErrorSummary({ errors, failure }: { errors: FieldErrors; failure?: string }) {
  const { t } = useTranslation();
  const messages = Object.values(errors);
  if (!failure && messages.length === 0) return null;
  return (
    <div role="alert" className="error-summary">
      {failure && <p className="error">{failure}</p>}
      {messages.length > 0 && !failure && <p className="error">{t('admin.form.fixErrors')}</p>}
      {messages.length > 0 && (
        <ul>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  required?: boolean;
  type?: 'text' | 'password' | 'date';
  multiline?: boolean;
  autoComplete?: string;
  spellCheck?: boolean;
}

export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, hint, error, required, type = 'text', multiline, autoComplete } = props;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: id,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    spellCheck: props.spellCheck,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          autoComplete={autoComplete}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes (a fieldset with its legend), each value with its own label. */
export function CheckboxGroup<V extends string>(props: {
  legend: string;
  values: readonly V[];
  labelOf: (value: V) => ReactNode;
  checked: readonly V[];
  onChange: (checked: V[]) => void;
  error?: string;
  hint?: string;
}) {
  const base = useId();
  const { legend, values, labelOf, checked, onChange, error, hint } = props;
  const describedBy =
    [hint && `${base}-hint`, error && `${base}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="checks" aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p id={`${base}-hint`} className="hint">
          {hint}
        </p>
      )}
      {values.map((v) => (
        <div key={v} className="check">
          <input
            type="checkbox"
            id={`${base}-${v}`}
            checked={checked.includes(v)}
            onChange={(e) => onChange(e.target.checked ? [...checked, v] : checked.filter((c) => c !== v))}
          />
          <label htmlFor={`${base}-${v}`}>{labelOf(v)}</label>
        </div>
      ))}
      {error && (
        <p id={`${base}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Lines of a textarea as a list: trimmed, empty ones dropped. */
export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** A polite live region: what just happened (saved, revoked, copied), announced without moving focus. */
export function StatusMessage({ children }: { children?: string }) {
  return (
    <p role="status" className="status">
      {children}
    </p>
  );
}
