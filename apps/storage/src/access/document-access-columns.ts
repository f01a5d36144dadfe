// The column map of storage.document (alias d): the fields an access rule may name for documents.

/** Columns the access rules may name for documents (CASL field → SQL). Anything else fails closed. */
export const DOCUMENT_ACCESS_COLUMNS: Readonly<Record<string, string>> = {
  tenantId: 'd.tenant_id',
  kind: 'd.kind',
  activityId: 'd.activity_id',
  agentIfiHash: 'd.agent_ifi_hash',
  registration: 'd.registration',
};
