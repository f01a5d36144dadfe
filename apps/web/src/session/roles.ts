// Which roles open which staff pages. The API decides in the end (403); these only keep people from pages and
// links that cannot work for them.

/** The auditor console: the audit log and its patterns. Admins are left out, as the API leaves them out. */
export const AUDITOR_ROLES = ['auditor'] as const;
/** Verifying the chain is open to admins too (docs/audit.md "Verifying the log"). */
export const INTEGRITY_ROLES = ['auditor', 'admin'] as const;

/** A guardian's page: the learners linked to them and the consent choices made for those who are minors. */
export const GUARDIAN_ROLES = ['guardian'] as const;

export const hasRole = (roles: readonly string[], wanted: readonly string[]) =>
  roles.some((r) => wanted.includes(r));
