// The fields of an institution policy: who may read (a role, group, person or connected system), the purpose,
// the lawful basis, which activities and verbs it covers, and what a system bound to its purpose may store about a
// learner without a basis under it. Parts of a policy this form does not show (a time
// window, context activities, redacted fields) are kept as they are when editing.
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  LAWFUL_BASES,
  listCredentials,
  listGroups,
  listPeople,
  type Policy,
  type PolicyBody,
  ROLES,
  WRITE_WITHOUT_BASIS,
  type WriteWithoutBasis,
} from './api';
import {
  ErrorSummary,
  errorUnder,
  failureText,
  type FieldErrors,
  linesOf,
  serverFieldErrors,
  TextField,
} from './forms';
import { useToken } from './useToken';

const KINDS = ['role', 'group', 'person', 'credential'] as const;
type Kind = (typeof KINDS)[number];

export function PolicyForm(props: {
  id: string;
  policy?: Policy;
  submitLabel: string;
  save: (body: PolicyBody) => Promise<Policy>;
  onSaved: (policy: Policy) => void;
}) {
  const { t } = useTranslation();
  const token = useToken();
  const { policy, id } = props;
  const [kind, setKind] = useState<Kind>(policy?.grantee.kind ?? 'role');
  const [grantee, setGrantee] = useState(policy?.grantee.id ?? '');
  const [code, setCode] = useState(policy?.purpose.code ?? '');
  const [text, setText] = useState(policy?.purpose.text ?? '');
  const [basis, setBasis] = useState<PolicyBody['lawfulBasis']>(policy?.lawfulBasis ?? 'consent');
  const [prefixes, setPrefixes] = useState((policy?.scope.activityPrefixes ?? []).join('\n'));
  const [verbs, setVerbs] = useState((policy?.scope.verbs ?? []).join('\n'));
  const [onWrite, setOnWrite] = useState<WriteWithoutBasis>(policy?.onWriteWithoutBasis ?? 'reject');
  const [holdDays, setHoldDays] = useState(String(policy?.holdDays ?? 30));
  const [errors, setErrors] = useState<FieldErrors>({});
  const people = useQuery({
    queryKey: ['admin', 'people'],
    queryFn: () => listPeople(token),
    enabled: kind === 'person',
  });
  const groups = useQuery({
    queryKey: ['admin', 'groups'],
    queryFn: () => listGroups(token),
    enabled: kind === 'group',
  });
  const credentials = useQuery({
    queryKey: ['admin', 'credentials'],
    queryFn: () => listCredentials(token),
    enabled: kind === 'credential',
  });
  const options: { value: string; label: string }[] =
    kind === 'role'
      ? ROLES.map((r) => ({ value: r, label: t(`admin.role.${r}`) }))
      : kind === 'group'
        ? (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))
        : kind === 'person'
          ? (people.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.displayName ?? p.username} (${p.username})`,
            }))
          : (credentials.data ?? []).filter((c) => !c.revokedAt).map((c) => ({ value: c.id, label: c.name }));

  const save = useMutation({
    mutationFn: () => {
      const { activityPrefixes: _a, verbs: _v, ...kept } = policy?.scope ?? {};
      const scope = {
        ...kept,
        ...(linesOf(prefixes).length > 0 && { activityPrefixes: linesOf(prefixes) }),
        ...(linesOf(verbs).length > 0 && { verbs: linesOf(verbs) }),
      };
      return props.save({
        grantee: { kind, id: grantee },
        purpose: { code: code.trim(), text: text.trim() },
        lawfulBasis: basis,
        scope,
        redactFields: (policy?.redactFields ?? []) as PolicyBody['redactFields'],
        onWriteWithoutBasis: onWrite,
        ...(onWrite === 'hold' && { holdDays: Number(holdDays) }),
      });
    },
    onSuccess: props.onSaved,
    onError: (err) => setErrors(serverFieldErrors(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    const required = `: ${t('admin.form.required')}`;
    if (!grantee) found['grantee.id'] = t('admin.policies.granteeId') + required;
    if (!code.trim()) found['purpose.code'] = t('admin.policies.purposeCode') + required;
    if (!text.trim()) found['purpose.text'] = t('admin.policies.purposeText') + required;
    setErrors(found);
    save.reset();
    if (Object.keys(found).length === 0) save.mutate();
  };
  const described = (field: string, hint?: boolean) =>
    [hint && `${id}-${field}-hint`, errors[field] && `${id}-${field}-error`].filter(Boolean).join(' ') ||
    undefined;

  return (
    <form onSubmit={submit} noValidate className="panel">
      <ErrorSummary errors={errors} failure={save.isError ? failureText(save.error, t) : undefined} />
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('admin.policies.granteeKind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setGrantee('');
          }}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`admin.policies.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-grantee`}>{t('admin.policies.granteeId')}</label>
        <select
          id={`${id}-grantee`}
          value={grantee}
          required
          aria-invalid={errors['grantee.id'] ? true : undefined}
          aria-describedby={described('grantee.id')}
          onChange={(e) => setGrantee(e.target.value)}
        >
          <option value="">{t('admin.policies.choose')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {errors['grantee.id'] && (
          <p id={`${id}-grantee.id-error`} className="field-error">
            {errors['grantee.id']}
          </p>
        )}
      </div>
      <TextField
        id={`${id}-purpose-text`}
        label={t('admin.policies.purposeText')}
        value={text}
        onChange={setText}
        error={errors['purpose.text']}
        required
        multiline
      />
      <TextField
        id={`${id}-purpose-code`}
        label={t('admin.policies.purposeCode')}
        hint={t('admin.policies.purposeCodeHint')}
        value={code}
        onChange={setCode}
        error={errors['purpose.code']}
        required
        autoComplete="off"
        spellCheck={false}
      />
      <div className="field">
        <label htmlFor={`${id}-basis`}>{t('admin.policies.lawfulBasis')}</label>
        <select
          id={`${id}-basis`}
          value={basis}
          onChange={(e) => setBasis(e.target.value as PolicyBody['lawfulBasis'])}
        >
          {LAWFUL_BASES.map((b) => (
            <option key={b} value={b}>
              {t(`admin.policies.basis.${b}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id={`${id}-prefixes`}
        multiline
        label={t('admin.policies.activityPrefixes')}
        hint={t('admin.policies.listHint')}
        value={prefixes}
        onChange={setPrefixes}
        error={errorUnder(errors, 'scope.activityPrefixes')}
        spellCheck={false}
      />
      <TextField
        id={`${id}-verbs`}
        multiline
        label={t('admin.policies.verbs')}
        hint={t('admin.policies.listHint')}
        value={verbs}
        onChange={setVerbs}
        error={errorUnder(errors, 'scope.verbs')}
        spellCheck={false}
      />
      <div className="field">
        <label htmlFor={`${id}-on-write`}>{t('admin.policies.onWriteWithoutBasis')}</label>
        <select
          id={`${id}-on-write`}
          aria-describedby={`${id}-on-write-hint`}
          value={onWrite}
          onChange={(e) => setOnWrite(e.target.value as WriteWithoutBasis)}
        >
          {WRITE_WITHOUT_BASIS.map((w) => (
            <option key={w} value={w}>
              {t(`admin.policies.onWrite.${w}`)}
            </option>
          ))}
        </select>
        <p id={`${id}-on-write-hint`} className="hint">
          {t('admin.policies.onWriteHint')}
        </p>
      </div>
      {onWrite === 'hold' && (
        <TextField
          id={`${id}-hold-days`}
          label={t('admin.policies.holdDays')}
          hint={t('admin.policies.holdDaysHint')}
          value={holdDays}
          onChange={setHoldDays}
          error={errorUnder(errors, 'holdDays')}
          autoComplete="off"
        />
      )}
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? t('admin.form.saving') : props.submitLabel}
      </button>
    </form>
  );
}
