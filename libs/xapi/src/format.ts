// xAPI 1.0.3 Communication §2.1.3 (GET statements `format`: ids, exact, canonical; language filtering for
// canonical) and Data §2.4.3 (Verb display per format) and IEEE 9274.1.1 §4.1.6.1 — shaping a stored
// statement for the response.
//
// ids: every Agent, Group, Activity and Verb is reduced to what identifies it — an Agent to its IFI (and
// objectType when present), an identified Group to objectType + IFI, an anonymous Group to objectType +
// its members reduced the same way, an Activity to its id, a Verb to its id. The 2.0 conformance suite
// checks that an Activity comes back with exactly one key, so objectType is dropped from Activities.
// canonical: Activities and Verbs keep their content but every language map in them carries one
// language chosen from the Accept-Language list. Substituting the LRS's canonical Activity definition
// is the caller's job (it needs storage); Agents and Groups stay exact. exact: unchanged.

import { pickLanguage } from './accept-language.js';
import { IFI_KEYS } from './validate/actor.js';
import type {
  Activity,
  ActivityDefinition,
  Actor,
  Agent,
  Context,
  ContextActivities,
  Statement,
  StatementObject,
  SubStatement,
  Verb,
} from './types.js';
import type { StatementFormat } from './query-params.js';

/** A copy of the statement shaped for the requested format; the input is not modified. */
export function formatStatement(
  statement: Statement,
  format: StatementFormat,
  languages: readonly string[],
): Statement {
  const copy = structuredClone(statement);
  if (format === 'exact') return copy;
  const transform = format === 'ids' ? IDS : canonical(languages);
  return shapeStatement(copy, transform);
}

interface Transform {
  actor(actor: Actor): Actor;
  verb(verb: Verb): Verb;
  activity(activity: Activity): Activity;
}

function mapContextActivities(contextActivities: ContextActivities, transform: Transform): ContextActivities {
  const shaped: ContextActivities = {};
  for (const key of ['parent', 'grouping', 'category', 'other'] as const) {
    const value = contextActivities[key];
    if (value === undefined) continue;
    shaped[key] = Array.isArray(value) ? value.map((a) => transform.activity(a)) : transform.activity(value);
  }
  return shaped;
}

function shapeContext(context: Context, transform: Transform): Context {
  const shaped: Context = { ...context };
  if (context.instructor) shaped.instructor = transform.actor(context.instructor);
  if (context.team) shaped.team = transform.actor(context.team) as Context['team'];
  if (context.contextActivities) {
    shaped.contextActivities = mapContextActivities(context.contextActivities, transform);
  }
  if (context.contextAgents) {
    shaped.contextAgents = context.contextAgents.map((entry) => ({
      ...entry,
      agent: transform.actor(entry.agent) as Agent,
    }));
  }
  if (context.contextGroups) {
    shaped.contextGroups = context.contextGroups.map((entry) => ({
      ...entry,
      group: transform.actor(entry.group) as typeof entry.group,
    }));
  }
  return shaped;
}

function shapeObject(object: StatementObject, transform: Transform): StatementObject {
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return transform.activity(object);
    case 'Agent':
    case 'Group':
      return transform.actor(object) as StatementObject;
    case 'StatementRef':
      return object;
    case 'SubStatement':
      return shapeSubStatement(object, transform);
  }
}

function shapeSubStatement(sub: SubStatement, transform: Transform): SubStatement {
  const shaped: SubStatement = {
    ...sub,
    actor: transform.actor(sub.actor),
    verb: transform.verb(sub.verb),
    object: shapeObject(sub.object, transform) as SubStatement['object'],
  };
  if (sub.context) shaped.context = shapeContext(sub.context, transform);
  return shaped;
}

function shapeStatement(statement: Statement, transform: Transform): Statement {
  const shaped: Statement = {
    ...statement,
    actor: transform.actor(statement.actor),
    verb: transform.verb(statement.verb),
    object: shapeObject(statement.object, transform),
  };
  if (statement.context) shaped.context = shapeContext(statement.context, transform);
  if (statement.authority) shaped.authority = transform.actor(statement.authority);
  return shaped;
}

function idsActor(actor: Actor): Actor {
  const reduced: Record<string, unknown> = {};
  if (actor.objectType !== undefined) reduced['objectType'] = actor.objectType;
  const ifi = IFI_KEYS.find((key) => actor[key] !== undefined);
  if (ifi !== undefined) reduced[ifi] = actor[ifi];
  else if (actor.objectType === 'Group') reduced['member'] = (actor.member ?? []).map(idsActor);
  return reduced;
}

const IDS: Transform = {
  actor: idsActor,
  verb: (verb) => ({ id: verb.id }),
  activity: (activity) => ({ id: activity.id }),
};

function canonical(languages: readonly string[]): Transform {
  const pick = <T extends Record<string, string> | undefined>(map: T): T =>
    (map === undefined ? map : pickLanguage(map, languages)) as T;
  const definition = (d: ActivityDefinition): ActivityDefinition => {
    const shaped: ActivityDefinition = { ...d };
    if (d.name) shaped.name = pick(d.name);
    if (d.description) shaped.description = pick(d.description);
    for (const list of ['choices', 'scale', 'source', 'target', 'steps'] as const) {
      const components = d[list];
      if (components) {
        shaped[list] = components.map((c) =>
          c.description ? { ...c, description: pick(c.description) } : c,
        );
      }
    }
    return shaped;
  };
  return {
    actor: (actor) => actor,
    verb: (verb) => (verb.display ? { ...verb, display: pick(verb.display) } : verb),
    activity: (activity) =>
      activity.definition ? { ...activity, definition: definition(activity.definition) } : activity,
  };
}
