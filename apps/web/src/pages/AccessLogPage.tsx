// Who looked at my records: the learner's access log (GET /api/v1/me/access-log), newest first —
// who, when, what they did and under which rule — and the browser's own check that each entry is in the
// institution's signed log (../access-log/proofs.ts).
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import { itemsShown } from '../access-log/items';
import {
  canCheckProofs,
  type EntryCheck,
  entryCheck,
  type TreeHead,
  verifyTreeHead,
} from '../access-log/proofs';
import { type AccessLogEntry, type AccessLogPage as Page, accessLogPage, cursorOf } from '../api/client';
import { LazyBarChart } from '../charts/lazy';
import { bin } from '../charts/bins';
import { formatLocale } from '../i18n';
import { useSession } from '../session/session';
import { PageTitle } from './PageTitle';
import { QueryStatus } from './QueryError';
import { Table } from '../components/Table';

const KNOWN_ACTIONS = [
  'statements.read',
  'statements.forward',
  'statements.write',
  'agents.read',
  'activities.read',
  'documents.read',
  'access-log.read',
  'export',
  'explain',
  'person.create',
  'person.update',
  'agent.link',
  'agent.unlink',
  'grant.create',
  'grant.revoke',
  'login.failure',
] as const;
/** Actions named in the accessLogActions section of the catalogues. */
const MORE_ACTIONS = ['objection.create', 'objection.withdraw', 'login.unlock'] as const;
const PRINCIPAL_KINDS = ['credential', 'person', 'system', 'anonymous'] as const;

function who(entry: AccessLogEntry, t: TFunction, personId: string | undefined): string {
  const { id, kind, name } = entry.principal;
  if (id && id === personId) return t('accessLog.principal.you');
  // The log names staff and credentials; another learner is never identified (the API says so).
  if (name === 'another learner') return t('accessLog.principal.anotherLearner');
  const kindLabel = (PRINCIPAL_KINDS as readonly string[]).includes(kind ?? '')
    ? t(`accessLog.principal.${kind as (typeof PRINCIPAL_KINDS)[number]}`)
    : t('accessLog.principal.unknown');
  return name ? `${name} (${kindLabel.toLowerCase()})` : kindLabel;
}

/** What they did, and how many items when the entry says (see ../access-log/items.ts). */
function What({ entry }: { entry: AccessLogEntry }) {
  const { t } = useTranslation();
  const known = (KNOWN_ACTIONS as readonly string[]).includes(entry.action);
  const more = (MORE_ACTIONS as readonly string[]).includes(entry.action);
  const action = known
    ? t(`accessLog.action.${entry.action as (typeof KNOWN_ACTIONS)[number]}`)
    : more
      ? t(`accessLogActions.${entry.action as (typeof MORE_ACTIONS)[number]}`)
      : t('accessLog.action.other', { action: entry.action });
  const items = itemsShown(entry.count);
  switch (items.kind) {
    case 'count':
      return <>{`${action} · ${t('accessLog.items', { count: items.count })}`}</>;
    case 'none':
      return <>{action}</>;
    case 'hidden':
      return (
        <>
          {action}
          <span className="count-hidden">{t('learnerCharts.countHiddenMark')}</span>
        </>
      );
  }
}

/** Accesses per month of the entries loaded so far. */
function AccessesPerMonth({ entries }: { entries: AccessLogEntry[] }) {
  const { t } = useTranslation();
  const bins = bin(
    entries.map((e) => new Date(e.at)),
    'month',
  );
  if (bins.length === 0) return null;
  return (
    <LazyBarChart
      title={t('learnerCharts.accessTitle')}
      note={t('learnerCharts.accessNote')}
      bins={bins}
      unit="month"
      showUnit={false}
      valueLabel={t('learnerCharts.accesses')}
    />
  );
}

function why(entry: AccessLogEntry, t: TFunction): string {
  if (entry.basis.length === 0) return t('accessLog.basis.none');
  return entry.basis
    .map((rule) => {
      switch (rule.kind) {
        case 'self':
          return t('accessLog.basis.self');
        case 'scope':
          return t('accessLog.basis.scope', { scope: String(rule.scope) });
        case 'own-writes':
          return t('accessLog.basis.own-writes');
        case 'policy':
          return t('accessLog.basis.policy', { version: String(rule.version) });
        case 'role':
          return t('accessLog.basis.role', { role: String(rule.role) });
        default:
          return t('accessLog.basis.other');
      }
    })
    .join('; ');
}

/**
 * Each page's tree head checked against the key it came with (WebCrypto's Ed25519 is async), once per head:
 * by signature, whether it verified; undefined while checking. A head without a key is not verified.
 */
function useSignedHeads(pages: readonly Page[], checkable: boolean): Map<string, boolean | undefined> {
  const heads = new Map<string, { head: TreeHead; pem: string | undefined }>();
  for (const page of pages) {
    if (page.treeHead && checkable) {
      heads.set(page.treeHead.signature, { head: page.treeHead, pem: page.publicKeyPem });
    }
  }
  const checks = useQueries({
    queries: [...heads.values()].map(({ head, pem }) => ({
      queryKey: ['tree-head-signature', head, pem],
      queryFn: () => (pem ? verifyTreeHead(head, pem) : Promise.resolve(false)),
      staleTime: Infinity,
    })),
  });
  return new Map([...heads.keys()].map((signature, i) => [signature, checks[i]?.data]));
}

