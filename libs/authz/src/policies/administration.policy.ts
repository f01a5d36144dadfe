// Who administers people: a person holding the `admin` role manages the people, roles, agent
// links and groups of their own tenant, and nothing in another tenant.
import type { PersonPolicy } from './self.policy.js';

export const administrationPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (roles.includes('admin')) can('manage', 'Person', { tenantId });
};
