// Held statements in SQL, in one place (docs/privacy-operations.md "Write purposes"): a statement its writer's
// purpose gave no basis for, held sealed until a grant releases it. No one reads it meanwhile, whatever their
// rules: every statement read ANDs `notHeldSql` into its access test (`readableStatementSql` in read-plan.ts).

/** Statement `s` is not held: what every read ANDs to its access test (a primary-key look-up per row). */
export const notHeldSql = (s: string): string =>
  `NOT EXISTS (SELECT 1 FROM storage.held_statement hs WHERE hs.statement_seq = ${s}.seq)`;
