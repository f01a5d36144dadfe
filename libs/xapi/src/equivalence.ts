// xAPI 1.0.3 Data §2.3.1 (Statement Immutability, Statement Comparison Requirements) and IEEE 9274.1.1
// §4.2.6 (the properties the LRS shall not consider for equivalence) — whether two statements are the
// same statement, used to answer 204 (same) or 409 (different) when an id is stored twice, and for the
// signed-statement check.
//
// Ignored, because the LRS assigns or may re-serialize them: id, authority, stored, timestamp, version,
// attachments, Activity definitions, Verb display, the order of Group members, a single contextActivity
// versus an array of one, and case where the value is case-insensitive (UUIDs, mbox_sha1sum hex, the
// mailto scheme and domain, language tags). Result duration is compared as a string except that
// precision beyond 0.01 s is dropped (§4.6). An omitted objectType equals its default (Activity for an
// object, Agent for an actor). Everything else, Agent names and extension values included, must match.

import { durationComparisonKey } from './primitives/duration.js';
import { parseTimestamp } from './primitives/timestamp.js';
import { normalizeMbox } from './ifi.js';
import { normalizeContextActivities } from './normalize.js';
import type { Activity, Actor, Context, Result, Statement, StatementObject, SubStatement } from './types.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** True when `a` and `b` are the same statement under the Statement Comparison Requirements. */
export function statementsEquivalent(a: Statement, b: Statement): boolean {
  return stableStringify(comparable(a)) === stableStringify(comparable(b));
}

function comparable(statement: Statement): Json {
  return {
    actor: actorKey(statement.actor),
    verb: statement.verb.id,
    object: objectKey(statement.object),
    result: statement.result ? resultKey(statement.result) : null,
    context: statement.context ? contextKey(statement.context) : null,
  };
}

function actorKey(actor: Actor): Json {
  const key: { [k: string]: Json } = { objectType: actor.objectType ?? 'Agent' };
  if (actor.name !== undefined) key['name'] = actor.name;
  if (actor.mbox !== undefined) key['mbox'] = normalizeMbox(actor.mbox);
  if (actor.mbox_sha1sum !== undefined) key['mbox_sha1sum'] = actor.mbox_sha1sum.toLowerCase();
  if (actor.openid !== undefined) key['openid'] = actor.openid;
  if (actor.account !== undefined) {
    key['account'] = { homePage: actor.account.homePage, name: actor.account.name };
  }
  if (actor.objectType === 'Group' && actor.member !== undefined) {
    key['member'] = actor.member
      .map(actorKey)
      .sort((x, y) => compare(stableStringify(x), stableStringify(y)));
  }
  return key;
}

function activityKey(activity: Activity): Json {
  return { objectType: 'Activity', id: activity.id };
}

function objectKey(object: StatementObject): Json {
  switch (object.objectType) {
    case undefined:
    case 'Activity':
      return activityKey(object);
    case 'Agent':
    case 'Group':
      return actorKey(object);
    case 'StatementRef':
      return { objectType: 'StatementRef', id: object.id.toLowerCase() };
    case 'SubStatement':
      return subStatementKey(object);
  }
}

function subStatementKey(sub: SubStatement): Json {
  // The LRS never assigns a SubStatement timestamp, so only its serialization may differ: compare the
  // instant at millisecond precision (the precision the spec guarantees).
  const timestamp =
    sub.timestamp === undefined ? null : (parseTimestamp(sub.timestamp)?.epochMs ?? sub.timestamp);
  return {
    objectType: 'SubStatement',
    actor: actorKey(sub.actor),
    verb: sub.verb.id,
    object: objectKey(sub.object),
    result: sub.result ? resultKey(sub.result) : null,
    context: sub.context ? contextKey(sub.context) : null,
    timestamp,
  };
}

function resultKey(result: Result): Json {
  const key = toJson(result) as { [k: string]: Json };
  if (result.duration !== undefined) key['duration'] = durationComparisonKey(result.duration);
  return key;
}

function contextKey(context: Context): Json {
  const key = toJson(context) as { [k: string]: Json };
  if (context.registration !== undefined) key['registration'] = context.registration.toLowerCase();
  if (context.instructor !== undefined) key['instructor'] = actorKey(context.instructor);
  if (context.team !== undefined) key['team'] = actorKey(context.team);
  if (context.language !== undefined) key['language'] = context.language.toLowerCase();
  if (context.statement !== undefined) {
    key['statement'] = { objectType: 'StatementRef', id: context.statement.id.toLowerCase() };
  }
  if (context.contextActivities !== undefined) {
    const byType = normalizeContextActivities(context.contextActivities);
    key['contextActivities'] = Object.fromEntries(
      Object.entries(byType).map(([type, activities]) => [type, activities.map(activityKey)]),
    );
  }
  if (context.contextAgents !== undefined) {
    key['contextAgents'] = context.contextAgents.map((entry) => ({
      agent: actorKey(entry.agent),
      relevantTypes: entry.relevantTypes ?? null,
    }));
  }
  if (context.contextGroups !== undefined) {
    key['contextGroups'] = context.contextGroups.map((entry) => ({
      group: actorKey(entry.group),
      relevantTypes: entry.relevantTypes ?? null,
    }));
  }
  return key;
}

function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function compare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** JSON with object keys sorted at every level, so key order never matters. */
function stableStringify(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([x], [y]) => compare(x, y));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
