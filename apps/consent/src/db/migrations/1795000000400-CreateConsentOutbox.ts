import { outboxMigration } from '@custos/platform';

/**
 * consent's transactional outbox: the `consent.changed` event of a grant, revocation, objection, withdrawal or
 * policy change is written here in the change's own transaction, published to JetStream after commit and then
 * deleted (libs/platform `TransactionalOutbox`, the same table shape as `storage.outbox`: outbox-table.ts).
 */
export class CreateConsentOutbox1795000000400 extends outboxMigration(
  'consent',
  'CreateConsentOutbox1795000000400',
) {}