const PROOF_MARK: Record<EntryCheck, string> = {
  verified: '✓',
  failed: '✗',
  'not-in-head': '○',
  checking: '…',
  unavailable: '–',
};
const PROOF_LABEL = {
  verified: 'accessLog.proof.verified',
  failed: 'accessLog.proof.failed',
  'not-in-head': 'accessLog.proof.notInHead',
  checking: 'accessLog.proof.checking',
  unavailable: 'accessLog.proof.unavailable',
} as const;

/** The verdict over the entries shown: a failed check is an alert, never a quiet marker alone. */
function ProofSummary({
  checks,
  newest,
  headFailed,
}: {
  checks: EntryCheck[];
  newest: TreeHead | undefined;
  headFailed: boolean;
}) {
  const { t } = useTranslation();
  if (checks.includes('unavailable')) {
    return <p role="status">{t('accessLog.proof.unavailableHere')}</p>;
  }
  const failed = checks.filter((c) => c === 'failed').length;
  if (headFailed || failed > 0) {
    return (
      <div role="alert" className="proof-summary failed">
        <p>
          <strong>{t('accessLog.proof.failedTitle')}</strong>
        </p>
        {headFailed && <p>{t('accessLog.proof.failedHead')}</p>}
        {failed > 0 && <p>{t('accessLog.proof.failedEntries', { count: failed })}</p>}
        <p>{t('accessLog.proof.failedAdvice')}</p>
      </div>
    );
  }
  if (checks.includes('checking')) return <p role="status">{t('accessLog.proof.checking')}</p>;
  if (checks.includes('verified') && newest?.treeSize) {
    const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
    return (
      <div role="status" className="proof-summary verified">
        <p>
          {t('accessLog.proof.summary', {
            count: Number(newest.treeSize),
            date: date.format(new Date(newest.at)),
          })}
        </p>
        <p className="hint">{t('accessLog.proof.explain', { keyId: newest.publicKeyId })}</p>
      </div>
    );
  }
  if (checks.length > 0) return <p className="hint">{t('accessLog.proof.noHead')}</p>;
  return null;
}

export function AccessLogPage() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const token = session?.token ?? '';
  const query = useInfiniteQuery({
    queryKey: ['my-access-log', session?.personId],
    queryFn: ({ pageParam }) => accessLogPage(token, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => cursorOf(page.next),
    enabled: !!session,
  });
  const pages = query.data?.pages ?? [];
  const entries = pages.flatMap((p) => p.entries);
  const checkable = canCheckProofs();
  const signed = useSignedHeads(pages, checkable);
  // Each entry is checked against the tree head of the page it came with (a later page may bring a newer head).
  const checks = pages.flatMap((p) =>
    p.entries.map((e) =>
      entryCheck(e.proof, p.treeHead, p.treeHead ? signed.get(p.treeHead.signature) : undefined, checkable),
    ),
  );
  const headFailed = [...signed.values()].includes(false);
  const when = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  const someCountHidden = entries.some((e) => itemsShown(e.count).kind === 'hidden');

  return (
    <>
      <PageTitle>{t('accessLog.title')}</PageTitle>
      <p>{t('accessLog.intro')}</p>
      <QueryStatus query={query} empty={query.isSuccess && entries.length === 0 && t('accessLog.empty')} />
      {entries.length > 0 && (
        <ProofSummary checks={checks} newest={pages[0]?.treeHead} headFailed={headFailed} />
      )}
      {entries.length > 0 && <AccessesPerMonth entries={entries} />}
      {entries.length > 0 && (
        <div className="table-wrap">
          <Table
            caption={t('accessLog.caption')}
            columns={[
              t('accessLog.when'),
              t('accessLog.who'),
              t('accessLog.what'),
              t('accessLog.why'),
              t('accessLog.outcome'),
              t('accessLog.checked'),
            ]}
            lang={i18n.resolvedLanguage}
            bare
          >
            {entries.map((entry, i) => (
              <tr key={`${entry.at}-${i}`}>
                <td>
                  <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time>
                </td>
                <td>{who(entry, t, session?.personId)}</td>
                <td>
                  <What entry={entry} />
                </td>
                <td>{why(entry, t)}</td>
                <td className={entry.decision === 'allow' ? 'allowed' : 'denied'}>
                  {entry.decision === 'allow' ? t('accessLog.allowed') : t('accessLog.denied')}
                </td>
                <td className={`proof ${checks[i]}`}>
                  <span aria-hidden="true">{PROOF_MARK[checks[i] ?? 'checking']}</span>{' '}
                  {t(PROOF_LABEL[checks[i] ?? 'checking'])}
                </td>
              </tr>
            ))}
          </Table>
          {someCountHidden && <p className="hint">{t('learnerCharts.countHidden')}</p>}
        </div>
      )}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? t('app.loading') : t('accessLog.more')}
        </button>
      )}
    </>
  );
}
