// Who can see my data, and why (GET /api/v1/me/effective-access): the learner themself, the
// connected systems reading by their permission, and each institution policy in plain words — its
// purpose, lawful basis, what it covers and where the learner stands. Where the choice is theirs the
// learner grants, gives less, revokes, objects or withdraws an objection, each after a dialog saying
// what will happen; the consent receipt is shown afterwards and can be downloaded.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import {
  type ConsentReceipt,
  consentRequests,
  type EffectiveAccessEntry,
  effectiveAccess,
  grant,
  type GrantBody,
  object,
  revokeGrant,
  withdrawObjection,
} from '../api/consent';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatLocale } from '../i18n';
import { useSession } from '../session/session';
import { saveJson } from '../utils/download';
import { PageTitle } from './PageTitle';
import { QueryStatus } from './QueryError';

type Who = EffectiveAccessEntry['who'];
type What = EffectiveAccessEntry['what'];
type PolicyWhy = Extract<EffectiveAccessEntry['why'], { kind: 'policy' }>;
type PolicyEntry = EffectiveAccessEntry & { why: PolicyWhy };
type Scope = Exclude<What['statements'], string>;

const ROLES = ['learner', 'admin', 'auditor', 'consumer', 'guardian'] as const;
const FIELDS = [
  'result.score',
  'result.success',
  'result.completion',
  'result.response',
  'result.duration',
  'result.extensions',
  'context.instructor',
  'context.team',
  'context.contextActivities',
  'context.contextAgents',
  'context.contextGroups',
  'context.revision',
  'context.platform',
  'context.language',
  'context.statement',
  'context.extensions',
  'attachments',
] as const;

const isPolicy = (e: EffectiveAccessEntry): e is PolicyEntry => e.why.kind === 'policy';

