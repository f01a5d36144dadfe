// The bus is no back door (ADR 0006): what a client that reaches NATS but is no Custos part gets when it names a
// principal of its own making. Reusable: the distributed e2e runs it over the open NATS of the machine, and the
// same checks run over a NATS server with per-part authentication, given a connection that may publish there.
import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

import { accessFilterFor, abilityWithoutPolicies } from '@custos/authz';
import type { CredentialPrincipalV1, Part } from '@custos/contracts';
import { PrincipalAssertions } from '@custos/messaging';
import type { Cluster } from '@custos/testing';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type pg from 'pg';

export interface ForgedCheck {
  /** What was sent. */
  case: 'missing' | 'forged' | 'expired' | 'retargeted-ingest' | 'retargeted-consent' | 'mismatch';
  /** The status the query part answered (an error code), or 200 if it answered with data. */
  status: number;
  /** Statements the reply held (0 for a refusal). */
  statements: number;
  /** The reason of the security record found in the tenant's chain, if one was found. */
  recorded?: string;
  ok: boolean;
}

const EXPECTED: Record<ForgedCheck['case'], { status: number; reason: string }> = {
  missing: { status: 401, reason: 'missing' },
  forged: { status: 401, reason: 'forged' },
  expired: { status: 401, reason: 'expired' },
  'retargeted-ingest': { status: 403, reason: 'retargeted' },
  'retargeted-consent': { status: 403, reason: 'retargeted' },
  mismatch: { status: 403, reason: 'mismatch' },
};

/** The made-up principal of the incident: a credential of the tenant's with every scope. */
export const madeUpPrincipal = (tenantId: string): CredentialPrincipalV1 => ({
  kind: 'credential',
  tenantId,
  credentialId: randomUUID(),
  key: 'intruder',
  scopes: ['all'],
  authority: { objectType: 'Agent', account: { homePage: 'https://intruder.example', name: 'intruder' } },
});

const decoder = new TextDecoder();

/** Sends `query.v1.statements.find` for `principal` with `assertion` (if any) as a raw NATS client. */
async function find(
  nc: NatsConnection,
  namespace: string,
  principal: CredentialPrincipalV1,
  assertion: string | undefined,
  requestId: string,
): Promise<{ status: number; statements: number }> {
  const h = headers();
  h.set('Custos-Request-Id', requestId);
  if (assertion) h.set('Custos-Principal', assertion);
  const body = { principal, version: '2.0.0', params: {}, acceptLanguages: [] };
  try {
    const reply = await nc.request(
      `${namespace}.query.v1.statements.find`,
      new TextEncoder().encode(JSON.stringify(body)),
      { timeout: 10_000, headers: h },
    );
    const code = reply.headers?.get('Nats-Service-Error-Code');
    const data = JSON.parse(decoder.decode(reply.data)) as { statements?: unknown[]; statement?: unknown };
    return {
      status: code ? Number(code) : 200,
      statements: data.statements?.length ?? (data.statement ? 1 : 0),
    };
  } catch (err) {
    // Refused by the NATS server itself (no permission to publish, so no responder): nothing was answered.
    return { status: /permission|no responders/i.test((err as Error).message) ? 403 : 503, statements: 0 };
  }
}

