// xAPI 1.0.3 Data §2.4.5 (Result) and §2.4.5.1 (Score) and IEEE 9274.1.1 §4.2.2.4 — measured outcome.

import { checkShape, child, expectObject, field, type Report } from './report.js';
import { checkBoolean, checkDuration, checkExtensions, checkNumber, checkString } from './values.js';

export function checkResult(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'result')) return;
  checkShape(value, path, report, 'a Result', {
    allowed: ['score', 'success', 'completion', 'response', 'duration', 'extensions'],
  });
  const score = field(value, 'score');
  if (score !== undefined) checkScore(score, child(path, 'score'), report);
  for (const key of ['success', 'completion']) {
    const flag = field(value, key);
    if (flag !== undefined) checkBoolean(flag, child(path, key), report, `result.${key}`);
  }
  const response = field(value, 'response');
  if (response !== undefined) checkString(response, child(path, 'response'), report, 'result.response');
  const duration = field(value, 'duration');
  if (duration !== undefined) checkDuration(duration, child(path, 'duration'), report, 'result.duration');
  const extensions = field(value, 'extensions');
  if (extensions !== undefined) checkExtensions(extensions, child(path, 'extensions'), report);
}

function checkScore(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'score')) return;
  checkShape(value, path, report, 'a Score', { allowed: ['scaled', 'raw', 'min', 'max'] });

  const numbers: Partial<Record<'scaled' | 'raw' | 'min' | 'max', number>> = {};
  for (const key of ['scaled', 'raw', 'min', 'max'] as const) {
    const number = field(value, key);
    if (number !== undefined && checkNumber(number, child(path, key), report, `score.${key}`)) {
      numbers[key] = number;
    }
  }
  const { scaled, raw, min, max } = numbers;
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) {
    report.add(child(path, 'scaled'), `score.scaled must be between -1 and 1 inclusive; got ${scaled}`);
  }
  // The spec describes min as "less than max", not "at most max".
  if (min !== undefined && max !== undefined && min >= max) {
    report.add(child(path, 'min'), `score.min must be less than score.max; got min ${min}, max ${max}`);
  }
  if (raw !== undefined && min !== undefined && raw < min) {
    report.add(child(path, 'raw'), `score.raw must not be below score.min; got raw ${raw}, min ${min}`);
  }
  if (raw !== undefined && max !== undefined && raw > max) {
    report.add(child(path, 'raw'), `score.raw must not be above score.max; got raw ${raw}, max ${max}`);
  }
}
