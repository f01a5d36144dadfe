// Is the audit log whole (docs/audit.md "Verifying the log"): the verification's verdict (GET /api/v1/audit/verify),
// naming the first broken record; the latest signed checkpoint (GET /api/v1/audit/checkpoints) and a button to
// sign one now (POST); a consistency check, in the browser, from a tree head the auditor kept to the newest
// (GET /api/v1/audit/proof?from=…, src/access-log/proofs.ts); the public key (GET /api/v1/audit/public-key) to copy
// or download and keep outside Custos.
import './audit-console.css';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import {
  checkConsistency,
  type ConsistencyProblem,
  parseTreeHead,
  type TreeHead,
} from '../../access-log/proofs';
import { formatLocale } from '../../i18n';
import { PageTitle } from '../../pages/PageTitle';
import { QueryError, QueryStatus } from '../../pages/QueryError';
import { useSession } from '../../session/session';
import { saveFile } from '../../utils/download';
import {
  type Checkpoint,
  consistencyProof,
  latestCheckpoint,
  publicKey,
  signCheckpoint,
  verifyLog,
} from './api';

function Verification({ token }: { token: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () => verifyLog(token),
    // A verdict is about the moment it was given: each visit and each button press asks again.
    staleTime: 0,
    gcTime: 0,
  });
  const number = new Intl.NumberFormat(formatLocale());
  const time = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
  const v = query.data;
  return (
    <section aria-labelledby="verify-title" className="integrity">
      <h2 id="verify-title">{t('auditor.integrity.verify.title')}</h2>
      <div role="status" aria-live="polite">
        {query.isFetching && <p>{t('auditor.integrity.verify.running')}</p>}
        {!query.isFetching && v?.ok && (
          <p className="verdict ok">
            {v.checked === 0
              ? t('auditor.integrity.verify.okEmpty')
              : t('auditor.integrity.verify.ok', {
                  count: v.checked,
                  start: number.format(Number(v.startSeq ?? 1)),
                  head: number.format(Number(v.headSeq ?? v.checked)),
                })}
          </p>
        )}
        {!query.isFetching && v && !v.ok && v.firstBroken && (
          <div className="verdict broken">
            <p>
              <strong>
                {t('auditor.integrity.verify.broken', { seq: number.format(Number(v.firstBroken.seq)) })}
              </strong>
            </p>
            <p>
              {t('auditor.integrity.verify.reason')}{' '}
              {/* The server's words, in English whatever the page's language. */}
              <q lang="en">{v.firstBroken.reason}</q>
            </p>
          </div>
        )}
      </div>
      {v && !query.isFetching && (
        <>
          {v.checkpoints?.total === 0 && <p>{t('auditor.integrity.verify.noCheckpoints')}</p>}
          {!!v.checkpoints?.total && v.signatures === 'checked' && (
            <p>
              {t('auditor.integrity.verify.signaturesChecked', {
                valid: number.format(v.checkpoints.valid),
                total: number.format(v.checkpoints.total),
              })}
              {v.checkpoints.unchecked > 0 && (
                <> {t('auditor.integrity.verify.unchecked', { count: v.checkpoints.unchecked })}</>
              )}
            </p>
          )}
          {v.signatures === 'not-checked' && <p>{t('auditor.integrity.verify.signaturesNotChecked')}</p>}
          {v.checkpoints && v.checkpoints.problems.length > 0 && (
            <>
              <h3>{t('auditor.integrity.verify.problems')}</h3>
              <ul>
                {v.checkpoints.problems.map((p) => (
                  <li key={`${p.seq}-${p.kind}`}>
                    {t('auditor.integrity.verify.problem', {
                      seq: number.format(Number(p.seq)),
                      problem: t(`auditor.integrity.verify.problemKind.${p.problem}`),
                    })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="count">
            {t('auditor.integrity.verify.checkedAt', { time: time.format(query.dataUpdatedAt) })}
          </p>
        </>
      )}
      {query.error && <QueryError error={query.error} />}
      <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
        {t('auditor.integrity.verify.again')}
      </button>
    </section>
  );
}

function saveCheckpoint(checkpoint: Checkpoint) {
  saveFile(
    `custos-checkpoint-${checkpoint.tenantId}-${checkpoint.seq}.json`,
    new Blob([`${JSON.stringify(checkpoint)}\n`], { type: 'application/json' }),
  );
}

function LatestCheckpoint({ token }: { token: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const query = useQuery({ queryKey: ['audit-checkpoint'], queryFn: () => latestCheckpoint(token) });
  const sign = useMutation({
    mutationFn: () => signCheckpoint(token),
    onSuccess: (checkpoint) => queries.setQueryData(['audit-checkpoint'], checkpoint),
  });
  const number = new Intl.NumberFormat(formatLocale());
  const time = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
  const c = query.data;
  return (
    <section aria-labelledby="checkpoint-title" className="integrity">
      <h2 id="checkpoint-title">{t('auditor.integrity.checkpoint.title')}</h2>
      <p>{t('auditor.integrity.checkpoint.intro')}</p>
      <QueryStatus
        query={query}
        empty={query.isSuccess && c === null && t('auditor.integrity.checkpoint.none')}
      />
      {c && (
        <dl className="facts">
          <dt>{t('auditor.integrity.checkpoint.record')}</dt>
          <dd>{number.format(Number(c.seq))}</dd>
          <dt>{t('auditor.integrity.checkpoint.signedAt')}</dt>
          <dd>
            <time dateTime={c.at}>{time.format(new Date(c.at))}</time>
          </dd>
          <dt>{t('auditor.integrity.checkpoint.kind')}</dt>
          <dd>{t(`auditor.integrity.checkpoint.${c.kind}`)}</dd>
          <dt>{t('auditor.integrity.checkpoint.hash')}</dt>
          <dd>
            <code className="id">{c.hash}</code>
          </dd>
          {c.treeSize !== undefined && c.rootHash !== undefined && (
            <>
              <dt>{t('auditor.integrity.checkpoint.treeSize')}</dt>
              <dd>{number.format(Number(c.treeSize))}</dd>
              <dt>{t('auditor.integrity.checkpoint.rootHash')}</dt>
              <dd>
                <code className="id">{c.rootHash}</code>
              </dd>
            </>
          )}
          <dt>{t('auditor.integrity.checkpoint.keyId')}</dt>
          <dd>
            <code>{c.publicKeyId}</code>
          </dd>
        </dl>
      )}
      <div className="actions">
        <button type="button" onClick={() => sign.mutate()} disabled={sign.isPending}>
          {sign.isPending
            ? t('auditor.integrity.checkpoint.requesting')
            : t('auditor.integrity.checkpoint.request')}
        </button>
        {c && (
          <button type="button" className="secondary" onClick={() => saveCheckpoint(c)}>
            {t('auditor.integrity.checkpoint.download')}
          </button>
        )}
      </div>
      <p role="status" className={sign.isError ? 'error' : 'count'}>
        {sign.isSuccess &&
          t('auditor.integrity.checkpoint.requested', { seq: number.format(Number(sign.data.seq)) })}
        {sign.isError && t('auditor.integrity.checkpoint.failed')}
      </p>
    </section>
  );
}

type ConsistencyVerdict =
  { ok: true; kept: TreeHead; newest: TreeHead } | { ok: false; problem: ConsistencyProblem | 'not-json' };

/**
 * Does the newest signed tree head extend one the auditor kept? Custos sends the proof; the browser checks it
 * and both signatures with the public key, so a server that rewrote the log cannot answer "yes".
 */
async function checkKept(token: string, text: string): Promise<ConsistencyVerdict> {
  const kept = parseTreeHead(text);
  if (!kept) return { ok: false, problem: 'not-json' };
  if (kept.treeSize === undefined || kept.rootHash === undefined) {
    return { ok: false, problem: 'kept-not-a-tree-head' };
  }
  const [proof, key] = await Promise.all([consistencyProof(token, kept.treeSize), publicKey(token)]);
  if (!proof.treeHead || !proof.consistency) return { ok: false, problem: 'newest-signature' };
  const problem = await checkConsistency(kept, proof.treeHead, proof.consistency, key.publicKeyPem);
  return problem ? { ok: false, problem } : { ok: true, kept, newest: proof.treeHead };
}

function ConsistencyCheck({ token }: { token: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const check = useMutation({ mutationFn: (kept: string) => checkKept(token, kept) });
  const number = new Intl.NumberFormat(formatLocale());
  const time = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
  const v = check.data;
  return (
    <section aria-labelledby="consistency-title" className="integrity">
      <h2 id="consistency-title">{t('auditor.integrity.consistency.title')}</h2>
      <p>{t('auditor.integrity.consistency.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          check.mutate(text);
        }}
      >
        <div className="field">
          <label htmlFor="kept-head">{t('auditor.integrity.consistency.label')}</label>
          <textarea
            id="kept-head"
            className="pem"
            rows={4}
            value={text}
            onChange={(event) => setText(event.target.value)}
            spellCheck={false}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={check.isPending || text.trim() === ''}>
            {check.isPending
              ? t('auditor.integrity.consistency.checking')
              : t('auditor.integrity.consistency.check')}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {v?.ok && (
          <p className="verdict ok">
            {t('auditor.integrity.consistency.ok', {
              from: number.format(Number(v.kept.treeSize)),
              keptAt: time.format(new Date(v.kept.at)),
              to: number.format(Number(v.newest.treeSize)),
              newAt: time.format(new Date(v.newest.at)),
            })}
          </p>
        )}
      </div>
      {v && !v.ok && (
        <div role="alert" className="verdict broken">
          <p>
            <strong>{t('auditor.integrity.consistency.broken')}</strong>
          </p>
          <p>
            {v.problem === 'not-json'
              ? t('auditor.integrity.consistency.notJson')
              : t(`auditor.integrity.consistency.problem.${v.problem}`)}
          </p>
        </div>
      )}
      {check.error && <QueryError error={check.error} />}
    </section>
  );
}

function PublicKey({ token }: { token: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['audit-public-key'], queryFn: () => publicKey(token) });
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const key = query.data;
  const copyKey = async (pem: string) => {
    try {
      await navigator.clipboard.writeText(pem);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <section aria-labelledby="key-title" className="integrity">
      <h2 id="key-title">{t('auditor.integrity.key.title')}</h2>
      <p>{t('auditor.integrity.key.intro')}</p>
      <QueryStatus query={query} />
      {key && (
        <>
          <dl className="facts">
            <dt>{t('auditor.integrity.key.algorithm')}</dt>
            <dd>{key.algorithm}</dd>
            <dt>{t('auditor.integrity.key.keyId')}</dt>
            <dd>
              <code>{key.publicKeyId}</code>
            </dd>
          </dl>
          <div className="field">
            <label htmlFor="public-key">{t('auditor.integrity.key.pem')}</label>
            <textarea
              id="public-key"
              className="pem"
              readOnly
              rows={key.publicKeyPem.trim().split('\n').length}
              value={key.publicKeyPem}
              spellCheck={false}
            />
          </div>
          <div className="actions">
            <button type="button" onClick={() => void copyKey(key.publicKeyPem)}>
              {t('auditor.integrity.key.copy')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                saveFile(
                  `custos-audit-key-${key.publicKeyId}.pem`,
                  new Blob([key.publicKeyPem], { type: 'application/x-pem-file' }),
                )
              }
            >
              {t('auditor.integrity.key.download')}
            </button>
          </div>
          <p role="status" className={copy === 'failed' ? 'error' : 'count'}>
            {copy === 'copied' && t('auditor.integrity.key.copied')}
            {copy === 'failed' && t('auditor.integrity.key.copyFailed')}
          </p>
        </>
      )}
    </section>
  );
}

export function IntegrityPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!session) return null;
  return (
    <>
      <PageTitle>{t('auditor.integrity.title')}</PageTitle>
      <p>{t('auditor.integrity.intro')}</p>
      <Verification token={session.token} />
      <LatestCheckpoint token={session.token} />
      <ConsistencyCheck token={session.token} />
      <PublicKey token={session.token} />
    </>
  );
}
