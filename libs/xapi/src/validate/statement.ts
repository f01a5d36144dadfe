// xAPI 1.0.3 Data §2.2, §2.3.2 (voiding), §2.4 (statement properties: id, timestamp, stored, authority,
// version, attachments) and §2.4.4.3 (SubStatement) and IEEE 9274.1.1 §4.2.2, §4.2.4.2, §4.2.4.3, §4.2.5
// — statement-level rules, applied to the statement and, where the spec says so, to a SubStatement.

import { VOIDED_VERB_IRI, type XapiVersion } from '../types.js';
import { checkActor, presentIfis } from './actor.js';
import { checkAttachments } from './attachments.js';
import { checkContext } from './context.js';
import { checkStatementObject, isActivityObject } from './object.js';
import {
  checkShape,
  child,
  expectObject,
  field,
  isJsonObject,
  show,
  type JsonObject,
  type Report,
} from './report.js';
import { checkResult } from './result.js';
import { checkString, checkTimestamp, checkUuid } from './values.js';
import { checkVerb } from './verb.js';

const STATEMENT_KEYS = [
  'id',
  'actor',
  'verb',
  'object',
  'result',
  'context',
  'timestamp',
  'stored',
  'authority',
  'version',
  'attachments',
];
const SUBSTATEMENT_KEYS = [
  'objectType',
  'actor',
  'verb',
  'object',
  'result',
  'context',
  'timestamp',
  'attachments',
];
const NOT_IN_SUBSTATEMENT = Object.fromEntries(
  ['id', 'stored', 'version', 'authority'].map((key) => [key, `a SubStatement must not have "${key}"`]),
);

// Statement "version" (§2.4.10; 9274.1.1 §4.2.4.3): 1.0.x statements are always acceptable, and a 2.0
// request may also carry 2.0.x statements. "1.0" without a patch number is accepted by both suites.
const VERSION_RULES: Record<XapiVersion, { pattern: RegExp; expected: string }> = {
  '1.0.3': { pattern: /^1\.0(?:\.\d+)?$/, expected: 'start with "1.0" (e.g. 1.0.0)' },
  '2.0.0': { pattern: /^[12]\.0(?:\.\d+)?$/, expected: 'start with "1.0" or "2.0" (e.g. 2.0.0)' },
};

/** Validates one statement (not a SubStatement) at `path`. */
export function checkStatement(value: unknown, path: string, report: Report, version: XapiVersion): void {
  if (!expectObject(value, path, report, 'a Statement')) return;
  checkShape(value, path, report, 'a Statement', {
    allowed: STATEMENT_KEYS,
    required: ['actor', 'verb', 'object'],
  });
  checkCore(value, path, report, version, false);

  const id = field(value, 'id');
  if (id !== undefined) checkUuid(id, child(path, 'id'), report, 'statement id');
  const stored = field(value, 'stored');
  if (stored !== undefined) checkTimestamp(stored, child(path, 'stored'), report, 'stored');

  const statementVersion = field(value, 'version');
  if (
    statementVersion !== undefined &&
    checkString(statementVersion, child(path, 'version'), report, 'version')
  ) {
    const rule = VERSION_RULES[version];
    if (!rule.pattern.test(statementVersion)) {
      report.add(child(path, 'version'), `version must ${rule.expected}; got ${show(statementVersion)}`);
    }
  }

  const authority = field(value, 'authority');
  if (authority !== undefined) checkAuthority(authority, child(path, 'authority'), report);

  checkVoiding(value, path, report);
}

/** Rules shared by statements and SubStatements ("a SubStatement MUST be validated as a Statement"). */
function checkCore(obj: JsonObject, path: string, report: Report, version: XapiVersion, sub: boolean): void {
  const actor = field(obj, 'actor');
  if (actor !== undefined) {
    checkActor(actor, child(path, 'actor'), report, { label: 'actor', accept: 'either' });
  }
  const verb = field(obj, 'verb');
  if (verb !== undefined) checkVerb(verb, child(path, 'verb'), report);

  const object = field(obj, 'object');
  if (object !== undefined) {
    const subStatement = checkStatementObject(object, child(path, 'object'), report, sub);
    if (subStatement) checkSubStatement(subStatement, child(path, 'object'), report, version);
  }

  const result = field(obj, 'result');
  if (result !== undefined) checkResult(result, child(path, 'result'), report);
  const context = field(obj, 'context');
  if (context !== undefined) {
    checkContext(
      context,
      child(path, 'context'),
      report,
      version,
      object === undefined || isActivityObject(object),
    );
  }
  const timestamp = field(obj, 'timestamp');
  if (timestamp !== undefined) checkTimestamp(timestamp, child(path, 'timestamp'), report, 'timestamp');
  const attachments = field(obj, 'attachments');
  if (attachments !== undefined) checkAttachments(attachments, child(path, 'attachments'), report);
}

function checkSubStatement(obj: JsonObject, path: string, report: Report, version: XapiVersion): void {
  checkShape(obj, path, report, 'a SubStatement', {
    allowed: SUBSTATEMENT_KEYS,
    required: ['actor', 'verb', 'object'],
    forbidden: NOT_IN_SUBSTATEMENT,
  });
  checkCore(obj, path, report, version, true);
}

// §2.4.9: an Agent, or for 3-legged OAuth an anonymous Group of exactly the application and the user.
function checkAuthority(value: unknown, path: string, report: Report): void {
  checkActor(value, path, report, { label: 'authority', accept: 'either' });
  if (!isJsonObject(value) || value['objectType'] !== 'Group') return;
  const ifis = presentIfis(value);
  if (ifis.length > 0) {
    report.add(
      path,
      `an authority Group must be anonymous (the OAuth application and user); it has ${ifis.join(', ')}`,
    );
  }
  const members = value['member'];
  if (Array.isArray(members) && members.length !== 2) {
    report.add(
      child(path, 'member'),
      `an authority Group must have exactly two Agents (the OAuth application and user); found ${members.length}`,
    );
  }
}

// §2.3.2: applies to the statement being stored; a SubStatement only describes, it voids nothing.
function checkVoiding(obj: JsonObject, path: string, report: Report): void {
  const verb = field(obj, 'verb');
  const object = field(obj, 'object');
  if (!isJsonObject(verb) || verb['id'] !== VOIDED_VERB_IRI || object === undefined) return;
  const objectType = isJsonObject(object) ? object['objectType'] : undefined;
  if (objectType !== 'StatementRef') {
    report.add(
      child(path, 'object'),
      `a voiding statement (verb ${VOIDED_VERB_IRI}) must have a StatementRef object naming the voided statement; got objectType ${show(objectType ?? 'Activity')}`,
    );
  }
}
