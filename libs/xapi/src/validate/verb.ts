// xAPI 1.0.3 Data §2.4.3 and IEEE 9274.1.1 §4.2.2.2 — Verb: an IRI id plus an optional display language map.

import { checkShape, child, expectObject, field, type Report } from './report.js';
import { checkIri, checkLanguageMap } from './values.js';

export function checkVerb(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'verb')) return;
  checkShape(value, path, report, 'a Verb', { allowed: ['id', 'display'], required: ['id'] });
  const id = field(value, 'id');
  if (id !== undefined) checkIri(id, child(path, 'id'), report, 'verb.id');
  const display = field(value, 'display');
  if (display !== undefined) checkLanguageMap(display, child(path, 'display'), report, 'verb.display');
}