/** A verb IRI as people read it: its last path segment (…/verbs/completed → completed). */
const verbName = (iri: string) =>
  iri
    .replace(/[/#]+$/, '')
    .split(/[/#]/)
    .pop() || iri;

function useWhoName() {
  const { t } = useTranslation();
  return (who: Who): string => {
    switch (who.kind) {
      case 'self':
        return t('whoCanSee.who.self');
      case 'credential':
        return who.name
          ? t('whoCanSee.who.credential', { name: who.name })
          : t('whoCanSee.who.credentialUnnamed');
      case 'role': {
        const known = (ROLES as readonly string[]).includes(who.role);
        const role = known ? t(`whoCanSee.roles.${who.role as (typeof ROLES)[number]}`) : who.role;
        return t('whoCanSee.who.role', { role });
      }
      case 'group':
        return who.name ? t('whoCanSee.who.group', { name: who.name }) : t('whoCanSee.who.groupUnnamed');
      case 'person':
        return who.username
          ? t('whoCanSee.who.person', { name: who.username })
          : t('whoCanSee.who.personUnnamed');
    }
  };
}

/** Which statements, in plain words: all, those the system wrote, or every limit of a scope. */
function WhatTheyCanSee({ what }: { what: What }) {
  const { t } = useTranslation();
  const locale = formatLocale();
  const or = new Intl.ListFormat(locale, { type: 'disjunction' });
  const and = new Intl.ListFormat(locale, { type: 'conjunction' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const hidden = what.redactedFields.map((f) =>
    (FIELDS as readonly string[]).includes(f)
      ? t(`whoCanSee.fields.${f as (typeof FIELDS)[number]}`)
      : t('whoCanSee.fields.other', { field: f }),
  );
  const limits = (scope: Scope): string[] => {
    const out: string[] = [];
    if (scope.activityPrefixes?.length) {
      out.push(t('whoCanSee.what.activities', { list: or.format(scope.activityPrefixes) }));
    }
    if (scope.verbs?.length) {
      out.push(t('whoCanSee.what.verbs', { list: or.format(scope.verbs.map(verbName)) }));
    }
    if (scope.registrations?.length) {
      out.push(t('whoCanSee.what.registrations', { list: or.format(scope.registrations) }));
    }
    if (scope.storedFrom) {
      out.push(t('whoCanSee.what.storedFrom', { date: date.format(new Date(scope.storedFrom)) }));
    }
    if (scope.storedUntil) {
      out.push(t('whoCanSee.what.storedUntil', { date: date.format(new Date(scope.storedUntil)) }));
    }
    const context = Object.values(scope.contextActivities ?? {}).flat();
    if (context.length) out.push(t('whoCanSee.what.context', { list: or.format(context) }));
    return out;
  };
  const statements = what.statements;
  const scoped = typeof statements === 'object' ? limits(statements) : [];
  return (
    <>
      {statements === 'written-by-them' ? (
        <p>{t('whoCanSee.what.writtenByThem')}</p>
      ) : scoped.length === 0 ? (
        <p>{t('whoCanSee.what.all')}</p>
      ) : (
        <>
          <p>{t('whoCanSee.what.scoped')}</p>
          <ul>
            {scoped.map((limit) => (
              <li key={limit}>{limit}</li>
            ))}
          </ul>
        </>
      )}
      {hidden.length > 0 && <p>{t('whoCanSee.what.hidden', { list: and.format(hidden) })}</p>}
    </>
  );
}

/** An agent identifier as the learner would recognise it. */
function identifierText(agent: Record<string, unknown>): string {
  if (typeof agent.mbox === 'string') return agent.mbox.replace(/^mailto:/, '');
  const account = agent.account as { name?: string; homePage?: string } | undefined;
  if (account?.name) return `${account.name} (${account.homePage ?? ''})`;
  if (typeof agent.openid === 'string') return agent.openid;
  if (typeof agent.mbox_sha1sum === 'string') return agent.mbox_sha1sum;
  return JSON.stringify(agent);
}

/** The standing of an entry: active or not, and why, in the learner's terms. */
/** The last two terms of every party's description list: what it may see and where the learner stands. */
function WhatAndStanding({ entry }: { entry: EffectiveAccessEntry }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t('whoCanSee.whatLabel')}</dt>
      <dd>
        <WhatTheyCanSee what={entry.what} />
      </dd>
      <dt>{t('whoCanSee.statusLabel')}</dt>
      <dd>
        <Standing entry={entry} />
      </dd>
    </>
  );
}

function Standing({ entry }: { entry: EffectiveAccessEntry }) {
  const { t } = useTranslation();
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const because =
    entry.because === 'granted' && entry.expiresAt
      ? t('whoCanSee.because.grantedUntil', { date: date.format(new Date(entry.expiresAt)) })
      : t(`whoCanSee.because.${entry.because}`);
  return (
    <p>
      <strong className={entry.status === 'active' ? 'allowed' : 'denied'}>
        {t(entry.status === 'active' ? 'whoCanSee.active' : 'whoCanSee.inactive')}
      </strong>
      {'. '}
      {because}
    </p>
  );
}

type ActionKind = 'grant' | 'change' | 'revoke' | 'object' | 'withdraw';

/** What the learner may do about a policy entry, by its lawful basis and their standing. */
function actionsFor(entry: PolicyEntry): ActionKind[] {
  if (entry.because === 'credential-revoked') return [];
  switch (entry.why.lawfulBasis) {
    case 'consent':
      return entry.because === 'granted' && entry.grantId ? ['change', 'revoke'] : ['grant'];
    case 'legitimate-interest':
    case 'contract':
    case 'public-task':
      return entry.because === 'objected' && entry.objectionId ? ['withdraw'] : ['object'];
    case 'legal-obligation':
      return [];
  }
}

interface Pending {
  kind: ActionKind;
  entry: PolicyEntry;
}

/** Checkboxes to give less than a policy asks (fewer verbs, fewer activity prefixes) and an end date. */
interface Narrowing {
  verbs: string[] | undefined;
  activityPrefixes: string[] | undefined;
  /** yyyy-mm-dd, '' for none. */
  until: string;
}

function NarrowFields(props: { scope: Scope; value: Narrowing; onChange: (n: Narrowing) => void }) {
  const { t } = useTranslation();
  const { scope, value, onChange } = props;
  const choices = (
    key: 'verbs' | 'activityPrefixes',
    legend: string,
    options: string[] | undefined,
    label: (o: string) => string,
  ) => {
    // One option leaves nothing to choose: giving less would be giving nothing.
    if (!options || options.length < 2) return null;
    const chosen = value[key] ?? options;
    return (
      <fieldset>
        <legend>{legend}</legend>
        {options.map((o) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(o)}
              onChange={(e) =>
                onChange({
                  ...value,
                  [key]: e.target.checked
                    ? options.filter((x) => x === o || chosen.includes(x))
                    : chosen.filter((x) => x !== o),
                })
              }
            />
            {label(o)}
          </label>
        ))}
      </fieldset>
    );
  };
  return (
    <fieldset className="narrow-grant">
      <legend>{t('consentActions.narrowLegend')}</legend>
      {choices('activityPrefixes', t('consentActions.narrowActivities'), scope.activityPrefixes, (o) => o)}
      {choices('verbs', t('consentActions.narrowVerbs'), scope.verbs, verbName)}
      <div className="field">
        <label htmlFor="grant-until">{t('consentActions.until')}</label>
        <input
          id="grant-until"
          type="date"
          aria-describedby="grant-until-hint"
          value={value.until}
          onChange={(e) => onChange({ ...value, until: e.target.value })}
        />
        <p id="grant-until-hint" className="hint">
          {t('consentActions.untilHint')}
        </p>
      </div>
    </fieldset>
  );
}

/** The grant to ask for, or why it cannot be asked for yet. */
function grantBody(policyId: string, n: Narrowing): GrantBody | 'need-one' | 'past' {
  if (n.verbs?.length === 0 || n.activityPrefixes?.length === 0) return 'need-one';
  const body: GrantBody = { policyId };
  if (n.until) {
    // Through the whole chosen day, in the learner's time zone.
    const end = new Date(`${n.until}T00:00:00`);
    end.setDate(end.getDate() + 1);
    if (Number.isNaN(end.getTime()) || end.getTime() <= Date.now()) return 'past';
    body.expiresAt = end.toISOString();
  }
  if (n.verbs || n.activityPrefixes) {
    body.scope = {
      ...(n.verbs && { verbs: n.verbs }),
      ...(n.activityPrefixes && { activityPrefixes: n.activityPrefixes }),
    };
  }
  return body;
}

export function ReceiptCard({ receipt }: { receipt: ConsentReceipt }) {
  const { t } = useTranslation();
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <article className="receipt">
      <p className="receipt-status">{t(`receipt.status.${receipt.status}`)}</p>
      <dl>
        <dt>{t('receipt.number')}</dt>
        <dd>
          <code>{receipt.receiptId}</code>
        </dd>
        <dt>{t('receipt.date')}</dt>
        <dd>
          <time dateTime={receipt.timestamp}>{date.format(new Date(receipt.timestamp))}</time>
        </dd>
        <dt>{t('receipt.purpose')}</dt>
        <dd>{receipt.purpose.text}</dd>
        <dt>{t('receipt.policy')}</dt>
        <dd>{t('receipt.policyVersion', { id: receipt.policy.id, version: receipt.policy.version })}</dd>
        {receipt.actedBy?.as === 'guardian' && (
          <>
            <dt>{t('receipt.actedBy')}</dt>
            <dd>{t('receipt.byGuardian')}</dd>
          </>
        )}
        {receipt.record.type === 'grant' && (
          <>
            <dt>{t('receipt.expiry')}</dt>
            <dd>{receipt.expiry ? date.format(new Date(receipt.expiry)) : t('receipt.noExpiry')}</dd>
          </>
        )}
      </dl>
      <button
        type="button"
        className="secondary"
        onClick={() => saveJson(`consent-receipt-${receipt.receiptId}.json`, receipt)}
      >
        {t('receipt.download', { number: receipt.receiptId.slice(0, 8) })}
      </button>
    </article>
  );
}

function PolicyCard(props: { entry: PolicyEntry; onAction: (p: Pending) => void }) {
  const { t } = useTranslation();
  const whoName = useWhoName();
  const { entry } = props;
  const labels: Record<ActionKind, string> = {
    grant: t('consentActions.grant'),
    change: t('consentActions.change'),
    revoke: t('consentActions.revoke'),
    object: t('consentActions.object'),
    withdraw: t('consentActions.withdraw'),
  };
  const actions = actionsFor(entry);
  return (
    <article className="access">
      <h3>{whoName(entry.who)}</h3>
      <dl>
        <dt>{t('whoCanSee.purposeLabel')}</dt>
        <dd>
          <q>{entry.why.purpose.text}</q>
          <span className="hint"> {t('whoCanSee.versionLabel', { version: entry.why.version })}</span>
        </dd>
        <dt>{t('whoCanSee.basisLabel')}</dt>
        <dd>{t(`whoCanSee.basis.${entry.why.lawfulBasis}`)}</dd>
        <WhatAndStanding entry={entry} />
      </dl>
      {actions.length > 0 && (
        <div className="buttons">
          {actions.map((kind) => (
            <button
              key={kind}
              type="button"
              className={kind === 'revoke' || kind === 'object' ? 'secondary' : undefined}
              onClick={() => props.onAction({ kind, entry })}
            >
              {labels[kind]}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}

export function WhoCanSeePage() {
  const { t } = useTranslation();
  const whoName = useWhoName();
  const { session } = useSession();
  const token = session?.token ?? '';
  const queries = useQueryClient();
  const access = useQuery({
    queryKey: ['effective-access', session?.personId],
    queryFn: () => effectiveAccess(token),
    enabled: !!session,
  });
  const requests = useQuery({
    queryKey: ['consent-requests', session?.personId],
    queryFn: () => consentRequests(token),
    enabled: !!session,
  });
  const [pending, setPending] = useState<Pending>();
  const [narrowing, setNarrowing] = useState<Narrowing>({
    verbs: undefined,
    activityPrefixes: undefined,
    until: '',
  });
  const [formProblem, setFormProblem] = useState<'need-one' | 'past'>();
  const [receipts, setReceipts] = useState<ConsentReceipt[]>([]);
  const receiptsHeading = useRef<HTMLHeadingElement>(null);

  const change = useMutation({
    mutationFn: async (p: Pending): Promise<ConsentReceipt[]> => {
      const { entry } = p;
      switch (p.kind) {
        case 'revoke':
          return [await revokeGrant(token, entry.grantId ?? '')];
        case 'object':
          return [await object(token, entry.why.policyId)];
        case 'withdraw':
          return [await withdrawObjection(token, entry.objectionId ?? '')];
        case 'grant':
        case 'change': {
          const body = grantBody(entry.why.policyId, narrowing);
          if (typeof body === 'string') throw new Error(body);
          // Giving less: one active grant per policy, so the current one goes first (less access if
          // the new grant then fails, never more).
          const revoked = p.kind === 'change' ? [await revokeGrant(token, entry.grantId ?? '')] : [];
          return [await grant(token, body), ...revoked];
        }
      }
    },
    onSuccess: (made) => {
      setReceipts((r) => [...made, ...r]);
      setPending(undefined);
      void queries.invalidateQueries({ queryKey: ['effective-access'] });
      void queries.invalidateQueries({ queryKey: ['consent-requests'] });
      void queries.invalidateQueries({ queryKey: ['my-access-log'] });
    },
    onError: () => {
      // A 'change' may have revoked before its grant failed: show the truth.
      void queries.invalidateQueries({ queryKey: ['effective-access'] });
    },
  });

  // After a change, the receipt is where the learner is taken (the dialog and its button may be gone).
  useEffect(() => {
    if (receipts.length > 0) receiptsHeading.current?.focus();
  }, [receipts.length]);

  const open = (p: Pending) => {
    const policy = requests.data?.find((r) => r.policy.id === p.entry.why.policyId);
    const current =
      p.kind === 'change' && typeof p.entry.what.statements === 'object'
        ? p.entry.what.statements
        : undefined;
    setNarrowing({
      verbs: current?.verbs && policy?.policy.scope.verbs ? current.verbs : undefined,
      activityPrefixes:
        current?.activityPrefixes && policy?.policy.scope.activityPrefixes
          ? current.activityPrefixes
          : undefined,
      until: '',
    });
    setFormProblem(undefined);
    change.reset();
    setPending(p);
  };

  const confirm = () => {
    if (!pending) return;
    if (pending.kind === 'grant' || pending.kind === 'change') {
      const body = grantBody(pending.entry.why.policyId, narrowing);
      if (typeof body === 'string') {
        setFormProblem(body);
        return;
      }
    }
    setFormProblem(undefined);
    change.mutate(pending);
  };

  const entries = access.data ?? [];
  const self = entries.filter((e) => e.who.kind === 'self');
  const systems = entries.filter((e) => e.why.kind === 'xapi-scope');
  const policies = entries.filter(isPolicy);

  const errorText = (() => {
    if (formProblem) {
      return t(formProblem === 'past' ? 'consentActions.untilPast' : 'consentActions.narrowNeedOne');
    }
    const err = change.error;
    if (!err) return undefined;
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
      return t('consentActions.failed', { message: err.message });
    }
    return t('app.error');
  })();

  return (
    <>
      <PageTitle>{t('whoCanSee.title')}</PageTitle>
      <p>{t('whoCanSee.intro')}</p>
      {receipts.length > 0 && (
        <section aria-labelledby="receipts-heading" className="receipts">
          <h2 id="receipts-heading" ref={receiptsHeading} tabIndex={-1}>
            {t('receipt.heading')}
          </h2>
          <p className="hint">{t('receipt.keep')}</p>
          {receipts.map((r) => (
            <ReceiptCard key={r.receiptId} receipt={r} />
          ))}
        </section>
      )}
      <QueryStatus query={access} />
      {access.isSuccess && (
        <>
          <section aria-labelledby="you-heading">
            <h2 id="you-heading">{t('whoCanSee.youHeading')}</h2>
            {self.map((entry, i) => (
              <article className="access" key={`self-${i}`}>
                <p>{t('whoCanSee.why.self')}</p>
                <Standing entry={entry} />
                {entry.who.kind === 'self' && entry.who.identifiers && entry.who.identifiers.length > 0 && (
                  <>
                    <p>{t('whoCanSee.identifiers')}</p>
                    <ul>
                      {entry.who.identifiers.map((id) => (
                        <li key={`${identifierText(id.agent)}-${id.linkedAt}`}>
                          <code>{identifierText(id.agent)}</code>{' '}
                          <span className="hint">
                            {t('whoCanSee.identifierLinked', {
                              date: new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium' }).format(
                                new Date(id.linkedAt),
                              ),
                            })}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </article>
            ))}
          </section>
          <section aria-labelledby="systems-heading">
            <h2 id="systems-heading">{t('whoCanSee.systemsHeading')}</h2>
            <p>{t('whoCanSee.systemsIntro')}</p>
            {systems.length === 0 && <p>{t('whoCanSee.systemsNone')}</p>}
            {systems.map((entry) => (
              <article
                className="access"
                key={entry.who.kind === 'credential' ? entry.who.id : whoName(entry.who)}
              >
                <h3>{whoName(entry.who)}</h3>
                <dl>
                  <dt>{t('whoCanSee.whyLabel')}</dt>
                  <dd>
                    {entry.why.kind === 'xapi-scope' && t('whoCanSee.why.scope', { scope: entry.why.scope })}
                  </dd>
                  <WhatAndStanding entry={entry} />
                </dl>
              </article>
            ))}
          </section>
          <section aria-labelledby="policies-heading">
            <h2 id="policies-heading">{t('whoCanSee.policiesHeading')}</h2>
            <p>{t('whoCanSee.policiesIntro')}</p>
            {policies.length === 0 && <p>{t('whoCanSee.policiesNone')}</p>}
            {policies.map((entry) => (
              <PolicyCard key={entry.why.policyId} entry={entry} onAction={open} />
            ))}
          </section>
        </>
      )}
      {pending && (
        <ActionDialog
          pending={pending}
          who={whoName(pending.entry.who)}
          scope={requests.data?.find((r) => r.policy.id === pending.entry.why.policyId)?.policy.scope}
          narrowing={narrowing}
          onNarrow={setNarrowing}
          busy={change.isPending}
          error={errorText}
          onConfirm={confirm}
          onCancel={() => setPending(undefined)}
        />
      )}
    </>
  );
}

function ActionDialog(props: {
  pending: Pending;
  who: string;
  /** The policy's whole scope, for a grant (from the consent requests). */
  scope: Scope | undefined;
  narrowing: Narrowing;
  onNarrow: (n: Narrowing) => void;
  busy: boolean;
  error: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { kind, entry } = props.pending;
  const values = { who: props.who, purpose: entry.why.purpose.text };
  const granting = kind === 'grant' || kind === 'change';
  const scope = props.scope ?? (typeof entry.what.statements === 'object' ? entry.what.statements : {});
  return (
    <ConfirmDialog
      title={t(`consentActions.${kind}Title`)}
      consequence={
        <>
          <p>{t(`consentActions.${kind}Consequence`, values)}</p>
          {granting && (
            <WhatTheyCanSee what={{ statements: scope, redactedFields: entry.what.redactedFields }} />
          )}
        </>
      }
      confirmLabel={t(`consentActions.${kind}Confirm`)}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
      busy={props.busy}
      error={props.error}
      focusCancel={!granting}
    >
      {granting && <NarrowFields scope={scope} value={props.narrowing} onChange={props.onNarrow} />}
    </ConfirmDialog>
  );
}
