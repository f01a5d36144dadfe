// The person a legal hold keeps, as the identifier hashes storage's agent links hold (xAPI Data §2.4.2.1): a
// statement may name the same person by mbox or by mbox_sha1sum (the SHA-1 of the mailto IRI), so an mbox is held
// in both forms. The identifier itself is not kept.
import { createHash } from 'node:crypto';

import { BadRequestError } from '@custos/contracts';
import { type Agent, ifiHash, ifiOf, normalizeMbox, validateActor } from '@custos/xapi';

const sha1Hex = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

/**
 * The identifier hashes of the Agent a hold names.
 *
 * @throws BadRequestError naming the field when `agent` is not an Agent or Identified Group with an identifier.
 */
export function heldIdentifierHashes(agent: unknown, path = 'agent'): string[] {
  const problems = validateActor(agent, path);
  const ifi = problems.length === 0 ? ifiOf(agent as Agent) : undefined;
  if (ifi === undefined) {
    const errors =
      problems.length > 0
        ? problems.map((p) => ({ path: p.path, message: p.message }))
        : [{ path, message: 'must have an identifier (mbox, mbox_sha1sum, openid or account)' }];
    throw new BadRequestError(`invalid request body: ${errors.map((e) => e.path).join(', ')}`, errors);
  }
  const hashes = [ifiHash(ifi)];
  const { mbox } = agent as Agent;
  if (typeof mbox === 'string') hashes.push(ifiHash(`mbox_sha1sum:${sha1Hex(normalizeMbox(mbox))}`));
  return hashes;
}
