// Who administers people: a person holding the `admin` role manages the people, roles, agent
// links and groups of their own tenant, and its institution policies; nothing in another tenant.
import type { PersonPolicy } from './self.policy.js';

export const administrationPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (!roles.includes('admin')) return;
  can('manage', 'Person', { tenantId });
  // Institution policies (the admin API over /api/v1/policies) of the admin's own tenant.
  can('manage', 'Policy', { tenantId });
};