/** The reason of the `principal.refused` record of `requestId` in the tenant's chain, waiting up to 10 s. */
async function recordedReason(db: pg.Pool, tenantId: string, requestId: string): Promise<string | undefined> {
  const until = Date.now() + 10_000;
  for (;;) {
    const { rows } = await db.query<{ reason: string; decision: string }>(
      `SELECT reason, decision FROM storage.audit_record
        WHERE tenant_id = $1 AND action = 'principal.refused' AND request_id = $2`,
      [tenantId, requestId],
    );
    if (rows[0]) return rows[0].decision === 'deny' ? rows[0].reason : `decision ${rows[0].decision}`;
    if (Date.now() > until) return undefined;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Sends `query.v1.statements.find` for a made-up principal of `tenantId` over `nc`: with no assertion, a forged
 * one (another key), an expired one, one made for ingest or consent, and a genuine one whose principal was
 * widened afterwards. Each must be refused (401/403, no statements) and leave a `principal.refused` record in
 * the tenant's chain (`db`: the installation's database). Expired and re-targeted assertions are signed with
 * the cluster's real key (`CUSTOS_PRINCIPAL_SIGNING_KEY` of its environment): genuine, but not for this use.
 */
export async function checkForgedPrincipals(
  cluster: Pick<Cluster, 'namespace' | 'env'>,
  nc: NatsConnection,
  options: { db: pg.Pool; tenantId: string },
): Promise<ForgedCheck[]> {
  const pem = cluster.env.CUSTOS_PRINCIPAL_SIGNING_KEY;
  if (!pem) throw new Error("the cluster's environment holds no CUSTOS_PRINCIPAL_SIGNING_KEY");
  const real = new PrincipalAssertions({ signingKey: createPrivateKey(pem), verifyKeys: [], ttlSeconds: 60 });
  const other = new PrincipalAssertions({
    signingKey: generateKeyPairSync('ed25519').privateKey,
    verifyKeys: [],
    ttlSeconds: 60,
  });
  const principal = madeUpPrincipal(options.tenantId);
  const signed = (by: PrincipalAssertions, audience: Part, extra: { at?: number } = {}) =>
    by.sign(principal, audience, extra);
  const attempts: [ForgedCheck['case'], CredentialPrincipalV1, string | undefined][] = [
    ['missing', principal, undefined],
    ['forged', principal, await signed(other, 'query')],
    ['expired', principal, await signed(real, 'query', { at: Date.now() - 10 * 60_000 })],
    ['retargeted-ingest', principal, await signed(real, 'ingest')],
    ['retargeted-consent', principal, await signed(real, 'consent')],
    // Genuine for a credential with one scope, sent with every scope.
    ['mismatch', principal, await real.sign({ ...principal, scopes: ['statements/read/mine'] }, 'query')],
  ];
  const checks: ForgedCheck[] = [];
  for (const [name, sent, assertion] of attempts) {
    const requestId = `forged-${name}-${randomBytes(4).toString('hex')}`;
    const answer = await find(nc, cluster.namespace, sent, assertion, requestId);
    const recorded = await recordedReason(options.db, options.tenantId, requestId);
    const expected = EXPECTED[name];
    checks.push({
      case: name,
      ...answer,
      ...(recorded !== undefined && { recorded }),
      ok: answer.status === expected.status && answer.statements === 0 && recorded === expected.reason,
    });
  }
  return checks;
}

/** One line per check, for a test's output and the closing note. */
export const formatForgedChecks = (checks: ForgedCheck[]): string =>
  checks
    .map(
      (c) =>
        `${c.ok ? 'refused' : 'NOT REFUSED'}  ${c.case.padEnd(18)} status ${c.status}  statements ${c.statements}` +
        `  record ${c.recorded ?? 'none'}`,
    )
    .join('\n');

/**
 * Sends `storage.v1.statements.read` with a forged access filter (every statement of the tenant) over `nc`. Storage
 * takes a filter only from a caller holding query's NATS identity (ADR 0006): with per-part NATS
 * authentication, a connection that is not query's must get no statements. Returns how many it got (0 when
 * refused) and how it was refused.
 */
export async function sendForgedFilter(
  cluster: Pick<Cluster, 'namespace'>,
  nc: NatsConnection,
  tenantId: string,
): Promise<{ statements: number; refusedBy: string }> {
  const principal = madeUpPrincipal(tenantId);
  const accessFilter = accessFilterFor(abilityWithoutPolicies(principal), 'read', 'Statement');
  const body = {
    tenantId,
    accessFilter,
    query: { relatedActivities: false, relatedAgents: false, limit: 10, ascending: false },
    audit: {
      principalId: principal.credentialId,
      principalKind: 'credential',
      action: 'statements.read',
      query: {},
    },
  };
  try {
    const reply = await nc.request(
      `${cluster.namespace}.storage.v1.statements.read`,
      new TextEncoder().encode(JSON.stringify(body)),
      { timeout: 5_000 },
    );
    const code = reply.headers?.get('Nats-Service-Error-Code');
    if (code) return { statements: 0, refusedBy: `storage (${code})` };
    const data = JSON.parse(decoder.decode(reply.data)) as { statements?: unknown[] };
    return { statements: data.statements?.length ?? 0, refusedBy: 'nobody' };
  } catch (err) {
    return { statements: 0, refusedBy: `NATS (${(err as Error).message})` };
  }
}
