// Who may erase a person's records (GDPR Art. 17; docs/adr/0013-erasure-and-crypto-shredding.md): a tenant admin
// erases anyone of their tenant, approves a learner's request and follows every erasure; a learner asks for
// the erasure of their own records, follows it and may cancel it inside its grace period. Nobody else.
import type { PersonPolicy } from './self.policy.js';

export const erasurePolicy: PersonPolicy = ({ can }, { tenantId, personId, roles }) => {
  if (roles.includes('admin')) can('manage', 'Erasure', { tenantId });
  // A learner's own request only: `write` asks or cancels, `read` follows it.
  if (roles.includes('learner')) can(['read', 'write'], 'Erasure', { tenantId, personId });
};
