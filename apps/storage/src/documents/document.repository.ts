// Every statement that touches storage.document, one method each. Replacing and deleting by id go through TypeORM;
// the rest stay raw SQL (ADR 0008): the access-filtered reads, the address conditions over the expression index
// document_key (an upsert with ON CONFLICT on it, a FOR UPDATE lock in id order).
import { SqlParams, type SqlPart } from '@custos/authz';
import type { DocumentAddressV1, DocumentKindV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { DocumentEntity } from '../db/entities/document.entity.js';
import { documentAddressConditions } from './document-plan.js';

export interface LockedDocument {
  id: string;
  documentId: string;
  etag: string;
  contentType: string;
  /** As stored: sealed under the data key `sealedKeyId` names, or plain when it is null (sealing/). */
  content: Buffer;
  sealedKeyId: string | null;
}

export interface NewDocument {
  tenantId: string;
  kind: DocumentKindV1;
  address: DocumentAddressV1 & { documentId: string };
  contentType: string;
  content: Buffer;
  sealedKeyId: string | null;
  etag: string;
}

export interface ReadDocument {
  documentId: string;
  updated: Date;
  contentType: string;
  content: Buffer;
  sealedKeyId: string | null;
  etag: string;
}

interface DocumentRow {
  id: string;
  document_id: string;
  etag: string;
  content_type: string;
  content: Buffer;
  sealed_key_id: string | null;
}

// Stored at millisecond precision: the instants clients see (and send back as `since`) are milliseconds.
const NOW = `date_trunc('milliseconds', clock_timestamp())`;

@Injectable()
export class DocumentRepository {
  /**
   * The addressed documents, locked for the rest of the transaction (in id order, so two writers on
   * overlapping sets cannot deadlock). With a documentId, at most one.
   */
  async lock(
    uow: UnitOfWork,
    tenantId: string,
    kind: DocumentKindV1,
    address: DocumentAddressV1,
  ): Promise<LockedDocument[]> {
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const ofKind = params.add(kind);
    const where = documentAddressConditions(address, params);
    const rows: DocumentRow[] = await uow.manager.query(
      `SELECT d.id::text AS id, d.document_id, d.etag, d.content_type, d.content, d.sealed_key_id::text AS sealed_key_id
         FROM storage.document d
        WHERE d.tenant_id = ${tenant} AND d.kind = ${ofKind} AND ${where}
        ORDER BY d.id
        FOR UPDATE`,
      params.values,
    );
    return rows.map((r) => ({
      id: r.id,
      documentId: r.document_id,
      etag: r.etag,
      contentType: r.content_type,
      content: r.content,
      sealedKeyId: r.sealed_key_id,
    }));
  }

  /**
   * Inserts the document unless one with the same address exists; false when it did. A concurrent insert
   * of the same address makes this wait for that transaction, so a false is followed by {@link lock}.
   */
  async insertIfAbsent(uow: UnitOfWork, doc: NewDocument): Promise<boolean> {
    const inserted: unknown[] = await uow.manager.query(
      `INSERT INTO storage.document
         (tenant_id, kind, activity_id, agent_ifi_hash, registration, document_id, content, content_type, etag,
          sealed_key_id, updated)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ${NOW})
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        doc.tenantId,
        doc.kind,
        doc.address.activityId ?? null,
        doc.address.agentIfiHash ?? null,
        doc.address.registration ?? null,
        doc.address.documentId,
        doc.content,
        doc.contentType,
        doc.etag,
        doc.sealedKeyId,
      ],
    );
    return inserted.length === 1;
  }

  async replace(
    uow: UnitOfWork,
    id: string,
    contentType: string,
    content: Buffer,
    sealedKeyId: string | null,
    etag: string,
  ): Promise<void> {
    await uow.manager
      .getRepository(DocumentEntity)
      .update({ id }, { content, sealedKeyId, contentType, etag, updated: () => NOW });
  }

  async delete(uow: UnitOfWork, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // One array parameter, not IN (…): a context's documents may outnumber PostgreSQL's 65535 parameters.
    await uow.manager
      .createQueryBuilder()
      .delete()
      .from(DocumentEntity)
      .where('id = ANY(:ids::bigint[])', { ids })
      .execute();
  }

  /**
   * One document with its contents, if it exists and the caller may read it. `access` is the caller's
   * compiled access filter, in the WHERE clause: a document it may not read is never loaded.
   */
  async findOne(
    uow: UnitOfWork,
    tenantId: string,
    kind: DocumentKindV1,
    access: SqlPart,
    address: DocumentAddressV1,
  ): Promise<ReadDocument | undefined> {
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const ofKind = params.add(kind);
    const readable = access(params);
    const where = documentAddressConditions(address, params);
    const [row]: (DocumentRow & { document_id: string; updated: Date })[] = await uow.manager.query(
      `SELECT d.document_id, d.updated, d.content_type, d.content, d.sealed_key_id::text AS sealed_key_id, d.etag
         FROM storage.document d
        WHERE d.tenant_id = ${tenant} AND d.kind = ${ofKind} AND (${readable}) AND ${where}`,
      params.values,
    );
    return (
      row && {
        documentId: row.document_id,
        updated: row.updated,
        contentType: row.content_type,
        content: row.content,
        sealedKeyId: row.sealed_key_id,
        etag: row.etag,
      }
    );
  }

  /** Whether the addressed document exists, whoever may read it (for auditing a read that did not return it). */
  async exists(
    uow: UnitOfWork,
    tenantId: string,
    kind: DocumentKindV1,
    address: DocumentAddressV1,
  ): Promise<boolean> {
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const ofKind = params.add(kind);
    const where = documentAddressConditions(address, params);
    const rows: unknown[] = await uow.manager.query(
      `SELECT 1 FROM storage.document d WHERE d.tenant_id = ${tenant} AND d.kind = ${ofKind} AND ${where}`,
      params.values,
    );
    return rows.length > 0;
  }

  /**
   * The ids of the readable documents of a context, newest first, each with its latest update (a State id
   * can exist under several registrations). `since` is exclusive.
   */
  async listIds(
    uow: UnitOfWork,
    tenantId: string,
    kind: DocumentKindV1,
    access: SqlPart,
    address: DocumentAddressV1,
    since: string | undefined,
  ): Promise<{ documentId: string; updated: Date }[]> {
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const ofKind = params.add(kind);
    const readable = access(params);
    const where = documentAddressConditions(address, params);
    const after = since === undefined ? '' : `AND d.updated > ${params.add(since)}`;
    const rows: { document_id: string; updated: Date }[] = await uow.manager.query(
      `SELECT d.document_id, max(d.updated) AS updated FROM storage.document d
        WHERE d.tenant_id = ${tenant} AND d.kind = ${ofKind} AND (${readable}) AND ${where}
          ${after}
        GROUP BY d.document_id
        ORDER BY updated DESC, d.document_id`,
      params.values,
    );
    return rows.map((r) => ({ documentId: r.document_id, updated: r.updated }));
  }
}
