// xAPI 2.0 Data §2.4.2.1 (Inverse Functional Identifier) — how a person's linked xAPI agents are
// stored for matching. A statement may name the same learner by mbox or by mbox_sha1sum (the
// SHA-1 of the mailto IRI), so an mbox link is kept in both forms and either one matches.
import { createHash } from 'node:crypto';

import { BadRequestError, type ErrorDetail } from '@custos/contracts';
import { type Agent, ifiHash, ifiOf, normalizeMbox, validateActor } from '@custos/xapi';

export interface AgentLink {
  /** Canonical IFI (`ifiOf`): "mbox:mailto:…", "mbox_sha1sum:<hex>", "openid:…", "account:…|…". */
  ifi: string;
  ifiHash: string;
  /** Where the admin gave it (`agents[2]`), to name the field when it cannot be linked. */
  path?: string;
}

const sha1Hex = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

/** The rows one validated Agent is stored as: one, or two for an mbox. */
export function linksOfAgent(agent: Agent): AgentLink[] {
  const ifi = ifiOf(agent);
  if (!ifi) return [];
  const links = [{ ifi, ifiHash: ifiHash(ifi) }];
  if (typeof agent.mbox === 'string') {
    const twin = `mbox_sha1sum:${sha1Hex(normalizeMbox(agent.mbox))}`;
    links.push({ ifi: twin, ifiHash: ifiHash(twin) });
  }
  return links;
}

/**
 * Validates Agent objects sent by an admin (400 naming `<field>[i]…` when one is not an Agent
 * with an IFI) and returns the distinct rows to store.
 */
export function agentLinksOf(agents: readonly unknown[], field = 'agents'): AgentLink[] {
  const errors: ErrorDetail[] = [];
  const links = new Map<string, AgentLink>();
  agents.forEach((value, i) => {
    const path = `${field}[${i}]`;
    const problems = validateActor(value, path);
    const objectType = (value as { objectType?: unknown } | null)?.objectType;
    if (problems.length === 0 && objectType === 'Group') {
      problems.push({ path, message: `${path} must be an Agent; a person is not linked to a Group` });
    }
    if (problems.length > 0) {
      errors.push(...problems.map((p) => ({ path: p.path, message: p.message })));
      return;
    }
    for (const link of linksOfAgent(value as Agent)) {
      if (!links.has(link.ifiHash)) links.set(link.ifiHash, { ...link, path });
    }
  });
  if (errors.length > 0) throw new BadRequestError(`${field}: not a valid xAPI Agent`, errors);
  return [...links.values()];
}

/**
 * The stored IFIs shown back as Agent identifiers. The mbox_sha1sum twin of a linked mbox is
 * left out: it was derived, not linked.
 */
export function agentsOfIfis(ifis: readonly string[]): Record<string, unknown>[] {
  return linkedIfis(ifis).map(agentOfIfi);
}

/** The IFIs that were linked, without the mbox_sha1sum twins derived from a linked mbox. */
export function linkedIfis(ifis: readonly string[]): string[] {
  const twins = new Set(
    ifis.filter((i) => i.startsWith('mbox:')).map((i) => `mbox_sha1sum:${sha1Hex(i.slice('mbox:'.length))}`),
  );
  return ifis.filter((ifi) => !twins.has(ifi));
}

/** The Agent identifier a stored canonical IFI stands for (`ifiOf` backwards), without a name. */
export function agentOfIfi(ifi: string): Record<string, unknown> {
  const colon = ifi.indexOf(':');
  const kind = ifi.slice(0, colon);
  const value = ifi.slice(colon + 1);
  if (kind === 'account') {
    // homePage is an IRI and cannot contain "|", so the first one separates it from the name.
    const bar = value.indexOf('|');
    return { account: { homePage: value.slice(0, bar), name: value.slice(bar + 1) } };
  }
  return { [kind]: value };
}
