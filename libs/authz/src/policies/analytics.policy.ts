// Who runs analytics queries (docs/flows.md "Analytics that protect individuals"): the tenant's admins. The answers
// are aggregates, k-anonymous and over the records the `analytics` purpose allows only, and the admins are the
// ones who write the analytics policies and set k, so a dedicated role would add a name without narrowing anyone's
// view. Auditors see that a query was run (the audit record) but not its answer; learners, consumers, guardians
// and xAPI credentials never run them. Nothing in another tenant.
import type { PersonPolicy } from './self.policy.js';

export const analyticsPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (!roles.includes('admin')) return;
  can('read', 'Analytics', { tenantId });
};
