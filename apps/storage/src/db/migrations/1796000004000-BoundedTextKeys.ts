import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Any valid value is stored: a B-tree entry holds at most about 2.7 kB, but an IRI, an activity id or a
 * stateId may be any length (xAPI Data §2.2, Communication §2.3), so a 2 MB verb IRI failed its insert with
 * "index row requires … bytes". Every index and unique key on such a column now holds a bounded form of it:
 *
 * - equality and uniqueness: `storage.text_key(col)`, the SHA-256 of its UTF-8 bytes (32 bytes whatever the
 *   length; collisions are out of reach, so uniqueness on the digest is uniqueness on the value). Readers
 *   compare `storage.text_key(col) = storage.text_key($n)` to use the index.
 * - prefix matching (policy context-activity scopes, LIKE with `text_pattern_ops`): `left(col, 256)`, whose
 *   index entries are at most 1 kB.
 *
 * Primary keys cannot hold an expression, so the composite keys that ended in an IRI become unique indexes.
 * Columns of bounded values (uuids, SHA hashes, tenant ids, consent's length-checked fields) keep theirs.
 */
export class BoundedTextKeys1796000004000 implements MigrationInterface {
  name = 'BoundedTextKeys1796000004000';

  async up(q: QueryRunner): Promise<void> {
    // Declared IMMUTABLE (convert_to is only STABLE) so indexes may use it: the database encoding, the only
    // input convert_to's result depends on besides the value, cannot change.
    await q.query(`
      CREATE FUNCTION storage.text_key(value text) RETURNS bytea
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN sha256(convert_to(value, 'UTF8'))`);

    await q.query(`DROP INDEX storage.statement_verb_idx`);
    await q.query(
      `CREATE INDEX statement_verb_idx ON storage.statement (tenant_id, storage.text_key(verb_iri), seq)`,
    );

    await q.query(`ALTER TABLE storage.statement_activity DROP CONSTRAINT statement_activity_pkey`);
    await q.query(
      `CREATE UNIQUE INDEX statement_activity_key ON storage.statement_activity
         (statement_seq, storage.text_key(activity_iri))`,
    );
    await q.query(`DROP INDEX storage.statement_activity_lookup_idx`);
    await q.query(
      `CREATE INDEX statement_activity_lookup_idx ON storage.statement_activity
         (tenant_id, storage.text_key(activity_iri), statement_seq)`,
    );

    await q.query(
      `ALTER TABLE storage.statement_context_activity DROP CONSTRAINT statement_context_activity_pkey`,
    );
    await q.query(
      `CREATE UNIQUE INDEX statement_context_activity_key ON storage.statement_context_activity
         (statement_seq, kind, storage.text_key(activity_iri))`,
    );
    await q.query(`DROP INDEX storage.statement_context_activity_lookup_idx`);
    await q.query(
      `CREATE INDEX statement_context_activity_lookup_idx ON storage.statement_context_activity
         (tenant_id, kind, left(activity_iri, 256) text_pattern_ops, statement_seq)`,
    );

    await q.query(`ALTER TABLE storage.activity DROP CONSTRAINT activity_pkey`);
    await q.query(
      `CREATE UNIQUE INDEX activity_key ON storage.activity (tenant_id, storage.text_key(activity_id))`,
    );

    await q.query(`ALTER TABLE storage.document DROP CONSTRAINT document_key`);
    await q.query(
      `CREATE UNIQUE INDEX document_key ON storage.document
         (tenant_id, kind, storage.text_key(activity_id), agent_ifi_hash, registration, storage.text_key(document_id))
         NULLS NOT DISTINCT`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX storage.document_key`);
    await q.query(
      `ALTER TABLE storage.document ADD CONSTRAINT document_key
         UNIQUE NULLS NOT DISTINCT (tenant_id, kind, activity_id, agent_ifi_hash, registration, document_id)`,
    );
    await q.query(`DROP INDEX storage.activity_key`);
    await q.query(`ALTER TABLE storage.activity ADD PRIMARY KEY (tenant_id, activity_id)`);
    await q.query(`DROP INDEX storage.statement_context_activity_lookup_idx`);
    await q.query(
      `CREATE INDEX statement_context_activity_lookup_idx ON storage.statement_context_activity
         (tenant_id, kind, activity_iri text_pattern_ops, statement_seq)`,
    );
    await q.query(`DROP INDEX storage.statement_context_activity_key`);
    await q.query(
      `ALTER TABLE storage.statement_context_activity ADD PRIMARY KEY (statement_seq, kind, activity_iri)`,
    );
    await q.query(`DROP INDEX storage.statement_activity_lookup_idx`);
    await q.query(
      `CREATE INDEX statement_activity_lookup_idx ON storage.statement_activity (tenant_id, activity_iri, statement_seq)`,
    );
    await q.query(`DROP INDEX storage.statement_activity_key`);
    await q.query(`ALTER TABLE storage.statement_activity ADD PRIMARY KEY (statement_seq, activity_iri)`);
    await q.query(`DROP INDEX storage.statement_verb_idx`);
    await q.query(`CREATE INDEX statement_verb_idx ON storage.statement (tenant_id, verb_iri, seq)`);
    await q.query(`DROP FUNCTION storage.text_key(text)`);
  }
}
