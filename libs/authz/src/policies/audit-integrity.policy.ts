// Who checks that the audit log is whole (docs/audit.md "Verifying the log"): the tenant's auditors, and its
// admins. Verifying, listing checkpoints, fetching the public key and having the head signed reveal no learner
// data (record numbers, hashes and signatures only), and the people who run an installation must be able to tell
// that its log is intact; reading the records stays with auditors (audit.policy.ts). Every such call is itself
// recorded in the chain. Nothing in another tenant; xAPI credentials never.
import type { PersonPolicy } from './self.policy.js';

export const auditIntegrityPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (!roles.includes('auditor') && !roles.includes('admin')) return;
  can(['verify', 'checkpoint'], 'AuditRecord', { tenantId });
};
