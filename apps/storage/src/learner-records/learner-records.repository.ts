// The SQL that looks at a learner's records as a whole: "may this caller read anything about them" (the
// Agents resource) and the pages of a learner data export. Every method takes the caller's compiled access
// filter and puts it in the WHERE clause: a record it does not allow is never loaded or counted.
import { SqlParams, type SqlPart } from '@custos/authz';
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

export interface ExportStatementRow {
  seq: string;
  payload: Record<string, unknown>;
}

export interface ExportDocumentRow {
  id: string;
  kind: string;
  activityId: string | null;
  agentIfiHash: string | null;
  registration: string | null;
  documentId: string;
  contentType: string;
  updated: Date;
  content: Buffer;
  /** The data key `content` is sealed under; null: plain. */
  sealedKeyId: string | null;
}

interface DocumentRow {
  id: string;
  kind: string;
  activity_id: string | null;
  agent_ifi_hash: string | null;
  registration: string | null;
  document_id: string;
  content_type: string;
  updated: Date;
  content: Buffer;
  sealed_key_id: string | null;
}

@Injectable()
export class LearnerRecordsRepository {
  /**
   * Whether some statement that `access` (alias s) lets the caller read has one of
   * `subjectHashes` as data subject (actor or actor Group member), voided statements included: they can still
   * be read by voidedStatementId.
   */
  async anyReadableAbout(
    uow: UnitOfWork,
    tenantId: string,
    subjectHashes: string[],
    access: SqlPart,
  ): Promise<boolean> {
    const params = new SqlParams();
    const [row]: { readable: boolean }[] = await uow.manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM storage.statement_agent subj
           JOIN storage.statement s ON s.seq = subj.statement_seq AND s.tenant_id = subj.tenant_id
          WHERE subj.tenant_id = ${params.add(tenantId)} AND subj.is_subject
            AND subj.ifi_hash = ANY(${params.add(subjectHashes)}::text[])
            AND (${access(params)})
       ) AS readable`,
      params.values,
    );
    return row!.readable;
  }

  /**
   * The keys an export stops at: rows added after this moment are not part of it. Over every tenant, so both
   * are a primary key look-up; the tenant and access conditions come with each page.
   */
  async snapshot(uow: UnitOfWork): Promise<{ throughSeq: string; throughDocumentId: string }> {
    const [row]: { through_seq: string; through_document_id: string }[] = await uow.manager.query(
      `SELECT (SELECT COALESCE(max(seq), 0) FROM storage.statement)::text AS through_seq,
              (SELECT COALESCE(max(id), 0) FROM storage.document)::text AS through_document_id`,
    );
    return { throughSeq: row!.through_seq, throughDocumentId: row!.through_document_id };
  }

  /**
   * The ids of the statements `access` (alias s) selects up to the snapshot: what the export
   * will hand out, counted and named in its audit record before any of it leaves.
   */
  async statementIdsThrough(
    uow: UnitOfWork,
    tenantId: string,
    throughSeq: string,
    access: SqlPart,
  ): Promise<string[]> {
    const params = new SqlParams();
    const rows: { statement_id: string }[] = await uow.manager.query(
      `SELECT s.statement_id::text AS statement_id FROM storage.statement s
        WHERE s.tenant_id = ${params.add(tenantId)} AND s.seq <= ${params.add(throughSeq)} AND (${access(params)})`,
      params.values,
    );
    return rows.map((r) => r.statement_id);
  }

  /** The document ids of the documents `access` (alias d) selects up to the snapshot. */
  async documentIdsThrough(
    uow: UnitOfWork,
    tenantId: string,
    throughId: string,
    access: SqlPart,
  ): Promise<string[]> {
    const params = new SqlParams();
    const rows: { document_id: string }[] = await uow.manager.query(
      `SELECT d.document_id FROM storage.document d
        WHERE d.tenant_id = ${params.add(tenantId)} AND d.id <= ${params.add(throughId)} AND (${access(params)})`,
      params.values,
    );
    return rows.map((r) => r.document_id);
  }

  /** Statements in seq order after `after` up to `through`, as `access` (alias s) allows. */
  async statementsPage(
    uow: UnitOfWork,
    tenantId: string,
    after: string,
    through: string,
    access: SqlPart,
    limit: number,
  ): Promise<ExportStatementRow[]> {
    const params = new SqlParams();
    return uow.manager.query(
      `SELECT s.seq::text AS seq, s.payload FROM storage.statement s
        WHERE s.tenant_id = ${params.add(tenantId)} AND s.seq > ${params.add(after)} AND s.seq <= ${params.add(through)}
          AND (${access(params)})
        ORDER BY s.seq
        LIMIT ${Number(limit)}`,
      params.values,
    );
  }

  /** Documents in id order after `after` up to `through`, as `access` (alias d) allows. */
  async documentsPage(
    uow: UnitOfWork,
    tenantId: string,
    after: string,
    through: string,
    access: SqlPart,
    limit: number,
  ): Promise<ExportDocumentRow[]> {
    const params = new SqlParams();
    const rows: DocumentRow[] = await uow.manager.query(
      `SELECT d.id::text AS id, d.kind, d.activity_id, d.agent_ifi_hash, d.registration::text AS registration,
              d.document_id, d.content_type, d.updated, d.content, d.sealed_key_id::text AS sealed_key_id
         FROM storage.document d
        WHERE d.tenant_id = ${params.add(tenantId)} AND d.id > ${params.add(after)} AND d.id <= ${params.add(through)}
          AND (${access(params)})
        ORDER BY d.id
        LIMIT ${Number(limit)}`,
      params.values,
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      activityId: r.activity_id,
      agentIfiHash: r.agent_ifi_hash,
      registration: r.registration,
      documentId: r.document_id,
      contentType: r.content_type,
      updated: r.updated,
      content: r.content,
      sealedKeyId: r.sealed_key_id,
    }));
  }
}
