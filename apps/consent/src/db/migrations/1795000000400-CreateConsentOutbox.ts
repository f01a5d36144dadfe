import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * consent's transactional outbox: the `consent.changed` event of a grant, revocation, objection, withdrawal or
 * policy change is written here in the change's own transaction, published to JetStream after commit and then
 * deleted (libs/platform `TransactionalOutbox`, the same table shape as `storage.outbox`).
 */
export class CreateConsentOutbox1795000000400 implements MigrationInterface {
  name = 'CreateConsentOutbox1795000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.outbox (
        id uuid PRIMARY KEY,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.outbox`);
  }
}
