// What a forwarding target is sent (docs/flows.md "Forwarding"), as pure functions: the webhook's signature, the
// voiding statements of an erasure, the JSON bodies. The HTTP calls are in forwarding-worker.ts.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying a webhook body's signature: `t=<unix seconds>,sha256=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Custos-Signature';

/** The webhook signature of `body` sent at `timestamp` (unix seconds) under the target's secret. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},sha256=${mac}`;
}

/**
 * How a receiver checks a webhook (also in docs/flows.md): the HMAC over `<t>.<raw body>` with the shared secret,
 * compared in constant time, and `t` within `toleranceSeconds` of its own clock so a captured request cannot be
 * replayed later.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),sha256=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('sha256=')[1]!, 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

/**
 * The id of the statement voiding `statementId` at a target: the same on every attempt (so a retried void is the
 * same statement, a no-op at the receiver), a name-based UUID (version 5 layout) of the target and the statement.
 */
export function voidingIdOf(targetId: string, statementId: string): string {
  const h = createHash('sha1')
    .update(`custos forwarding void:${targetId}:${statementId.toLowerCase()}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** xAPI Data §2.3.2: a statement voiding each of `statementIds`, by this Custos (an account on its public URL). */
export function voidingStatements(
  targetId: string,
  statementIds: string[],
  homePage: string,
  timestamp: string,
): Record<string, unknown>[] {
  return statementIds.map((id) => ({
    id: voidingIdOf(targetId, id),
    actor: {
      objectType: 'Agent',
      name: 'Custos forwarding',
      account: { homePage, name: 'custos-forwarding' },
    },
    verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id },
    timestamp,
  }));
}

/** What a webhook receives: forwarded statements, or the notice of an erasure with its completion record's id. */
export type WebhookEvent =
  | { type: 'statements.forwarded'; targetId: string; statements: Record<string, unknown>[] }
  | { type: 'erasure.completed'; targetId: string; erasureId: string; statementIds: string[] };

/**
 * A statement as another LRS takes it: `stored` and `authority` are the receiving LRS's to set (xAPI Data §2.4.8,
 * §2.4.9), and `version` its own; the id, actor, verb, object, result, context, timestamp and attachments stay.
 */
export function asForwarded(statement: Record<string, unknown>): Record<string, unknown> {
  const { stored: _stored, authority: _authority, version: _version, ...rest } = statement;
  return rest;
}
