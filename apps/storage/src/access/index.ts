// The access seam in SQL: the column maps access rules compile against, the statement read plan, redaction,
// the explain and read-basis columns. Pure functions, no providers: a room uses them inside its own queries.
export { grantedPolicyIdsOf } from './consent-access-columns.js';
export { CONTEXT_ACTIVITY_KIND_CODES } from './context-activity-columns.js';
export { DOCUMENT_ACCESS_COLUMNS } from './document-access-columns.js';
export { explainResults, planExplain } from './explain-plan.js';
export { basisColumns, joinColumns, readBasisOf } from './read-basis.js';
export { planStatementRead, readableStatementSql, statementAccessColumns } from './read-plan.js';
export { notHeldSql } from './held.js';
export { subjectHasBasisSql } from './write-basis.js';
export { expiredSql, holdInForce, personHeldSql, ruleCoversSql, ruleHeldSql } from './retention.js';
export { fieldKeptSql, redactedFieldsOfRow, redactionColumns, redactionPlanOf } from './redaction-columns.js';
export { learnerBasisColumns } from './learner-basis-columns.js';
