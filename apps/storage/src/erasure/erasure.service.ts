// Storage's two steps of an erasure (docs/adr/0013-erasure-and-crypto-shredding.md), each one transaction and
// each repeatable: consent keeps the job and may ask again after a crash, and gets the answer of the first run.
// 1. erase: statements whose only data subject is the person are deleted (their links and then-unreferenced
//    attachment data with them); statements about others that mention the person are rewritten with the stand-in
//    (JSON and agent links together); the person's State and Agent Profile documents are deleted. Statements a
//    legal obligation covers block the whole step, or with `retain` are left as they are.
// 2. seal: the completion record is signed with the audit signing key and appended to the tenant's audit log.
import { accessFilterToSql, isAccessFilter, type SqlPart } from '@custos/authz';
import {
  BadRequestError,
  canonicalJson,
  ConflictError,
  type EraseLearnerRecordsReplyV1,
  type EraseLearnerRecordsV1,
  type ErasureBlockerV1,
  type SealErasureReplyV1,
  type SealErasureV1,
  type StorageErasureCountsV1,
} from '@custos/contracts';
import { UnitsOfWork, type UnitOfWork } from '@custos/platform';
import { eraseAgentFrom, ifiHash, ifiOf, indexTermsOf, type Statement } from '@custos/xapi';
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

import { statementAccessColumns } from '../access/index.js';
import { Attachments } from '../attachments/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { type DataKey, Sealing } from '../sealing/index.js';
import {
  ErasureRepository,
  type MentioningStatement,
  type RewrittenStatement,
} from './erasure.repository.js';

/** Statements loaded, and rewritten, per round trip. */
const PAGE = 500;

const NO_COUNTS: StorageErasureCountsV1 = {
  statementsDeleted: 0,
  statementsPseudonymised: 0,
  statementsRetained: 0,
  stateDocumentsDeleted: 0,
  agentProfileDocumentsDeleted: 0,
  attachmentsDeleted: 0,
};

