// A request's deadline as the steps of its handler see it (deadline.ts).
import { ServiceUnavailableError } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { assertBeforeDeadline, COMMIT_BUDGET_MS } from './deadline.js';
import { runInRequestContext } from './request-context.js';

const at = (msFromNow: number, step: () => void) => runInRequestContext('r', step, Date.now() + msFromNow);

describe('assertBeforeDeadline', () => {
  it('lets a step run before the deadline and refuses it with a 503 after', () => {
    expect(() => at(5_000, () => assertBeforeDeadline('the step'))).not.toThrow();
    expect(() => at(-1, () => assertBeforeDeadline('the step'))).toThrow(ServiceUnavailableError);
  });

  it('refuses a COMMIT that would be sent with less than its budget left, so it cannot land after a 503', () => {
    const nearly = COMMIT_BUDGET_MS / 2;
    expect(() => at(nearly, () => assertBeforeDeadline('the step'))).not.toThrow();
    expect(() => at(nearly, () => assertBeforeDeadline('the commit', COMMIT_BUDGET_MS))).toThrow(
      /deadline passed before the commit/,
    );
    expect(() =>
      at(COMMIT_BUDGET_MS * 4, () => assertBeforeDeadline('the commit', COMMIT_BUDGET_MS)),
    ).not.toThrow();
  });

  it('never refuses work outside a request (relays, consumers, checkpoints)', () => {
    expect(() => assertBeforeDeadline('the step', COMMIT_BUDGET_MS)).not.toThrow();
  });
});
