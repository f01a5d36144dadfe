import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At most one standing (not withdrawn) objection per learner and policy, enforced by the database so two
 * concurrent objections cannot both be stored (the second is a 409). Duplicates stored before this migration
 * are withdrawn, keeping the oldest: a learner's objection to a policy has the same effect once or twice.
 */
export class AddStandingObjectionKey1795000000600 implements MigrationInterface {
  name = 'AddStandingObjectionKey1795000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE consent.objection o SET withdrawn_at = now()
        FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id, person_id, policy_id
                                             ORDER BY created_at, id) AS n
                FROM consent.objection WHERE withdrawn_at IS NULL) d
       WHERE o.id = d.id AND d.n > 1`);
    await q.query(
      `CREATE UNIQUE INDEX objection_standing_key ON consent.objection (tenant_id, person_id, policy_id)
       WHERE withdrawn_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consent.objection_standing_key`);
  }
}
