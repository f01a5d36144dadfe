// Turns a document address into SQL conditions on storage.document (alias d). xAPI 1.0.3 Communication
// §2.3: a single-document request names one document, and "no registration" is itself a value; a State
// request for every document of a context (GET of ids, DELETE of all) covers every registration unless
// one is given.
import type { SqlParams } from '@custos/authz';
import type { DocumentAddressV1 } from '@custos/contracts';

/**
 * The conditions selecting the addressed documents (tenant and kind excluded: the caller puts them first), their
 * values added to `params`.
 * `activityId` and `agentIfiHash` are part of every address of the kinds that have them, so an absent one
 * means the column is null.
 */
export function documentAddressConditions(address: DocumentAddressV1, params: SqlParams): string {
  const conditions: string[] = [];
  const param = (value: unknown): string => params.add(value);
  const exactly = (column: string, value: string | undefined) =>
    conditions.push(value === undefined ? `${column} IS NULL` : `${column} = ${param(value)}`);
  // Ids of any length are keyed by their digest (migration 1796000004000); comparing digests uses that key.
  const exactlyText = (column: string, value: string | undefined) =>
    conditions.push(
      value === undefined
        ? `storage.text_key(${column}) IS NULL`
        : `storage.text_key(${column}) = storage.text_key(${param(value)})`,
    );

  exactlyText('d.activity_id', address.activityId);
  exactly('d.agent_ifi_hash', address.agentIfiHash);
  if (address.documentId !== undefined) {
    exactly('d.registration', address.registration);
    exactlyText('d.document_id', address.documentId);
  } else if (address.registration !== undefined) {
    conditions.push(`d.registration = ${param(address.registration)}`);
  }
  return conditions.join(' AND ');
}
