import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person each erasure was of, in the key store's record of it (a random id, nothing personal): after a restore of
 * older data, the people to erase again (docs/operations.md "Backups and erasure"). NULL for a request that did not
 * name the person.
 */
export class KeyErasurePerson1799001000001 implements MigrationInterface {
  name = 'KeyErasurePerson1799001000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE keys.erasure ADD COLUMN person_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE keys.erasure DROP COLUMN person_id`);
  }
}
