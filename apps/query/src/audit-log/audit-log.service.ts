// Reading the audit log (docs/audit.md "Auditor API", "Learners' access log"). CASL decides (`read` on
// `AuditRecord`): the auditor API answers only to a reader of the whole tenant's log (the `auditor` role); the
// access log to anyone with records about them (a learner), narrowed to the records about them. Storage applies
// the same rules in SQL, tenant first, and records every read of the log in the read's transaction; a denial is
// recorded before the 403.
import {
  type AccessFilter,
  auditRecordFilterFor,
  coversWholeAuditLog,
  abilityWithoutPolicies,
} from '@custos/authz';
import {
  type AccessLogReplyV1,
  type AuditEvidencePackV1,
  type AuditEvidenceParamsV1,
  type AuditContextV1,
  type AuditFilterV1,
  type AuditStatsV1,
  ForbiddenError,
  type GetAccessLogV1,
  type GetAuditStatsV1,
  type ListAuditRecordsReplyV1,
  type ListAuditRecordsV1,
  NotFoundError,
  type PrincipalV1,
  principalIdOf,
  type ReadAuditExportReplyV1,
  type ReadAuditExportV1,
  type StartAuditExportReplyV1,
  type StartAuditExportV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable } from '@nestjs/common';

import { recordDenial } from '../core/index.js';
import { accessLogEntryOf } from './access-log.js';
import {
  type AuditParams,
  encodeAuditCursor,
  parseAuditParams,
  parseEvidencePeriod,
} from './audit-params.js';

/** Records per storage request of an export: each page is held in memory by every part it passes through. */
export const AUDIT_EXPORT_PAGE = 500;

/** A pack verifies the whole chain first (like GET /api/v1/audit/verify), which takes a while on a long log. */
const EVIDENCE_TIMEOUT_MS = 10 * 60 * 1000;

/** Principal ids per names request (the contract's maximum). */
const NAMES_BATCH = 1000;

const NOT_AN_AUDITOR = 'reading the audit log needs the auditor role';
const NOT_A_LEARNER =
  'the access log shows the accesses to your own records: sign in as a learner with a linked xAPI identity';

@Injectable()
export class AuditLogQueryService {
  constructor(private readonly bus: MessageBus) {}

  async records({ principal, params }: ListAuditRecordsV1): Promise<ListAuditRecordsReplyV1> {
    const parsed = parseAuditParams('records', params);
    const audit = auditContext(principal, 'audit.read', parsed.recorded);
    const accessFilter = await this.wholeLog(principal, audit);
    const filter = await this.resolved(principal, parsed, audit);
    const page = await this.bus.request('storage.v1.audit.records.read', {
      tenantId: principal.tenantId,
      accessFilter,
      filter,
      order: parsed.order,
      ...(parsed.position !== undefined && { position: parsed.position }),
      limit: parsed.limit,
      audit,
    });
    return { records: page.records, next: page.next && encodeAuditCursor(parsed.order, page.next) };
  }

  /** Authorises, fixes the snapshot and records the export (storage), before any record is read. */
  async startExport({ principal, params }: StartAuditExportV1): Promise<StartAuditExportReplyV1> {
    const parsed = parseAuditParams('export', params);
    const audit = auditContext(principal, 'audit.export', parsed.recorded);
    const accessFilter = await this.wholeLog(principal, audit);
    const filter = await this.resolved(principal, parsed, audit);
    const begun = await this.bus.request('storage.v1.audit.export.begin', {
      tenantId: principal.tenantId,
      accessFilter,
      filter,
      audit,
    });
    return { count: begun.count, cursor: { filter, order: parsed.order, throughSeq: begun.throughSeq } };
  }

  /** One page of an export; the reader's right is checked again for every page. */
  async readExport({ principal, cursor }: ReadAuditExportV1): Promise<ReadAuditExportReplyV1> {
    const accessFilter = auditRecordFilterFor(abilityWithoutPolicies(principal));
    if (accessFilter === null || !coversWholeAuditLog(accessFilter, principal.tenantId)) {
      throw new ForbiddenError(NOT_AN_AUDITOR);
    }
    const page = await this.bus.request('storage.v1.audit.export.read', {
      tenantId: principal.tenantId,
      accessFilter,
      filter: cursor.filter,
      order: cursor.order,
      ...(cursor.position !== undefined && { position: cursor.position }),
      throughSeq: cursor.throughSeq,
      limit: AUDIT_EXPORT_PAGE,
    });
    return { records: page.records, next: page.next === null ? null : { ...cursor, position: page.next } };
  }

  async stats({ principal, params }: GetAuditStatsV1): Promise<AuditStatsV1> {
    const { filter, recorded } = parseAuditParams('stats', params);
    const audit = auditContext(principal, 'audit.stats', recorded);
    const accessFilter = await this.wholeLog(principal, audit);
    const stats = await this.bus.request('storage.v1.audit.stats', {
      tenantId: principal.tenantId,
      accessFilter,
      ...(filter.since !== undefined && { since: filter.since }),
      ...(filter.until !== undefined && { until: filter.until }),
      audit,
    });
    // Names make a chart readable; consent names credentials and staff only, so a learner stays an id.
    const names = await this.namesOf(
      principal.tenantId,
      stats.principals.map((p) => p.principalId),
    );
    return {
      ...stats,
      principals: stats.principals.map((p) => {
        const name = names.get(p.principalId);
        return name === undefined ? p : { ...p, name };
      }),
    };
  }

