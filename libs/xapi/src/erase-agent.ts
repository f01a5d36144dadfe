// xAPI 1.0.3 / 2.0 Data §2.4.2 (Actor: Agent, Group and its members), §2.4.6 (Context: instructor, team,
// contextAgents, contextGroups), §2.4.4.3 (SubStatement) and §2.4.9 (authority): every place a statement names an
// Agent or Identified Group. Erasure of a person (docs/adr/0013-erasure-and-crypto-shredding.md) replaces each
// mention of them, in a statement about someone else, by one stand-in Agent: an `account` on a reserved homePage
// with a name that is random but the same for the whole erasure. Their name and every identifier go; the rest
// of the statement stays, and stays valid (an Agent with an account IFI and no name is a valid Agent).
import { ifiHash, ifiOf } from './ifi.js';
import type { Actor, Agent, Context, Group, Statement, SubStatement } from './types.js';

/** The stand-in's account: `homePage` is the reserved ERASED_HOME_PAGE, `name` one random UUID per erasure. */
export interface ErasedAccount {
  homePage: string;
  name: string;
}

/**
 * The homePage of every erased person's stand-in. `.invalid` is reserved (RFC 2606 §2): it can never be a real
 * system's account, so a stand-in can never be mistaken for, or collide with, a real identifier.
 */
export const ERASED_HOME_PAGE = 'https://erased.custos.invalid/';

/**
 * A copy of `statement` in which every Agent or Identified Group whose IFI hash is in `erased` is the stand-in,
 * and whether anything changed. Group members are checked one by one; a Group that is itself the person becomes
 * a stand-in Group that keeps its (checked) members. The input is not modified.
 */
export function eraseAgentFrom(
  statement: Statement,
  erased: ReadonlySet<string>,
  account: ErasedAccount,
): { statement: Statement; changed: boolean } {
  const copy = structuredClone(statement);
  const state = { changed: false };
  const visit = (actor: Actor): Actor => replaceActor(actor, erased, account, state);

  copy.actor = visit(copy.actor);
  if (copy.authority) copy.authority = visit(copy.authority);
  eraseInContext(copy.context, visit);
  const object = copy.object;
  if (object.objectType === 'Agent' || object.objectType === 'Group') {
    copy.object = visit(object) as typeof object;
  } else if (object.objectType === 'SubStatement') {
    eraseInSubStatement(object, visit);
  }
  return { statement: copy, changed: state.changed };
}

function eraseInSubStatement(sub: SubStatement, visit: (a: Actor) => Actor): void {
  sub.actor = visit(sub.actor);
  if (sub.object.objectType === 'Agent' || sub.object.objectType === 'Group') {
    sub.object = visit(sub.object) as typeof sub.object;
  }
  eraseInContext(sub.context, visit);
}

function eraseInContext(context: Context | undefined, visit: (a: Actor) => Actor): void {
  if (!context) return;
  if (context.instructor) context.instructor = visit(context.instructor);
  if (context.team) context.team = visit(context.team) as Group;
  for (const entry of context.contextAgents ?? []) entry.agent = visit(entry.agent) as Agent;
  for (const entry of context.contextGroups ?? []) entry.group = visit(entry.group) as Group;
}

function replaceActor(
  actor: Actor,
  erased: ReadonlySet<string>,
  account: ErasedAccount,
  state: { changed: boolean },
): Actor {
  const ifi = ifiOf(actor);
  const isErased = ifi !== undefined && erased.has(ifiHash(ifi));
  if (actor.objectType === 'Group') {
    const members = actor.member?.map((m) => replaceActor(m, erased, account, state) as Agent);
    if (!isErased) return members ? { ...actor, member: members } : actor;
    state.changed = true;
    return { objectType: 'Group', account: { ...account }, ...(members && { member: members }) };
  }
  if (!isErased) return actor;
  state.changed = true;
  return { objectType: 'Agent', account: { ...account } };
}
