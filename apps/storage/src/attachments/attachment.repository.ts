// Every statement that touches storage.attachment and storage.statement_attachment. Both are bulk writes of a
// batch and stay raw SQL (ADR 0008): one INSERT for all copies, one for all links.
import type { UnitOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import { PLAIN_ATTACHMENT_KEY } from '../db/entities/attachment.entity.js';
import type { AttachmentCopy } from '../sealing/index.js';
import type { AttachmentLink } from './attachment-links.js';

export interface AttachmentData {
  sha2: string;
  contentType: string;
  content: Buffer;
}

@Injectable()
export class AttachmentRepository {
  /**
   * Stores the copies of attachment data not yet held for the tenant (the same SHA-2 under the same key is the same
   * bytes, so an existing copy stays as it is, also under concurrent writers) and links each statement to the data
   * its request carried. Statements must already be inserted in this transaction.
   */
  async store(
    uow: UnitOfWork,
    tenantId: string,
    copies: readonly AttachmentCopy[],
    links: readonly AttachmentLink[],
  ): Promise<void> {
    if (copies.length > 0) {
      // ON CONFLICT DO NOTHING: the primary key (tenant_id, sha2, sealed_key_id) is the table's only unique key.
      await uow.manager.query(
        `INSERT INTO storage.attachment (tenant_id, sha2, sealed_key_id, content_type, length, content)
         SELECT $1, r.sha2, r.key_id, r.content_type, r.length, r.content
           FROM unnest($2::text[], $3::uuid[], $4::text[], $5::int[], $6::bytea[])
             AS r(sha2, key_id, content_type, length, content)
         ON CONFLICT DO NOTHING`,
        [
          tenantId,
          copies.map((c) => c.sha2),
          copies.map((c) => c.keyId ?? PLAIN_ATTACHMENT_KEY),
          copies.map((c) => c.contentType),
          copies.map((c) => c.length),
          copies.map((c) => c.content),
        ],
      );
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
   * Every stored copy of the attachment data that came with the given statements (plain ones first). `statementSeqs`
   * must come from a read that applied the caller's access filter in the same transaction, so the bytes leave only
   * with statements the caller may read.
   */
  async findForStatements(
    uow: UnitOfWork,
    tenantId: string,
    statementSeqs: readonly string[],
  ): Promise<AttachmentCopy[]> {
    if (statementSeqs.length === 0) return [];
    // Raw SQL (ADR 0008): a read of what the access-filtered statement read let through.
    const rows: { sha2: string; content_type: string; length: number; content: Buffer; key_id: string }[] =
      await uow.manager.query(
        `SELECT a.sha2, a.content_type, a.length, a.content, a.sealed_key_id::text AS key_id
           FROM storage.attachment a
          WHERE a.tenant_id = $1
            AND a.sha2 IN (SELECT l.sha2 FROM storage.statement_attachment l
                            WHERE l.tenant_id = $1 AND l.statement_seq = ANY($2::bigint[]))
          ORDER BY a.sha2, a.sealed_key_id`,
        [tenantId, [...statementSeqs]],
      );
    return rows.map((r) => ({
      sha2: r.sha2,
      contentType: r.content_type,
      length: r.length,
      content: r.content,
      keyId: r.key_id === PLAIN_ATTACHMENT_KEY ? null : r.key_id,
    }));
  }

  /** Deletes the copies sealed under these (destroyed) data keys, in the erasure's transaction; how many. */
  async deleteSealedUnder(uow: UnitOfWork, tenantId: string, keyIds: readonly string[]): Promise<number> {
    if (keyIds.length === 0) return 0;
    const [row]: { n: number }[] = await uow.manager.query(
      `WITH gone AS (DELETE FROM storage.attachment WHERE tenant_id = $1 AND sealed_key_id = ANY($2::uuid[]) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [tenantId, [...keyIds]],
    );
    return row!.n;
  }
}
