// Every statement that touches storage.attachment and storage.statement_attachment. Storing the data goes through
// TypeORM; linking it to a batch's statements is a bulk write and stays raw SQL (ADR 0008).
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { AttachmentEntity } from '../db/entities/attachment.entity.js';
import type { AttachmentLink } from './attachment-links.js';

export interface AttachmentData {
  sha2: string;
  contentType: string;
  content: Buffer;
}

@Injectable()
export class AttachmentRepository {
  /**
   * Stores attachment data not yet held for the tenant (the same SHA-2 is the same bytes, so an
   * existing row stays as it is, also under concurrent writers) and links each statement to the
   * data its request carried. Statements must already be inserted in this transaction.
   */
  async store(
    uow: UnitOfWork,
    tenantId: string,
    parts: AttachmentData[],
    links: AttachmentLink[],
  ): Promise<void> {
    const attachments = uow.manager.getRepository(AttachmentEntity);
    for (const part of parts) {
      // ON CONFLICT DO NOTHING: the primary key (tenant_id, sha2) is the table's only unique key.
      await attachments
        .createQueryBuilder()
        .insert()
        .values({
          tenantId,
          sha2: part.sha2,
          contentType: part.contentType,
          length: part.content.length,
          content: part.content,
        })
        .orIgnore()
        .execute();
    }
    if (links.length === 0) return;
    await uow.manager.query(
      `INSERT INTO storage.statement_attachment (statement_seq, sha2, tenant_id)
       SELECT s.seq, r.sha2, $1
         FROM jsonb_to_recordset($2::jsonb) AS r(statement_id uuid, sha2 text)
         JOIN storage.statement s ON s.tenant_id = $1 AND s.statement_id = r.statement_id
       ON CONFLICT (statement_seq, sha2) DO NOTHING`,
      [tenantId, JSON.stringify(links.map((l) => ({ statement_id: l.statementId, sha2: l.sha2 })))],
    );
  }

  /**
   * The attachment data that came with the given statements. `statementSeqs` must come from a
   * read that applied the caller's access filter in the same transaction, so the bytes leave
   * only with statements the caller may read.
   */
  async findForStatements(
    uow: UnitOfWork,
    tenantId: string,
    statementSeqs: string[],
  ): Promise<AttachmentData[]> {
    if (statementSeqs.length === 0) return [];
    // Raw SQL (ADR 0008): a read of what the access-filtered statement read let through.
    const rows: { sha2: string; content_type: string; content: Buffer }[] = await uow.manager.query(
      `SELECT a.sha2, a.content_type, a.content
         FROM storage.attachment a
        WHERE a.tenant_id = $1
          AND a.sha2 IN (SELECT l.sha2 FROM storage.statement_attachment l
                          WHERE l.tenant_id = $1 AND l.statement_seq = ANY($2::bigint[]))
        ORDER BY a.sha2`,
      [tenantId, statementSeqs],
    );
    return rows.map((r) => ({ sha2: r.sha2, contentType: r.content_type, content: r.content }));
  }
}
