// DESIGN "Access model", decision step 2 (self access): a learner reads every record about themself. The
// records about a learner are the statements whose data subject (the actor, or a member of an actor
// Group) is one of the learner's linked xAPI identifiers, and the State and Agent Profile documents
// addressed to one of them.
import type { RuleSink } from './policy.js';

/** A person as the person policies see it: tenant and fields already checked. */
export interface PersonPolicyPrincipal {
  readonly tenantId: string;
  readonly personId: string;
  readonly roles: readonly string[];
  /** SHA-256 hashes of the learner's linked identifiers (an mbox in both its mbox and mbox_sha1sum forms). */
  readonly agentIfiHashes: readonly string[];
}

/** Adds the rules one aspect of a person's access grants. Everything not granted stays denied. */
export type PersonPolicy = (rules: RuleSink, person: PersonPolicyPrincipal) => void;

/**
 * Self access: read, and explain who else may read, only for the `learner` role with at least one linked
 * identifier; and read the audit records about them (who accessed their records).
 */
export const selfAccessPolicy: PersonPolicy = ({ can }, { tenantId, roles, agentIfiHashes }) => {
  if (!roles.includes('learner') || agentIfiHashes.length === 0) return;
  const hashes = [...new Set(agentIfiHashes)];
  can('read', 'Statement', { tenantId, subjectIfiHashes: { $in: hashes } });
  // The learner concerned may be told who may read a statement about them, and why (GET /api/v1/explain).
  can('explain', 'Statement', { tenantId, subjectIfiHashes: { $in: hashes } });
  can('read', 'Document', {
    tenantId,
    kind: { $in: ['state', 'agentProfile'] },
    agentIfiHash: { $in: hashes },
  });
  // The learner's access log (GET /api/v1/me/access-log): the audit records of accesses to their records.
  can('read', 'AuditRecord', { tenantId, learnerIfiHashes: { $in: hashes } });
};
