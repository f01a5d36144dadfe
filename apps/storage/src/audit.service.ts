// Appends to and verifies the per-tenant audit hash chain.
import type { AppendAuditV1, VerifyAuditReplyV1 } from '@custos/contracts';
import { Injectable } from '@nestjs/common';

import { checkLink, GENESIS_HASH, hashAuditRecord } from './audit-chain.js';
import { AuditRepository } from './audit.repository.js';
import { TransactionRunner, type Tx } from './db/transaction.js';

const VERIFY_PAGE = 1000;

@Injectable()
export class AuditService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly records: AuditRepository,
  ) {}

  /** Appends inside the caller's transaction: the record commits with the work it describes. */
  async appendInTx(tx: Tx, entry: AppendAuditV1): Promise<{ seq: string; hash: string }> {
    const head = await this.records.lockHead(tx, entry.tenantId);
    const content = {
      tenantId: entry.tenantId,
      seq: (head.seq + 1n).toString(),
      at: new Date().toISOString(),
      principalId: entry.audit.principalId,
      action: entry.audit.action,
      query: entry.audit.query,
      decision: entry.decision,
      count: entry.count,
      reason: entry.reason ?? null,
      prevHash: head.hash,
    };
    const hash = hashAuditRecord(content);
    await this.records.append(tx, { ...content, hash });
    return { seq: content.seq, hash };
  }

  append(entry: AppendAuditV1): Promise<{ seq: string; hash: string }> {
    return this.tx.run((tx) => this.appendInTx(tx, entry));
  }

  /** Walks the chain from the start; reports the first record that breaks it. */
  async verify(tenantId: string): Promise<VerifyAuditReplyV1> {
    let expectedSeq = 1n;
    let prev = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const page = await this.records.page(tenantId, expectedSeq - 1n, VERIFY_PAGE);
      for (const record of page) {
        const broken = checkLink(record, expectedSeq, prev);
        if (broken) return { ok: false, checked, firstBroken: { seq: record.seq, reason: broken } };
        checked += 1;
        expectedSeq += 1n;
        prev = record.hash;
      }
      if (page.length < VERIFY_PAGE) break;
    }
    const head = await this.records.head(tenantId);
    if (head && (head.seq !== expectedSeq - 1n || head.hash !== prev)) {
      // Records were removed from the end, or the head was rewritten.
      return {
        ok: false,
        checked,
        firstBroken: { seq: expectedSeq.toString(), reason: 'chain ends before its recorded head' },
      };
    }
    return { ok: true, checked, headHash: prev };
  }
}
