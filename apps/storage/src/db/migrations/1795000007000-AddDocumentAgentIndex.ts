import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "The State and Agent Profile documents of these agents, in id order": a learner data export pages through
 * them by id under the learner's self access (`agent_ifi_hash = ANY(…)`), which the document key, led by kind
 * and activity, cannot serve.
 */
export class AddDocumentAgentIndex1795000007000 implements MigrationInterface {
  name = 'AddDocumentAgentIndex1795000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX document_agent_idx ON storage.document (tenant_id, agent_ifi_hash, id) WHERE agent_ifi_hash IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX storage.document_agent_idx`);
  }
}
