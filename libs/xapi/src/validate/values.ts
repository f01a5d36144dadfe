// xAPI 1.0.3 Data §2.2, §4.1 (extensions), §4.2 (language maps) and IEEE 9274.1.1 §4.2.1 / §4.2.7 —
// checks for single property values: wrong JSON types are rejected with the path of the value, and
// formatted strings (IRI, UUID, timestamp, language tag…) must follow their format, the empty string
// included.

import { isDuration } from '../primitives/duration.js';
import { isUuid } from '../primitives/identifiers.js';
import { isIri, isIrl } from '../primitives/iri.js';
import { isLanguageTag } from '../primitives/language-tag.js';
import { isTimestamp } from '../primitives/timestamp.js';
import { child, expectObject, jsonType, show, type Report } from './report.js';

export function checkString(value: unknown, path: string, report: Report, what: string): value is string {
  if (typeof value === 'string') return true;
  report.add(path, `${what} must be a string; got ${jsonType(value)}`);
  return false;
}

export function checkBoolean(value: unknown, path: string, report: Report, what: string): value is boolean {
  if (typeof value === 'boolean') return true;
  report.add(path, `${what} must be a JSON boolean (true or false, not a string); got ${jsonType(value)}`);
  return false;
}

export function checkNumber(value: unknown, path: string, report: Report, what: string): value is number {
  if (typeof value === 'number' && Number.isFinite(value)) return true;
  report.add(path, `${what} must be a JSON number (not a string); got ${jsonType(value)}`);
  return false;
}

function checkFormatted(
  value: unknown,
  path: string,
  report: Report,
  what: string,
  test: (value: string) => boolean,
  format: string,
): value is string {
  if (!checkString(value, path, report, what)) return false;
  if (test(value)) return true;
  report.add(path, `${what} must be ${format}; got ${show(value)}`);
  return false;
}

export function checkIri(value: unknown, path: string, report: Report, what: string): value is string {
  return checkFormatted(value, path, report, what, isIri, 'an absolute IRI with a scheme (RFC 3987)');
}

export function checkIrl(value: unknown, path: string, report: Report, what: string): value is string {
  return checkFormatted(
    value,
    path,
    report,
    what,
    isIrl,
    'an IRL (an absolute IRI of the form scheme://host/…)',
  );
}

export function checkUuid(value: unknown, path: string, report: Report, what: string): value is string {
  return checkFormatted(
    value,
    path,
    report,
    what,
    isUuid,
    'a UUID in standard string form (8-4-4-4-12 hex digits)',
  );
}

export function checkTimestamp(value: unknown, path: string, report: Report, what: string): value is string {
  return checkFormatted(
    value,
    path,
    report,
    what,
    isTimestamp,
    'an ISO 8601 date-time with seconds and a time zone (Z or ±hh:mm, but not -00:00)',
  );
}

export function checkDuration(value: unknown, path: string, report: Report, what: string): value is string {
  return checkFormatted(value, path, report, what, isDuration, 'an ISO 8601 duration such as PT1H30M or P4W');
}

export function checkLanguageTag(
  value: unknown,
  path: string,
  report: Report,
  what: string,
): value is string {
  return checkFormatted(value, path, report, what, isLanguageTag, 'an RFC 5646 language tag such as en-US');
}

/** A language map: every key an RFC 5646 tag, every value a string. */
export function checkLanguageMap(value: unknown, path: string, report: Report, what: string): void {
  if (!expectObject(value, path, report, `${what} (a language map)`)) return;
  for (const [tag, text] of Object.entries(value)) {
    const entryPath = child(path, tag);
    if (!isLanguageTag(tag)) {
      report.add(entryPath, `language map keys must be RFC 5646 language tags; ${show(tag)} is not one`);
    }
    if (typeof text !== 'string') {
      report.add(entryPath, `language map values must be strings; got ${jsonType(text)}`);
    }
  }
}

/** Extensions: keys must be IRIs; values are free (null included) and must never cause a rejection. */
export function checkExtensions(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'extensions')) return;
  for (const key of Object.keys(value)) {
    if (!isIri(key)) {
      report.add(child(path, key), `extension keys must be absolute IRIs; ${show(key)} is not one`);
    }
  }
}

/** A JSON array; reports anything else. */
export function checkArray(value: unknown, path: string, report: Report, what: string): value is unknown[] {
  if (Array.isArray(value)) return true;
  report.add(path, `${what} must be a JSON array; got ${jsonType(value)}`);
  return false;
}
