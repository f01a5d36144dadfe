// The SQL of consent's side of an erasure: the job rows, the person's identifier hashes, and the removal of the
// person with everything consent keeps about them (docs/adr/0013-erasure-and-crypto-shredding.md).
import type { ConsentErasureCountsV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

export interface ErasureRow {
  id: string;
  tenant_id: string;
  person_id: string;
  requested_by: 'admin' | 'self';
  requester_id: string;
  requested_at: Date;
  due_at: Date | null;
  approved_by: string | null;
  narrow: boolean;
  state: string;
  step: string;
  blockers: unknown[];
  subject_hashes: string[] | null;
  placeholder_name: string;
  storage_counts: Record<string, number> | null;
  consent_counts: Record<string, number> | null;
  completion: Record<string, unknown> | null;
  updated_at: Date;
}

export interface NewErasure {
  id: string;
  tenantId: string;
  personId: string;
  requestedBy: 'admin' | 'self';
  requesterId: string;
  dueAt: Date | null;
  approvedBy: string | null;
  narrow: boolean;
  state: 'waiting' | 'approved' | 'blocked';
  blockers: unknown[];
  placeholderName: string;
}

const COLUMNS = `id, tenant_id, person_id, requested_by, requester_id, requested_at, due_at, approved_by, narrow,
  state, step, blockers, subject_hashes, placeholder_name, storage_counts, consent_counts, completion, updated_at`;

const JSONB_COLUMNS: ReadonlySet<string> = new Set([
  'blockers',
  'storage_counts',
  'consent_counts',
  'completion',
]);

@Injectable()
export class ErasureRepository {
  /** The person's username when they exist in the tenant (locked: their links cannot change meanwhile). */
  async lockPerson(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
  ): Promise<{ username: string } | null> {
    const [row]: { username: string }[] = await uow.manager.query(
      `SELECT username FROM consent.person WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, personId],
    );
    return row ?? null;
  }

  /** Those of these person ids that exist in the tenant (a restored backup brought them back after an erasure). */
  async existingPersons(uow: UnitOfWork, tenantId: string, personIds: readonly string[]): Promise<string[]> {
    if (personIds.length === 0) return [];
    const rows: { id: string }[] = await uow.manager.query(
      `SELECT id::text AS id FROM consent.person WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`,
      [tenantId, [...personIds]],
    );
    return rows.map((r) => r.id);
  }

  async ifiHashesOf(uow: UnitOfWork, personId: string): Promise<string[]> {
    const rows: { ifi_hash: string }[] = await uow.manager.query(
      `SELECT ifi_hash FROM consent.person_agent WHERE person_id = $1 ORDER BY ifi_hash`,
      [personId],
    );
    return rows.map((r) => r.ifi_hash);
  }

  /** Inserts the job; false when the person already has an open one (the `erasure_open_key` index). */
  async insert(uow: UnitOfWork, e: NewErasure): Promise<boolean> {
    const rows: unknown[] = await uow.manager.query(
      `INSERT INTO consent.erasure (id, tenant_id, person_id, requested_by, requester_id, due_at, approved_by, narrow,
                                    state, blockers, placeholder_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (tenant_id, person_id) WHERE state IN ('waiting', 'approved', 'running') DO NOTHING
       RETURNING id`,
      [
        e.id,
        e.tenantId,
        e.personId,
        e.requestedBy,
        e.requesterId,
        e.dueAt,
        e.approvedBy,
        e.narrow,
        e.state,
        JSON.stringify(e.blockers),
        e.placeholderName,
      ],
    );
    return rows.length === 1;
  }

  async get(uow: UnitOfWork, tenantId: string, id: string, lock = false): Promise<ErasureRow | null> {
    const [row]: ErasureRow[] = await uow.manager.query(
      `SELECT ${COLUMNS} FROM consent.erasure WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return row ?? null;
  }

  /** Any tenant's job by id, locked; for the runner, which works through every tenant's jobs. */
  async lockById(uow: UnitOfWork, id: string): Promise<ErasureRow | null> {
    const [row]: ErasureRow[] = await uow.manager.query(
      `SELECT ${COLUMNS} FROM consent.erasure WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async ofPerson(uow: UnitOfWork, tenantId: string, personId: string): Promise<ErasureRow[]> {
    return uow.manager.query(
      `SELECT ${COLUMNS} FROM consent.erasure WHERE tenant_id = $1 AND person_id = $2 ORDER BY requested_at DESC`,
      [tenantId, personId],
    );
  }

  async ofTenant(uow: UnitOfWork, tenantId: string, limit: number): Promise<ErasureRow[]> {
    return uow.manager.query(
      `SELECT ${COLUMNS} FROM consent.erasure WHERE tenant_id = $1 ORDER BY requested_at DESC LIMIT $2`,
      [tenantId, limit],
    );
  }

  /** Jobs to work on now: approved, running, or waiting past their grace period; oldest first. */
  async due(uow: UnitOfWork, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await uow.manager.query(
      `SELECT id FROM consent.erasure
        WHERE state IN ('approved', 'running') OR (state = 'waiting' AND due_at <= now())
        ORDER BY requested_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  async update(uow: UnitOfWork, id: string, set: Partial<Record<keyof ErasureRow, unknown>>): Promise<void> {
    const keys = Object.keys(set);
    // jsonb columns get JSON text; text[] and scalars go as they are.
    const values = keys.map((k) =>
      JSONB_COLUMNS.has(k) ? JSON.stringify(set[k as keyof ErasureRow]) : set[k as keyof ErasureRow],
    );
    await uow.manager.query(
      `UPDATE consent.erasure SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now()
        WHERE id = $1`,
      [id, ...values],
    );
  }

  /**
   * Deletes the person and, by the foreign keys' cascade, their roles, agent links, group memberships, grants,
   * objections and receipts; and their sign-in throttle rows (kept under a hash of tenant and username). Counted
   * before the delete, for the completion record.
   */
  async erasePerson(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    throttleSubject: string | null,
  ): Promise<ConsentErasureCountsV1> {
    const [counts]: ConsentErasureCountsV1[] = await uow.manager.query(
      `SELECT (SELECT count(*) FROM consent.person WHERE tenant_id = $1 AND id = $2)::int AS "person",
              (SELECT count(*) FROM consent.person_agent WHERE person_id = $2)::int AS "agentLinks",
              (SELECT count(*) FROM consent.person_role WHERE person_id = $2)::int AS "roles",
              (SELECT count(*) FROM consent.people_group_member WHERE person_id = $2)::int AS "groupMemberships",
              (SELECT count(*) FROM consent.consent_grant WHERE person_id = $2)::int AS "grants",
              (SELECT count(*) FROM consent.objection WHERE person_id = $2)::int AS "objections",
              (SELECT count(*) FROM consent.consent_receipt WHERE person_id = $2)::int AS "receipts",
              (SELECT count(*) FROM consent.sign_in_throttle WHERE subject = $3 OR account = $3)::int AS "signInRecords"`,
      [tenantId, personId, throttleSubject],
    );
    await uow.manager.query(`DELETE FROM consent.sign_in_throttle WHERE subject = $1 OR account = $1`, [
      throttleSubject,
    ]);
    await uow.manager.query(`DELETE FROM consent.person WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      personId,
    ]);
    return counts!;
  }
}