@Injectable()
export class ErasureService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly erasures: ErasureRepository,
    private readonly audit: AuditService,
    private readonly sealing: Sealing,
    private readonly attachments: Attachments,
  ) {}

  async erase(request: EraseLearnerRecordsV1): Promise<EraseLearnerRecordsReplyV1> {
    const { tenantId, erasureId } = request;
    const obligations: SqlPart[] = request.obligations.map(({ filter }) => {
      if (!isAccessFilter(filter)) throw new BadRequestError('malformed obligation scope');
      return (params) => accessFilterToSql(filter, statementAccessColumns('s'), params);
    });
    return this.units.run(async (uow) => {
      await this.erasures.lock(uow, tenantId, erasureId);
      const done = await this.erasures.findRun(uow, tenantId, erasureId);
      if (done && !request.dryRun) {
        return {
          outcome: 'erased',
          covered: done.covered as ErasureBlockerV1[],
          counts: done.counts as StorageErasureCountsV1,
        };
      }
      // A legal hold on the person blocks everything, narrowed or not: it keeps every statement they appear in.
      const holds = await this.erasures.holdsOn(uow, tenantId, request.subjectIfiHashes);
      if (holds.length > 0) {
        return { outcome: request.dryRun ? 'checked' : 'blocked', covered: holds, counts: NO_COUNTS };
      }
      const mentioning = await this.allMentioning(uow, request, obligations);
      const coveredCounts = request.obligations.map((_, i) => mentioning.filter((m) => m.covered[i]).length);
      const covered: ErasureBlockerV1[] = request.obligations.flatMap((o, i) =>
        coveredCounts[i]! > 0
          ? [
              {
                kind: 'legal-obligation' as const,
                policyId: o.policyId,
                policyVersion: o.policyVersion,
                purposeCode: o.purposeCode,
                purposeText: o.purposeText,
                statements: coveredCounts[i]!,
              },
            ]
          : [],
      );
      if (request.dryRun) return { outcome: 'checked', covered, counts: NO_COUNTS };
      if (covered.length > 0 && request.onObligation === 'block') {
        return { outcome: 'blocked', covered, counts: NO_COUNTS };
      }
      const counts = await this.eraseIn(uow, request, mentioning);
      await this.erasures.insertRun(uow, tenantId, erasureId, counts, covered);
      return { outcome: 'erased', covered, counts };
    });
  }

  private async allMentioning(
    uow: UnitOfWork,
    request: EraseLearnerRecordsV1,
    obligations: SqlPart[],
  ): Promise<MentioningStatement[]> {
    const found = await this.erasures.mentioningSeqs(uow, request.tenantId, request.subjectIfiHashes);
    const all: MentioningStatement[] = [];
    for (let i = 0; i < found.length; i += PAGE) {
      const chunk = found.slice(i, i + PAGE);
      const only = new Map(chunk.map((f) => [f.seq, f.onlySubject]));
      const rows = await this.erasures.mentioning(
        uow,
        request.tenantId,
        chunk.map((f) => f.seq),
        obligations,
      );
      // Unsealed: the rewrite works on the statements as written, and seals them again.
      const payloads = await this.sealing.unsealAll(
        uow.manager,
        request.tenantId,
        rows.map((r) => r.payload),
      );
      all.push(
        ...rows.map((r, j) => ({ ...r, payload: payloads[j]!, onlySubject: only.get(r.seq) ?? false })),
      );
    }
    return all;
  }

  private async eraseIn(
    uow: UnitOfWork,
    request: EraseLearnerRecordsV1,
    mentioning: MentioningStatement[],
  ): Promise<StorageErasureCountsV1> {
    const { tenantId } = request;
    const erased = new Set(request.subjectIfiHashes);
    const kept = mentioning.filter((m) => !m.covered.some(Boolean));
    const toDelete = kept.filter((m) => m.onlySubject).map((m) => m.seq);
    const rewritten: RewrittenStatement[] = [];
    let pseudonymised = 0;
    for (const m of kept.filter((k) => !k.onlySubject)) {
      const { statement, changed } = eraseAgentFrom(
        m.payload as unknown as Statement,
        erased,
        request.placeholder,
      );
      // Rewritten even when the JSON had no mention: the links are rebuilt from it, so no link names the person.
      rewritten.push(this.rewrittenAs(m.seq, statement));
      if (changed) pseudonymised += 1;
    }
    // Statements a legal obligation keeps stay as they are, but their mentions of the person move to keys of
    // their own (sealing.retentionKeys), since the person's keys are destroyed below.
    const retained = mentioning.filter((m) => m.covered.some(Boolean));
    const retentionKeys =
      retained.length > 0
        ? await this.sealing.retentionKeys(tenantId, request.erasureId, request.subjectIfiHashes)
        : new Map<string, DataKey>();
    const resealed = [
      ...(await this.sealing.sealRows(tenantId, rewritten)),
      ...(await this.sealing.sealRows(
        tenantId,
        retained.map((m) => this.rewrittenAs(m.seq, m.payload as unknown as Statement)),
        (hash) => retentionKeys.get(hash),
      )),
    ];
    // Their attachments too: copies under the retention keys, before the person's keys and copies go.
    await this.attachments.keepUnder(
      uow,
      tenantId,
      retained.map((m) => m.seq),
      [...retentionKeys.values()],
    );
    for (let i = 0; i < resealed.length; i += PAGE) {
      await this.erasures.rewriteStatements(uow, tenantId, resealed.slice(i, i + PAGE));
    }
    const attachmentsDeleted = await this.erasures.deleteStatements(uow, tenantId, toDelete);
    const documents = await this.erasures.deleteDocuments(uow, tenantId, request.subjectIfiHashes);
    // Crypto-shredding: the person's data keys go in this transaction, so no backup opens their data again; the
    // attachment copies sealed under them go from the live database with them (others' copies stay readable).
    const destroyedKeys = await this.sealing.shred(
      uow,
      tenantId,
      { erasureId: request.erasureId, personId: request.personId ?? null },
      request.subjectIfiHashes,
    );
    await this.attachments.deleteSealedUnder(uow, tenantId, destroyedKeys);
    return {
      statementsDeleted: toDelete.length,
      statementsPseudonymised: pseudonymised,
      statementsRetained: mentioning.length - kept.length,
      stateDocumentsDeleted: documents.state,
      agentProfileDocumentsDeleted: documents.agentProfile,
      attachmentsDeleted,
    };
  }

  /** A statement's row as rewritten: its JSON, actor hash and agent links, all from `statement`. */
  private rewrittenAs(seq: string, statement: Statement): RewrittenStatement {
    const actorIfi = ifiOf(statement.actor);
    return {
      seq,
      payload: statement as unknown as Record<string, unknown>,
      actorIfiHash: actorIfi ? ifiHash(actorIfi) : null,
      agents: indexTermsOf(statement).agents,
    };
  }

  async seal({ record }: SealErasureV1): Promise<SealErasureReplyV1> {
    const { tenantId, erasureId } = record;
    return this.units.run(async (uow) => {
      await this.erasures.lock(uow, tenantId, erasureId);
      const run = await this.erasures.findRun(uow, tenantId, erasureId);
      if (!run) throw new ConflictError('this erasure has not been carried out in storage yet');
      if (run.completion) return { completion: run.completion as SealErasureReplyV1['completion'] };
      const message = Buffer.from(canonicalJson(record), 'utf8');
      const completion: SealErasureReplyV1['completion'] = {
        record,
        algorithm: 'Ed25519',
        ...this.audit.signWithAuditKey(message),
      };
      const system = record.approvedBy === 'grace-period';
      await this.audit.appendIn(uow, {
        tenantId,
        audit: {
          principalId: system ? 'erasure' : record.approvedBy,
          principalKind: system ? 'system' : 'person',
          action: 'erasure.complete',
          resource: 'erasure',
          // Ids and counts only: no identifier, no identifier hash, so the record does not point back at the person.
          query: {
            erasureId,
            personId: record.personId,
            requestedBy: record.requestedBy,
            removed: record.removed,
            pseudonymised: record.pseudonymised,
            retained: record.retained.map((r) => (r.kind === 'legal-obligation' ? r.policyId : r.holdId)),
            completionDigest: createHash('sha256').update(message).digest('hex'),
          },
          basis: system ? [{ kind: 'erasure-request' }] : [{ kind: 'role', role: 'admin' }],
        },
        decision: 'allow',
        count: record.removed.statementsDeleted + record.pseudonymised.statements,
      });
      await this.erasures.saveCompletion(uow, tenantId, erasureId, completion);
      return { completion };
    });
  }
}
