import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutbox1795000000002 implements MigrationInterface {
  name = 'CreateOutbox1795000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE storage.outbox (
        id uuid PRIMARY KEY,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE storage.outbox`);
  }
}
