// Institution policies scoped to context activities (DESIGN "Access model", step 4): the set fields
// `parentActivityIds` … `otherActivityIds` of libs/authz, answered by an EXISTS over the statement's own rows in
// `storage.statement_context_activity`, the prefix as an escaped LIKE pattern (one array parameter). The kind
// is a number in the template because the template may hold no string literal (to-sql.ts checks that).
import { type AccessColumn, CONTEXT_ACTIVITY_FIELDS, type ContextActivityKind } from '@custos/authz';

/** How `storage.statement_context_activity.kind` codes each kind (fixed by migration 1795000005000). */
export const CONTEXT_ACTIVITY_KIND_CODES: Readonly<Record<ContextActivityKind, number>> = {
  parent: 1,
  grouping: 2,
  category: 3,
  other: 4,
};

export const contextActivityAccessColumns = (alias: 's' | 't'): Readonly<Record<string, AccessColumn>> =>
  Object.fromEntries(
    Object.entries(CONTEXT_ACTIVITY_FIELDS).map(([kind, field]) => [
      field,
      {
        exists:
          `EXISTS (SELECT 1 FROM storage.statement_context_activity ca WHERE ca.statement_seq = ${alias}.seq` +
          ` AND ca.tenant_id = ${alias}.tenant_id AND ca.kind = ${CONTEXT_ACTIVITY_KIND_CODES[kind as ContextActivityKind]}` +
          ` AND ca.activity_iri LIKE ANY({values}))`,
        match: 'prefix',
      } satisfies AccessColumn,
    ]),
  );
