import type { Action, DocumentKind } from '../actions.js';
import type { XapiScope } from '../scopes.js';
import type { Policy } from './policy.js';

interface DocumentGrant {
  readonly actions: readonly Action[];
  /** Only documents of these kinds; every kind when absent. */
  readonly kinds?: readonly DocumentKind[];
}

// xAPI 1.0.3 Communication §4.2 (IEEE 9274.1.1 §4.3.2) scopes: `state` reads and writes State documents,
// `profile` reads and writes Activity and Agent Profile documents, `all/read` and `all` are unrestricted
// read and read/write. A Record over every scope, so adding a scope without deciding what it means for
// documents fails to compile. The statement scopes and `define` grant no document access.
const grantsByScope: Readonly<Record<XapiScope, readonly DocumentGrant[]>> = {
  all: [{ actions: ['read', 'write'] }],
  'all/read': [{ actions: ['read'] }],
  state: [{ actions: ['read', 'write'], kinds: ['state'] }],
  profile: [{ actions: ['read', 'write'], kinds: ['activityProfile', 'agentProfile'] }],
  'statements/read': [],
  'statements/write': [],
  'statements/read/mine': [],
  define: [],
};

/**
 * Document access from xAPI scopes. Every rule names the tenant, so a filter derived from any combination of
 * rules can never reach across tenants.
 */
export const documentPolicy: Policy = ({ can }, { tenantId, scopes }) => {
  for (const scope of scopes) {
    for (const grant of grantsByScope[scope]) {
      const conditions = grant.kinds ? { tenantId, kind: { $in: [...grant.kinds] } } : { tenantId };
      can([...grant.actions], 'Document', conditions);
    }
  }
};
