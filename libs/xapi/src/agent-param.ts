// xAPI 2.0 Communication §2.1.3, §2.3, §2.6: resources that take an `agent` parameter take it as
// JSON text of an Agent (or identified Group). One parser, so every resource reads it alike.
import { ifiHash, ifiOf } from './ifi.js';
import { findUnstorableText, jsonNestingExceeds, tooDeepMessage } from './json-limits.js';
import type { Actor } from './types.js';
import { validateActor } from './validate.js';

export interface AgentParam {
  agent: Actor;
  /** ifiHash of its identifier: what storage looks up, so the identifier itself goes no further. */
  ifiHash: string;
}

/** Parses and validates an `agent` parameter; reports each problem through `fail`. */
export function parseAgentParam(
  raw: string,
  fail: (path: string, message: string) => void,
): AgentParam | undefined {
  if (jsonNestingExceeds(raw)) {
    fail('agent', tooDeepMessage('the agent parameter'));
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    fail(
      'agent',
      'agent must be a JSON-encoded Agent or Identified Group, e.g. {"mbox":"mailto:ann@example.com"}',
    );
    return undefined;
  }
  // As in a statement (validate.ts): an identifier Custos could not store is refused, not hashed as if it
  // were another (a lone surrogate encodes as U+FFFD).
  const problems = [
    ...validateActor(parsed, 'agent'),
    ...findUnstorableText(parsed, 'agent').map((p) => ({ ...p, message: `${p.path}: ${p.message}` })),
  ];
  if (problems.length > 0) {
    problems.forEach((problem) => fail(problem.path, problem.message));
    return undefined;
  }
  const ifi = ifiOf(parsed as Actor);
  // validateActor accepts anonymous Groups, which have no identifier to look up.
  if (ifi === undefined) {
    fail('agent', 'agent must have an identifier (mbox, mbox_sha1sum, openid or account)');
    return undefined;
  }
  return { agent: parsed as Actor, ifiHash: ifiHash(ifi) };
}
