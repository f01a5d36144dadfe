// Pseudonymised statements (docs/privacy-operations.md "Write purposes"): the data subjects' identifiers replaced
// by a stable pseudonym, so the statement stays useful in aggregate (the same learner is the same pseudonym across
// statements of the tenant) without identifying them. The pseudonym is an HMAC of the identifier under a key of
// the tenant that never leaves storage, so nobody without it can test an e-mail address against it.
import { createHmac } from 'node:crypto';

import { type Actor, ifiOf, type Statement } from '@custos/xapi';

/** The homePage of every pseudonym account: reserved for Custos (RFC 2606 .invalid), never a real system's. */
export const PSEUDONYM_HOME_PAGE = 'https://pseudonym.custos.invalid/';

/** The pseudonym of a canonical IFI (ifiOf) in a tenant. */
export const pseudonymOf = (key: Buffer, tenantId: string, ifi: string): string =>
  createHmac('sha256', key).update(`write-purpose:${tenantId}:${ifi}`).digest('hex');

const IDENTIFYING = new Set(['name', 'mbox', 'mbox_sha1sum', 'openid', 'account']);

function pseudonymAgent(key: Buffer, tenantId: string, agent: Actor): Actor {
  const ifi = ifiOf(agent);
  // Every identifying property goes: the IFI, and the name people would recognise.
  const kept = Object.entries(agent).filter(([k]) => !IDENTIFYING.has(k) && k !== 'member');
  const out: Record<string, unknown> = Object.fromEntries(kept);
  if (ifi !== undefined) {
    out.account = { homePage: PSEUDONYM_HOME_PAGE, name: pseudonymOf(key, tenantId, ifi) };
  }
  if (agent.objectType === 'Group' && agent.member) {
    out.member = agent.member.map((m) => pseudonymAgent(key, tenantId, m));
  }
  return out;
}

/**
 * The statement with its data subjects (the actor, and the members of an actor Group: the learners it is about)
 * pseudonymised. Deterministic: the same statement gives the same result, so a re-sent statement is recognised.
 */
export function pseudonymiseSubjects(key: Buffer, tenantId: string, statement: Statement): Statement {
  return { ...statement, actor: pseudonymAgent(key, tenantId, statement.actor) };
}
