// Reading the audit log: the auditor API answers only to someone whose rules cover every record of their tenant
// (an auditor); someone whose rules cover some records (a learner: those about them) reads them through their
// access log instead, which never shows other learners' keys.
import type { AppAbility } from './ability.types.js';
import { type AccessFilter, accessFilterFor } from './access-filter.js';
import { bindFilterFields, isTrueFilter } from './filter-bind.js';

/** The audit records `ability` may read, as an access filter; `null` when none. */
export const auditRecordFilterFor = (ability: AppAbility): AccessFilter | null =>
  accessFilterFor(ability, 'read', 'AuditRecord');

/** True when `filter` (from {@link auditRecordFilterFor}) covers every record of the tenant's log. */
export const coversWholeAuditLog = (filter: AccessFilter | null, tenantId: string): boolean =>
  filter !== null && isTrueFilter(bindFilterFields(filter, { tenantId }));
