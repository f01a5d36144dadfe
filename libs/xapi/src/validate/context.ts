// xAPI 1.0.3 Data §2.4.6 (Context, Registration, ContextActivities) and IEEE 9274.1.1 §4.2.2.5 (adds
// contextAgents / contextGroups) — circumstances of the experience.

import type { XapiVersion } from '../types.js';
import { checkActivity } from './activity.js';
import { checkActor } from './actor.js';
import { checkStatementRef } from './object.js';
import { checkShape, child, expectObject, field, jsonType, show, type Report } from './report.js';
import { checkArray, checkExtensions, checkIri, checkLanguageTag, checkString, checkUuid } from './values.js';

const CONTEXT_KEYS_1 = [
  'registration',
  'instructor',
  'team',
  'contextActivities',
  'revision',
  'platform',
  'language',
  'statement',
  'extensions',
];
const CONTEXT_KEYS_2 = [...CONTEXT_KEYS_1, 'contextAgents', 'contextGroups'];
const ONLY_IN_2 = (key: string) =>
  `${key} is defined only by xAPI 2.0; send the statement with X-Experience-API-Version 2.0.0 to use it`;

const CONTEXT_ACTIVITY_KEYS = ['parent', 'grouping', 'category', 'other'];

/**
 * @param objectIsActivity whether the enclosing statement's object is an Activity; revision and platform
 * are only allowed then (§2.4.6, also for a SubStatement's own context).
 */
export function checkContext(
  value: unknown,
  path: string,
  report: Report,
  version: XapiVersion,
  objectIsActivity: boolean,
): void {
  if (!expectObject(value, path, report, 'context')) return;
  checkShape(value, path, report, 'a Context', {
    allowed: version === '2.0.0' ? CONTEXT_KEYS_2 : CONTEXT_KEYS_1,
    forbidden:
      version === '2.0.0'
        ? {}
        : { contextAgents: ONLY_IN_2('contextAgents'), contextGroups: ONLY_IN_2('contextGroups') },
  });

  const registration = field(value, 'registration');
  if (registration !== undefined) {
    checkUuid(registration, child(path, 'registration'), report, 'context.registration');
  }

  const instructor = field(value, 'instructor');
  if (instructor !== undefined) {
    checkActor(instructor, child(path, 'instructor'), report, {
      label: 'context.instructor',
      accept: 'either',
    });
  }
  const team = field(value, 'team');
  if (team !== undefined) {
    checkActor(team, child(path, 'team'), report, { label: 'context.team', accept: 'group' });
  }

  const contextActivities = field(value, 'contextActivities');
  if (contextActivities !== undefined) {
    checkContextActivities(contextActivities, child(path, 'contextActivities'), report);
  }

  for (const key of ['revision', 'platform']) {
    const text = field(value, key);
    if (text === undefined) continue;
    checkString(text, child(path, key), report, `context.${key}`);
    if (!objectIsActivity) {
      report.add(
        child(path, key),
        `context.${key} is only allowed when the statement's object is an Activity`,
      );
    }
  }

  const language = field(value, 'language');
  if (language !== undefined) checkLanguageTag(language, child(path, 'language'), report, 'context.language');

  const statement = field(value, 'statement');
  if (statement !== undefined) {
    checkStatementRef(statement, child(path, 'statement'), report, 'context.statement');
  }

  const extensions = field(value, 'extensions');
  if (extensions !== undefined) checkExtensions(extensions, child(path, 'extensions'), report);

  if (version === '2.0.0') {
    const agents = field(value, 'contextAgents');
    if (agents !== undefined) checkContextParticipants(agents, child(path, 'contextAgents'), report, 'agent');
    const groups = field(value, 'contextGroups');
    if (groups !== undefined) checkContextParticipants(groups, child(path, 'contextGroups'), report, 'group');
  }
}

function checkContextActivities(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'contextActivities')) return;
  checkShape(value, path, report, 'contextActivities', { allowed: CONTEXT_ACTIVITY_KEYS });
  for (const key of CONTEXT_ACTIVITY_KEYS) {
    const activities = field(value, key);
    if (activities === undefined) continue;
    const keyPath = child(path, key);
    // A single Activity (instead of an array) is still accepted for 0.95 compatibility; the LRS stores
    // and returns it as an array. The 2.0 conformance suite accepts it too.
    if (Array.isArray(activities)) {
      activities.forEach((activity, index) => checkActivity(activity, child(keyPath, index), report));
    } else if (typeof activities === 'object') {
      checkActivity(activities, keyPath, report);
    } else {
      report.add(
        keyPath,
        `contextActivities.${key} must be an Activity or an array of Activities; got ${jsonType(activities)}`,
      );
    }
  }
}

function checkContextParticipants(
  value: unknown,
  path: string,
  report: Report,
  kind: 'agent' | 'group',
): void {
  const list = kind === 'agent' ? 'contextAgents' : 'contextGroups';
  const objectType = kind === 'agent' ? 'contextAgent' : 'contextGroup';
  if (!checkArray(value, path, report, list)) return;
  value.forEach((entry, index) => {
    const entryPath = child(path, index);
    if (!expectObject(entry, entryPath, report, `each ${list} entry`)) return;
    checkShape(entry, entryPath, report, `a ${objectType} object`, {
      allowed: ['objectType', kind, 'relevantTypes'],
      required: ['objectType', kind],
    });
    const type = field(entry, 'objectType');
    if (type !== undefined && type !== objectType) {
      report.add(
        child(entryPath, 'objectType'),
        `objectType of a ${list} entry must be "${objectType}"; got ${show(type)}`,
      );
    }
    const participant = field(entry, kind);
    if (participant !== undefined) {
      checkActor(participant, child(entryPath, kind), report, {
        label: `context.${list}[${index}].${kind}`,
        accept: kind,
      });
    }
    const relevantTypes = field(entry, 'relevantTypes');
    if (relevantTypes === undefined) return;
    const typesPath = child(entryPath, 'relevantTypes');
    if (!checkArray(relevantTypes, typesPath, report, 'relevantTypes')) return;
    if (relevantTypes.length === 0) {
      report.add(typesPath, 'relevantTypes, when present, must list at least one IRI');
    }
    relevantTypes.forEach((iri, i) => checkIri(iri, child(typesPath, i), report, 'each relevantTypes entry'));
  });
}
