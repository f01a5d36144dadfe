// Who may forward a tenant's statements to other LRSs and webhooks (docs/flows.md "Forwarding"): its admins, who
// create, change, delete and follow its targets. What a target then receives is decided by its grantee credential's
// own access, never by this rule. No xAPI credential manages targets, whatever its scopes.
import type { PersonPolicy } from './self.policy.js';

export const forwardingPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (roles.includes('admin')) can('manage', 'ForwardingTarget', { tenantId });
};
