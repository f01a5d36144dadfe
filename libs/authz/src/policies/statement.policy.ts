import type { Action } from '../actions.js';
import type { XapiScope } from '../scopes.js';
import type { Policy } from './policy.js';

interface StatementGrant {
  readonly actions: readonly Action[];
  /** Only statements whose authority is the asking credential. */
  readonly mineOnly?: boolean;
}

// A Record over every scope, so adding a scope without deciding what it means for statements fails to compile.
// `state`, `define` and `profile` concern documents and activity definitions, never statements.
const grantsByScope: Readonly<Record<XapiScope, readonly StatementGrant[]>> = {
  // `all` is the installation's operator scope (the bootstrap credential has it): it reads every statement of
  // the tenant already, so it may also be told who else may read one and why (GET /api/v1/explain).
  all: [{ actions: ['read', 'write', 'explain'] }],
  'all/read': [{ actions: ['read'] }],
  'statements/read': [{ actions: ['read'] }],
  'statements/write': [{ actions: ['write'] }],
  'statements/read/mine': [{ actions: ['read'], mineOnly: true }],
  state: [],
  define: [],
  profile: [],
};

/**
 * Statement access from xAPI scopes. Every rule names the tenant, so the filter derived from any combination
 * of rules can never reach across tenants.
 */
export const statementPolicy: Policy = ({ can }, { tenantId, credentialId, scopes }) => {
  for (const scope of scopes) {
    for (const grant of grantsByScope[scope]) {
      const conditions = grant.mineOnly ? { tenantId, authorityCredentialId: credentialId } : { tenantId };
      can([...grant.actions], 'Statement', conditions);
    }
  }
};