  /** The names consent knows for these principals (credentials and staff), in batches it accepts. */
  private async namesOf(tenantId: string, ids: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += NAMES_BATCH) {
      const { principals } = await this.bus.request('consent.v1.principals.names', {
        tenantId,
        principalIds: unique.slice(i, i + NAMES_BATCH),
      });
      for (const p of principals) names.set(p.id, p.name);
    }
    return names;
  }

  /**
   * The evidence pack of a period (GET /api/v1/audit/evidence): it carries the period's records, so whoever may
   * read the whole log (an auditor) may have it; anyone else is refused, and the refusal recorded.
   */
  async evidence({ principal, params }: AuditEvidenceParamsV1): Promise<AuditEvidencePackV1> {
    const period = parseEvidencePeriod(params);
    const audit = auditContext(principal, 'audit.evidence', { ...period });
    await this.wholeLog(principal, audit);
    return this.bus.request(
      'storage.v1.audit.evidence',
      { tenantId: principal.tenantId, ...period, audit },
      { timeoutMs: EVIDENCE_TIMEOUT_MS },
    );
  }

  /** The records of accesses to the learner's own records, as the learner may see them. */
  async accessLog({ principal, params }: GetAccessLogV1): Promise<AccessLogReplyV1> {
    const parsed = parseAuditParams('accessLog', params);
    const audit = auditContext(principal, 'access-log.read', parsed.recorded);
    const accessFilter = auditRecordFilterFor(abilityWithoutPolicies(principal));
    if (accessFilter === null || principal.kind !== 'person') {
      await this.deny(principal, audit, 'no rule lets this principal read audit records about themself');
      throw new ForbiddenError(NOT_A_LEARNER);
    }
    // Whatever else the reader may read (an auditor who is also a learner), this view is about them only.
    const filter: AuditFilterV1 = { ...parsed.filter, learnerIfiHashes: principal.agentIfiHashes };
    const page = await this.bus.request('storage.v1.audit.records.read', {
      tenantId: principal.tenantId,
      accessFilter,
      filter,
      order: parsed.order,
      ...(parsed.position !== undefined && { position: parsed.position }),
      limit: parsed.limit,
      audit,
      withProofs: true,
    });
    const names = await this.namesOf(
      principal.tenantId,
      page.records.map((r) => r.principalId),
    );
    return {
      entries: page.records.map((r, i) => {
        const entry = accessLogEntryOf(r, names, {
          callerId: principal.personId,
          concernsOnlyThem: page.concernsOnlyThem?.[i] === true,
        });
        const proof = page.proofs?.entries[i];
        return proof ? { ...entry, proof: { ...proof, recordHash: r.hash } } : entry;
      }),
      ...(page.proofs && { treeHead: page.proofs.treeHead, publicKeyPem: page.proofs.publicKeyPem }),
      next: page.next && encodeAuditCursor(parsed.order, page.next),
    };
  }

  /** The reader's access filter when it covers the tenant's whole log; otherwise a recorded denial and 403. */
  private async wholeLog(principal: PrincipalV1, audit: AuditContextV1): Promise<AccessFilter> {
    const accessFilter = auditRecordFilterFor(abilityWithoutPolicies(principal));
    if (accessFilter === null || !coversWholeAuditLog(accessFilter, principal.tenantId)) {
      await this.deny(principal, audit, 'no rule lets this principal read the whole audit log');
      throw new ForbiddenError(NOT_AN_AUDITOR);
    }
    return accessFilter;
  }

  /** The filter with `person` resolved to every identifier linked to that person (consent); 404 if unknown. */
  private async resolved(
    principal: PrincipalV1,
    parsed: AuditParams,
    audit: AuditContextV1,
  ): Promise<AuditFilterV1> {
    if (parsed.personId === undefined) return parsed.filter;
    try {
      const { ifiHashes } = await this.bus.request('consent.v1.people.identifiers', {
        tenantId: principal.tenantId,
        personId: parsed.personId,
      });
      return { ...parsed.filter, learnerIfiHashes: ifiHashes };
    } catch (err) {
      if (err instanceof NotFoundError) await this.deny(principal, audit, 'no such person');
      throw err;
    }
  }

  private async deny(principal: PrincipalV1, audit: AuditContextV1, reason: string): Promise<void> {
    await recordDenial(this.bus, principal.tenantId, audit, reason);
  }
}

function auditContext(
  principal: PrincipalV1,
  action: string,
  query: Record<string, unknown>,
): AuditContextV1 {
  return {
    principalId: principalIdOf(principal),
    principalKind: principal.kind,
    action,
    resource: 'audit',
    query,
  };
}
