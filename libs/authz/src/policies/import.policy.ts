// Who may import statements from another LRS into a tenant (docs/flows.md "Import from another LRS"): its admins,
// who start an import and follow it. Nobody else; an xAPI credential never does.
import type { PersonPolicy } from './self.policy.js';

export const importPolicy: PersonPolicy = ({ can }, { tenantId, roles }) => {
  if (roles.includes('admin')) can('manage', 'Import', { tenantId });
};
