// Who has the tenant's records of processing (GDPR Art. 30; docs/privacy-operations.md "Records of processing"):
// its admins, who maintain what they are built from (institution policies, retention rules), and its auditors,
// among them the data-protection officer, who review them and hand them to a supervisory authority on request
// (Art. 30(4)). They describe processing — purposes, lawful bases, recipients, categories of data, retention,
// safeguards — and hold no learner data, so giving them to both does not widen anyone's view of learners.
// Nothing in another tenant; learners, consumers and xAPI credentials never.
import type { PersonPolicy } from './self.policy.js';

export const processingRecordsPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (!roles.includes('admin') && !roles.includes('auditor')) return;
  can('read', 'ProcessingRecords', { tenantId });
};
