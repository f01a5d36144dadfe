// Every SQL statement of write purposes (docs/privacy-operations.md "Write purposes"), one method each: the
// decision at ingest, held statements in and out. The basis test is subjectHasBasisSql, shared by the decision and
// the release, against consent's published views (ADR 0004).
import type { WriteWithoutBasisV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { withTenantSessionLock } from '../db/session-lock.js';

import { subjectHasBasisSql } from '../access/index.js';
import { STORAGE_DB } from '../core/index.js';

/** The current version of a policy's write settings, as consent publishes them (consent.write_purpose). */
export interface WritePurposeRow {
  lawfulBasis: string;
  onWriteWithoutBasis: WriteWithoutBasisV1;
  holdDays: number;
}

/** One data subject of a statement of a batch, by the statement's place in the batch. */
export interface SubjectTerm {
  ord: number;
  ifiHash: string;
  verbIri: string;
  objectActivityId: string | null;
}

export interface HeldRow {
  seq: string;
  statementId: string;
  sealed: Buffer;
}

/** Session-level lock of a tenant's hold maintenance: one replica at a time releases and drops. */

@Injectable()
export class WritePurposeRepository {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  /**
   * The policy's write settings and the places in the batch of the statements with a data subject that has no
   * basis under it; null when the tenant has no such current policy. One round trip.
   */
  async decide(
    uow: UnitOfWork,
    tenantId: string,
    policyId: string,
    subjects: SubjectTerm[],
  ): Promise<{ purpose: WritePurposeRow; withoutBasis: Set<number> } | null> {
    const rows: {
      lawful_basis: string;
      on_write_without_basis: WriteWithoutBasisV1;
      hold_days: number;
      without_basis: number[];
    }[] = await uow.manager.query(
      `SELECT wp.lawful_basis, wp.on_write_without_basis, wp.hold_days,
              ARRAY(SELECT DISTINCT x.ord FROM unnest($3::int[], $4::text[], $5::text[], $6::text[])
                      AS x(ord, ifi_hash, verb_iri, object_activity_id)
                     WHERE NOT ${subjectHasBasisSql({
                       tenantId: 'wp.tenant_id',
                       policyId: 'wp.policy_id',
                       lawfulBasis: 'wp.lawful_basis',
                       ifiHash: 'x.ifi_hash',
                       verbIri: 'x.verb_iri',
                       objectActivityId: 'x.object_activity_id',
                     })}) AS without_basis
         FROM consent.write_purpose wp
        WHERE wp.tenant_id = $1 AND wp.policy_id = $2`,
      [
        tenantId,
        policyId,
        subjects.map((s) => s.ord),
        subjects.map((s) => s.ifiHash),
        subjects.map((s) => s.verbIri),
        subjects.map((s) => s.objectActivityId),
      ],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      purpose: {
        lawfulBasis: row.lawful_basis,
        onWriteWithoutBasis: row.on_write_without_basis,
        holdDays: row.hold_days,
      },
      withoutBasis: new Set(row.without_basis),
    };
  }

  /** Holds the statements just inserted with these ids (`sealed`: their content) until `holdDays` from now. */
  async insertHeld(
    uow: UnitOfWork,
    tenantId: string,
    policyId: string,
    holdDays: number,
    held: { statementId: string; sealed: Buffer }[],
  ): Promise<void> {
    if (held.length === 0) return;
    await uow.manager.query(
      `INSERT INTO storage.held_statement (statement_seq, tenant_id, policy_id, hold_until, sealed)
       SELECT s.seq, $1, $2, now() + make_interval(days => $3), h.sealed
         FROM unnest($4::uuid[], $5::bytea[]) AS h(statement_id, sealed)
         JOIN storage.statement s ON s.tenant_id = $1 AND s.statement_id = h.statement_id`,
      [tenantId, policyId, holdDays, held.map((h) => h.statementId), held.map((h) => h.sealed)],
    );
  }

  /** The held ones among the tenant's statements with these ids, with their sealed content. */
  async findHeld(uow: UnitOfWork, tenantId: string, statementIds: string[]): Promise<HeldRow[]> {
    if (statementIds.length === 0) return [];
    const rows: { seq: string; statement_id: string; sealed: Buffer }[] = await uow.manager.query(
      `SELECT s.seq::text AS seq, s.statement_id, h.sealed
         FROM storage.statement s JOIN storage.held_statement h ON h.statement_seq = s.seq
        WHERE s.tenant_id = $1 AND s.statement_id = ANY($2::uuid[])`,
      [tenantId, statementIds],
    );
    return rows.map((r) => ({ seq: r.seq, statementId: r.statement_id, sealed: r.sealed }));
  }

  /**
   * Up to `limit` held statements of the tenant (of `policyId` when given) whose every data subject now has a
   * basis under the policy they were held for, locked for release (another replica skips them).
   */
  async findReleasable(
    uow: UnitOfWork,
    tenantId: string,
    policyId: string | undefined,
    limit: number,
  ): Promise<HeldRow[]> {
    const basis = subjectHasBasisSql({
      tenantId: 'h.tenant_id',
      policyId: 'h.policy_id',
      lawfulBasis: 'wp.lawful_basis',
      ifiHash: 'sa.ifi_hash',
      verbIri: 's.verb_iri',
      objectActivityId: 's.object_activity_id',
    });
    const rows: { seq: string; statement_id: string; sealed: Buffer }[] = await uow.manager.query(
      `SELECT s.seq::text AS seq, s.statement_id, h.sealed
         FROM storage.held_statement h
         JOIN storage.statement s ON s.seq = h.statement_seq
         JOIN consent.write_purpose wp ON wp.tenant_id = h.tenant_id AND wp.policy_id = h.policy_id
        WHERE h.tenant_id = $1 AND ($2::text IS NULL OR h.policy_id = $2) AND h.hold_until > now()
          AND NOT EXISTS (SELECT 1 FROM storage.statement_agent sa
                           WHERE sa.statement_seq = s.seq AND sa.tenant_id = s.tenant_id AND sa.is_subject
                             AND NOT ${basis})
        ORDER BY s.seq LIMIT $3
        FOR UPDATE OF h SKIP LOCKED`,
      [tenantId, policyId ?? null, limit],
    );
    return rows.map((r) => ({ seq: r.seq, statementId: r.statement_id, sealed: r.sealed }));
  }

  /**
   * Releases held statements: their content back in place, `stored` set to now (so a client reading what was
   * stored since its last visit sees them), the hold gone. Readable from this commit on.
   */
  async release(
    uow: UnitOfWork,
    tenantId: string,
    released: { seq: string; payload: Record<string, unknown> }[],
  ): Promise<void> {
    if (released.length === 0) return;
    await uow.manager.query(
      `UPDATE storage.statement s
          SET payload = jsonb_set(r.payload, '{stored}', to_jsonb(to_char(now() AT TIME ZONE 'UTC',
                                  'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
              stored = date_trunc('milliseconds', now())
         FROM unnest($2::bigint[], $3::jsonb[]) AS r(seq, payload)
        WHERE s.tenant_id = $1 AND s.seq = r.seq`,
      [tenantId, released.map((r) => r.seq), released.map((r) => JSON.stringify(r.payload))],
    );
    await uow.manager.query(
      `DELETE FROM storage.held_statement WHERE tenant_id = $1 AND statement_seq = ANY($2::bigint[])`,
      [tenantId, released.map((r) => r.seq)],
    );
  }

  /**
   * Drops up to `limit` of the tenant's held statements whose deadline has passed: the statement rows go (their
   * links and hold with them, by cascade and trigger), then attachment data no statement refers to any more.
   * How many statements went.
   */
  async dropExpired(uow: UnitOfWork, tenantId: string, limit: number): Promise<number> {
    const batch: { seq: string }[] = await uow.manager.query(
      `SELECT statement_seq::text AS seq FROM storage.held_statement
        WHERE tenant_id = $1 AND hold_until <= now()
        ORDER BY hold_until LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [tenantId, limit],
    );
    if (batch.length === 0) return 0;
    const seqs = batch.map((b) => b.seq);
    const shas: { sha2: string }[] = await uow.manager.query(
      `SELECT DISTINCT sha2 FROM storage.statement_attachment WHERE tenant_id = $1 AND statement_seq = ANY($2::bigint[])`,
      [tenantId, seqs],
    );
    const [, deleted]: [unknown, number] = await uow.manager.query(
      `DELETE FROM storage.statement WHERE tenant_id = $1 AND seq = ANY($2::bigint[])`,
      [tenantId, seqs],
    );
    if (shas.length > 0) {
      await uow.manager.query(
        `DELETE FROM storage.attachment a WHERE a.tenant_id = $1 AND a.sha2 = ANY($2::text[])
           AND NOT EXISTS (SELECT 1 FROM storage.statement_attachment l WHERE l.tenant_id = a.tenant_id AND l.sha2 = a.sha2)`,
        [tenantId, shas.map((r) => r.sha2)],
      );
    }
    return deleted;
  }

  /** Tenants that hold statements: the periodic job visits these. */
  async tenantsWithHeld(): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.db.query(
      `SELECT DISTINCT tenant_id FROM storage.held_statement ORDER BY tenant_id`,
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Runs `work` holding the tenant's hold lock; undefined without running it when another replica holds it. */
  withHoldLock<T>(tenantId: string, work: () => Promise<T>): Promise<T | undefined> {
    return withTenantSessionLock(this.db, 'custos.write-purposes.holds', tenantId, work);
  }
}
