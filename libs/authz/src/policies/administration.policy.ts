// Who administers people: a person holding the `admin` role manages the people, roles, agent
// links and groups of their own tenant, its institution policies, its xAPI client credentials and the retention
// of its statements; nothing in
// another tenant.
import type { PersonPolicy } from './self.policy.js';

export const administrationPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (!roles.includes('admin')) return;
  can('manage', 'Person', { tenantId });
  // Exporting a learner's records on the learner's request (DESIGN "Privacy operations"); named although
  // `manage` covers it, so that the grant survives if `manage` is ever narrowed.
  can('export', 'Person', { tenantId });
  // Institution policies (the admin API over /api/v1/policies) of the admin's own tenant.
  can('manage', 'Policy', { tenantId });
  // Lifting a sign-in lockout of the tenant's people and credentials (DELETE /api/v1/…/sign-in-lock).
  can('manage', 'SignIn', { tenantId });
  // The tenant's xAPI client credentials: created (the secret shown once), listed, revoked (/api/v1/credentials).
  can('manage', 'Credential', { tenantId });
  // The retention of the tenant's statements: rules, legal holds, dry runs and runs (/api/v1/retention/*).
  can('manage', 'Retention', { tenantId });
  // Any access decision on the tenant's statements explained (GET /api/v1/explain).
  can('explain', 'Statement', { tenantId });
};
