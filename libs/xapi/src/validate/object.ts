// xAPI 1.0.3 Data §2.4.4 (Object), §2.4.4.2 (Agent/Group as object) and §2.4.4.3 (StatementRef,
// SubStatement) and IEEE 9274.1.1 §4.2.2.3 — what a statement can be about. SubStatements are checked by
// statement.ts, which owns the statement-level rules they reuse.

import { checkActivity } from './activity.js';
import { IFI_KEYS, checkActor } from './actor.js';
import { checkShape, child, expectObject, field, show, type JsonObject, type Report } from './report.js';
import { checkUuid } from './values.js';

const OBJECT_TYPES = ['Activity', 'Agent', 'Group', 'StatementRef', 'SubStatement'];

/** A StatementRef: objectType "StatementRef" and the UUID of the referenced statement. */
export function checkStatementRef(
  value: unknown,
  path: string,
  report: Report,
  what = 'a StatementRef',
): void {
  if (!expectObject(value, path, report, what)) return;
  checkShape(value, path, report, what, { allowed: ['objectType', 'id'], required: ['objectType', 'id'] });
  const objectType = field(value, 'objectType');
  if (objectType !== undefined && objectType !== 'StatementRef') {
    report.add(
      child(path, 'objectType'),
      `objectType of ${what} must be "StatementRef"; got ${show(objectType)}`,
    );
  }
  const id = field(value, 'id');
  if (id !== undefined) checkUuid(id, child(path, 'id'), report, 'StatementRef id');
}

/**
 * Validates a statement or SubStatement object. Returns the object when it is a SubStatement that the
 * caller must validate (and is allowed here), otherwise undefined.
 */
export function checkStatementObject(
  value: unknown,
  path: string,
  report: Report,
  insideSubStatement: boolean,
): JsonObject | undefined {
  if (!expectObject(value, path, report, 'object')) return undefined;
  const objectType = field(value, 'objectType');
  if (objectType === undefined && [...IFI_KEYS, 'member'].some((key) => key in value)) {
    // Activity is the default objectType, so an Agent or Group that forgot it would otherwise be
    // reported as an Activity with unknown properties; say what is really missing.
    report.add(
      child(path, 'objectType'),
      'objectType "Agent" or "Group" is required when the object is an Agent or Group (without it the object is an Activity)',
    );
  } else if (objectType === undefined || objectType === 'Activity') {
    checkActivity(value, path, report);
  } else if (objectType === 'Agent' || objectType === 'Group') {
    checkActor(value, path, report, { label: 'object', accept: 'either', objectTypeRequired: true });
  } else if (objectType === 'StatementRef') {
    checkStatementRef(value, path, report);
  } else if (objectType === 'SubStatement') {
    if (!insideSubStatement) return value;
    report.add(
      child(path, 'objectType'),
      'a SubStatement must not contain another SubStatement as its object',
    );
  } else {
    report.add(
      child(path, 'objectType'),
      `objectType of an object must be one of ${OBJECT_TYPES.join(', ')} (case-sensitive); got ${show(objectType)}`,
    );
  }
  return undefined;
}

/** True when a (possibly invalid) object will be treated as an Activity. */
export function isActivityObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const objectType = (value as JsonObject)['objectType'];
  return objectType === undefined || objectType === null || objectType === 'Activity';
}
