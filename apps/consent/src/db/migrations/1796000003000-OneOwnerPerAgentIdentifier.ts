import { createHash, randomUUID } from 'node:crypto';

import type { MigrationInterface, QueryRunner } from 'typeorm';

interface LinkRow {
  person_id: string;
  tenant_id: string;
  ifi: string;
  ifi_hash: string;
}

const sha1Hex = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

/**
 * An xAPI identifier belongs to at most one person per tenant: whoever it is linked to reads as that learner
 * ("self access"). The link now carries its tenant (set by a trigger from the person, so it cannot disagree) and
 * when it was made, and a unique index on (tenant_id, ifi_hash) — the hash of the canonical identifier, one row
 * per form, an mbox also as its mbox_sha1sum — refuses a second owner even under concurrent requests.
 *
 * Identifiers already linked to several people of a tenant (possible before this migration) stay with the person
 * created first, the one who most likely is that learner; each later person loses that identifier (an mbox
 * together with its mbox_sha1sum form). Each such removal is recorded like any unlink: an `agent.unlink`
 * audit record by `migration` (system), through the outbox, concerning the identifier and the person's remaining
 * ones — so the learner's access log shows it. Existing links are dated from their person's creation.
 */
export class OneOwnerPerAgentIdentifier1796000003000 implements MigrationInterface {
  name = 'OneOwnerPerAgentIdentifier1796000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE consent.person_agent ADD COLUMN tenant_id text, ADD COLUMN linked_at timestamptz`,
    );
    await q.query(`
      UPDATE consent.person_agent a SET tenant_id = p.tenant_id, linked_at = p.created_at
        FROM consent.person p WHERE p.id = a.person_id`);
    await q.query(`
      ALTER TABLE consent.person_agent
        ALTER COLUMN tenant_id SET NOT NULL,
        ALTER COLUMN linked_at SET NOT NULL,
        ALTER COLUMN linked_at SET DEFAULT now()`);
    await q.query(`
      CREATE FUNCTION consent.person_agent_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.tenant_id := (SELECT tenant_id FROM consent.person WHERE id = NEW.person_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER person_agent_tenant BEFORE INSERT OR UPDATE OF person_id, tenant_id ON consent.person_agent
        FOR EACH ROW EXECUTE FUNCTION consent.person_agent_tenant()`);
    await this.removeLaterOwners(q);
    await q.query(
      `CREATE UNIQUE INDEX person_agent_tenant_ifi_hash_key ON consent.person_agent (tenant_id, ifi_hash)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consent.person_agent_tenant_ifi_hash_key`);
    await q.query(`DROP TRIGGER person_agent_tenant ON consent.person_agent`);
    await q.query(`DROP FUNCTION consent.person_agent_tenant()`);
    await q.query(`ALTER TABLE consent.person_agent DROP COLUMN linked_at, DROP COLUMN tenant_id`);
  }

  private async removeLaterOwners(q: QueryRunner): Promise<void> {
    // Every link of every person that shares an identifier hash with an earlier-created person of its tenant.
    const losers = (await q.query(`
      WITH ranked AS (
        SELECT a.person_id, a.tenant_id, a.ifi_hash,
               row_number() OVER (PARTITION BY a.tenant_id, a.ifi_hash ORDER BY p.created_at, p.id) AS rank
          FROM consent.person_agent a JOIN consent.person p ON p.id = a.person_id)
      SELECT a.person_id::text, a.tenant_id, a.ifi, a.ifi_hash,
             EXISTS (SELECT 1 FROM ranked r WHERE r.person_id = a.person_id AND r.ifi_hash = a.ifi_hash
                                               AND r.rank > 1) AS lost
        FROM consent.person_agent a
       WHERE a.person_id IN (SELECT person_id FROM ranked WHERE rank > 1)
       ORDER BY a.person_id, a.ifi`)) as (LinkRow & { lost: boolean })[];
    const byPerson = new Map<string, (LinkRow & { lost: boolean })[]>();
    for (const row of losers) byPerson.set(row.person_id, [...(byPerson.get(row.person_id) ?? []), row]);
    for (const [personId, rows] of byPerson) {
      // An mbox and its mbox_sha1sum are one identifier: losing either form loses both.
      const twinOf = (ifi: string) => `mbox_sha1sum:${sha1Hex(ifi.slice('mbox:'.length))}`;
      const lost = new Set(rows.filter((r) => r.lost).map((r) => r.ifi));
      for (const r of rows) {
        if (r.ifi.startsWith('mbox:') && (lost.has(r.ifi) || lost.has(twinOf(r.ifi)))) {
          lost.add(r.ifi);
          lost.add(twinOf(r.ifi));
        }
      }
      const removed = rows.filter((r) => lost.has(r.ifi));
      // Counted as identifiers, as an admin gave them: an mbox with its derived sha1 is one.
      const derived = new Set(removed.filter((r) => r.ifi.startsWith('mbox:')).map((r) => twinOf(r.ifi)));
      const unlinked = removed.filter((r) => !derived.has(r.ifi)).length;
      await q.query(`DELETE FROM consent.person_agent WHERE person_id = $1 AND ifi_hash = ANY($2::text[])`, [
        personId,
        removed.map((r) => r.ifi_hash),
      ]);
      const tenantId = rows[0]!.tenant_id;
      const messageId = randomUUID();
      const at = new Date().toISOString();
      const event = {
        type: 'custos.consent.v1.audit_recorded',
        messageId,
        tenantId,
        principalId: 'migration',
        principalKind: 'system',
        action: 'agent.unlink',
        resource: 'person',
        query: {
          personId,
          unlinked,
          reason: 'the identifier was linked to an earlier person of the tenant, who keeps it',
        },
        decision: 'allow',
        learnerIfiHashes: [...new Set(rows.map((r) => r.ifi_hash))].sort(),
        at,
      };
      await q.query(`INSERT INTO consent.outbox (id, subject, payload) VALUES ($1, $2, $3)`, [
        messageId,
        'consent.v1.audit.recorded',
        JSON.stringify(event),
      ]);
    }
  }
}
