// Who reads the audit log (DESIGN "Audit": "auditors can verify the chain, filter, and export"): a person
// holding the `auditor` role reads every record of their own tenant's log; nothing in another tenant. Admins do
// not: the people who change roles, policies and credentials are not the ones who review the log of those
// changes (separation of duties). An admin who gives themself the auditor role leaves that change in the log.
// Learners read the records about themselves through self access (self.policy.ts); xAPI credentials never read
// the log.
import type { PersonPolicy } from './self.policy.js';

export const auditPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (!roles.includes('auditor')) return;
  can('read', 'AuditRecord', { tenantId });
};
