// xAPI 1.0.3 Communication §2.1.3 (GET statements filters: agent, verb, activity, registration,
// related_agents, related_activities; StatementRef targeting; voiding) and IEEE 9274.1.1 §4.1.6.1 — the
// lookup keys a stored statement must be findable by.
//
// "direct" terms answer the narrow filters (agent = actor or object, Group members included; activity =
// the object). The broad filters add authority, instructor, team, 2.0 contextAgents / contextGroups and
// every contextActivity, and the same properties of a SubStatement object. Agents are kept only as
// hashes of their IFI.
//
// "subject" marks the data subjects, the learners the statement is about: the actor and, when the actor
// is a Group (identified or anonymous), its members — never the object, authority or context agents.

import { ifiHash, ifiOf } from './ifi.js';
import { normalizeContextActivities } from './normalize.js';
import { VOIDED_VERB_IRI, type Actor, type Context, type Statement, type SubStatement } from './types.js';

/** Lookup keys of one statement; agents appear only as IFI hashes. */
export interface StatementIndexTerms {
  verbIri: string;
  /** Set when the object is an Activity. */
  objectActivityId: string | null;
  /** context.registration, lowercased. */
  registration: string | null;
  /** Set (lowercased) when the verb is the voiding verb and the object is a StatementRef. */
  voidsStatementId: string | null;
  /** The referenced statement whenever the object is a StatementRef (lowercased), for StatementRef-targeting filters. */
  targetStatementId: string | null;
  /** `subject`: the agent is the actor or one of the actor Group's members (a data subject). */
  agents: { ifiHash: string; direct: boolean; subject: boolean }[];
  activities: { iri: string; direct: boolean }[];
  /**
   * The Activities of the statement's own `context.contextActivities` with their kind (Data §2.4.6.2), for
   * institution policies scoped to a parent course, a grouping, a category or an "other" activity; a
   * SubStatement's context is not the statement's context and is not listed. Unique per kind and id.
   */
  contextActivities: { kind: ContextActivityKind; iri: string }[];
}

/** The four properties of `context.contextActivities`. */
export type ContextActivityKind = 'parent' | 'grouping' | 'category' | 'other';

class TermSet {
  private readonly entries = new Map<string, boolean>();

  add(key: string, direct: boolean): void {
    this.entries.set(key, (this.entries.get(key) ?? false) || direct);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  list(): [string, boolean][] {
    return [...this.entries];
  }
}

function addActor(agents: TermSet, actor: Actor | undefined, direct: boolean): void {
  if (!actor) return;
  const ifi = ifiOf(actor);
  if (ifi !== undefined) agents.add(ifiHash(ifi), direct);
  // A Group matches the agent filter through its members too (Communication §2.1.3, "agent").
  if (actor.objectType === 'Group') for (const member of actor.member ?? []) addActor(agents, member, direct);
}

function addContext(agents: TermSet, activities: TermSet, context: Context | undefined): void {
  if (!context) return;
  addActor(agents, context.instructor, false);
  addActor(agents, context.team, false);
  for (const entry of context.contextAgents ?? []) addActor(agents, entry.agent, false);
  for (const entry of context.contextGroups ?? []) addActor(agents, entry.group, false);
  if (context.contextActivities) {
    for (const list of Object.values(normalizeContextActivities(context.contextActivities))) {
      for (const activity of list) activities.add(activity.id, false);
    }
  }
}

function addSubStatement(agents: TermSet, activities: TermSet, sub: SubStatement): void {
  addActor(agents, sub.actor, false);
  const object = sub.object;
  if (object.objectType === 'Agent' || object.objectType === 'Group') addActor(agents, object, false);
  if (object.objectType === undefined || object.objectType === 'Activity') activities.add(object.id, false);
  addContext(agents, activities, sub.context);
}

/** Index terms of a validated (and normally enriched) statement; entries are unique, direct wins. */
export function indexTermsOf(statement: Statement): StatementIndexTerms {
  const agents = new TermSet();
  const activities = new TermSet();
  const object = statement.object;

  addActor(agents, statement.actor, true);
  // The actor's terms alone are the data subjects; whatever else mentions the same agent adds no subject.
  const subjects = new TermSet();
  addActor(subjects, statement.actor, true);
  let objectActivityId: string | null = null;
  let targetStatementId: string | null = null;
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      objectActivityId = object.id;
      activities.add(object.id, true);
      break;
    case 'Agent':
    case 'Group':
      addActor(agents, object, true);
      break;
    case 'StatementRef':
      targetStatementId = object.id.toLowerCase();
      break;
    case 'SubStatement':
      addSubStatement(agents, activities, object);
      break;
  }
  addActor(agents, statement.authority, false);
  addContext(agents, activities, statement.context);

  return {
    verbIri: statement.verb.id,
    objectActivityId,
    registration: statement.context?.registration?.toLowerCase() ?? null,
    voidsStatementId: statement.verb.id === VOIDED_VERB_IRI ? targetStatementId : null,
    targetStatementId,
    agents: agents.list().map(([hash, direct]) => ({ ifiHash: hash, direct, subject: subjects.has(hash) })),
    activities: activities.list().map(([iri, direct]) => ({ iri, direct })),
    contextActivities: contextActivitiesOf(statement.context),
  };
}

function contextActivitiesOf(context: Context | undefined): StatementIndexTerms['contextActivities'] {
  if (!context?.contextActivities) return [];
  const seen = new Set<string>();
  const terms: StatementIndexTerms['contextActivities'] = [];
  for (const [kind, list] of Object.entries(normalizeContextActivities(context.contextActivities))) {
    for (const { id } of list) {
      // JSON of the pair: no separator character can make two different pairs collide.
      const key = JSON.stringify([kind, id]);
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push({ kind: kind as ContextActivityKind, iri: id });
    }
  }
  return terms;
}
