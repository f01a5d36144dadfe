// docs/privacy-operations.md "Retention": whether a statement is past retention is decided in one place, the
// `readableStatementSql` every read of a statement row goes through. A new read that compiled the access filter
// on its own would show what a rule hides; this keeps the code to the one door.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../', import.meta.url));

/** Storage's source files (tests left out) that compile a statement access filter themselves. */
function compilersOfStatementFilters(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .filter((f) => readFileSync(join(SRC, f), 'utf8').includes('statementAccessColumns('))
    .sort();
}

describe('retention in the statement reads', () => {
  it('is applied where every read compiles its access filter, and nowhere is that filter compiled around it', () => {
    // read-plan.ts: readableStatementSql itself. The other two evaluate read sources (redaction, explain's
    // per-source answers) as columns of rows a readableStatementSql WHERE has already selected, as analytics does
    // (each learner counted by their own basis, on rows readableStatementSql selected). Erasure is no
    // read: it tests legal obligations' scopes on the statements it is about to delete or rewrite, expired or not.
    expect(compilersOfStatementFilters()).toEqual([
      join('access', 'explain-plan.ts'),
      join('access', 'read-plan.ts'),
      join('access', 'redaction-columns.ts'),
      join('analytics', 'analytics.repository.ts'),
      join('erasure', 'erasure.service.ts'),
    ]);
    const analytics = readFileSync(join(SRC, 'analytics', 'analytics.repository.ts'), 'utf8');
    expect(analytics).toMatch(/AND \(\$\{readableStatementSql\(filter, 's', p\)\}\)/);
    const explain = readFileSync(join(SRC, 'access', 'explain-plan.ts'), 'utf8');
    expect(explain).toMatch(/const where = readableStatementSql\(/);
  });
});
