// Retention of a tenant's statements (docs/privacy-operations.md "Retention", "Legal holds"). Rules and holds
// are managed by the tenant's admins (CASL: `manage Retention`); a dry run counts per rule what a run would
// remove now; a run purges it in bounded batches, one purger per tenant at a time. Every change, dry run and run
// leaves an audit record (counts per rule, never a learner), in the transaction of what it records.
import { randomUUID } from 'node:crypto';

import { abilityWithoutPolicies, processingRecordsOf, retentionOf } from '@custos/authz';
import {
  type AuditContextV1,
  BadRequestError,
  ConflictError,
  type CreateLegalHoldV1,
  type CreateRetentionRuleV1,
  type DeleteRetentionRuleV1,
  ForbiddenError,
  type LegalHoldV1,
  NotFoundError,
  type PrincipalV1,
  principalIdOf,
  type ReleaseLegalHoldV1,
  type RetentionReportV1,
  type RetentionRuleV1,
} from '@custos/contracts';
import { UnitsOfWork } from '@custos/platform';
import type { z } from 'zod';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { heldIdentifierHashes } from './held-agent.js';
import { RETENTION_OPTIONS, type RetentionOptions } from './retention-options.js';
import { type HoldRow, RetentionRepository, type RuleCount } from './retention.repository.js';

/** Who runs retention when no person asks: Custos on its schedule, or an operator with the command line. */
export const RETENTION_PURGE_SCHEDULE = { id: 'retention', kind: 'system' } as const;
export const RETENTION_PURGE_OPERATOR = { id: 'operator', kind: 'system' } as const;
type System = typeof RETENTION_PURGE_SCHEDULE | typeof RETENTION_PURGE_OPERATOR;

const NOT_ALLOWED = "managing retention needs the admin role in the tenant's own records";

type ByPrincipal = { principal: PrincipalV1 };
type RuleRequest = z.infer<typeof CreateRetentionRuleV1>;

@Injectable()
export class RetentionService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly retention: RetentionRepository,
    private readonly audit: AuditService,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
  ) {}

  async listRules({ principal }: ByPrincipal): Promise<{ rules: RetentionRuleV1[] }> {
    await this.allowed(principal, 'retention.rules.read', {});
    return { rules: await this.retention.listRules(principal.tenantId) };
  }

  /**
   * The rules, for the tenant's records of processing (its admins and auditors, CASL). Not recorded, like the
   * admin's listing: rules hold no learner data.
   */
  async rulesForProcessingRecords({ principal }: ByPrincipal): Promise<{ rules: RetentionRuleV1[] }> {
    if (!abilityWithoutPolicies(principal).can('read', processingRecordsOf(principal.tenantId))) {
      throw new ForbiddenError('the records of processing are for the admins and auditors of the tenant');
    }
    return { rules: await this.retention.listRules(principal.tenantId) };
  }

  /** The rules of a tenant, for the operator's `custos records-of-processing` (who holds the database). */
  rulesOf(tenantId: string): Promise<RetentionRuleV1[]> {
    return this.retention.listRules(tenantId);
  }

  async createRule({ principal, rule }: RuleRequest): Promise<{ rule: RetentionRuleV1 }> {
    const audit = await this.allowed(principal, 'retention.rule.create', {});
    const row = {
      id: randomUUID(),
      name: rule.name,
      verb: rule.verb ?? null,
      activityPrefix: rule.activityPrefix ?? null,
      registration: rule.registration?.toLowerCase() ?? null,
      olderThanDays: rule.olderThanDays,
    };
    return this.units.run(async (uow) => {
      const created = await this.retention.insertRule(uow, principal.tenantId, row);
      await this.audit.appendIn(uow, {
        tenantId: principal.tenantId,
        // The rule's criteria are no learner's data: the record says what was decided.
        audit: { ...audit, query: { ruleId: created.id, ...criteriaOf(created) } },
        decision: 'allow',
        count: 1,
      });
      return { rule: created };
    });
  }

  async deleteRule({
    principal,
    ruleId,
  }: z.infer<typeof DeleteRetentionRuleV1>): Promise<{ rule: RetentionRuleV1 }> {
    const audit = await this.allowed(principal, 'retention.rule.delete', { ruleId });
    return this.units.run(async (uow) => {
      const gone = await this.retention.deleteRule(uow, principal.tenantId, ruleId);
      if (!gone) throw new NotFoundError('no such retention rule');
      await this.audit.appendIn(uow, {
        tenantId: principal.tenantId,
        audit: { ...audit, query: { ruleId, ...criteriaOf(gone) } },
        decision: 'allow',
        count: 1,
      });
      return { rule: gone };
    });
  }

  async listHolds({ principal }: ByPrincipal): Promise<{ holds: LegalHoldV1[] }> {
    await this.allowed(principal, 'retention.holds.read', {});
    return { holds: (await this.retention.listHolds(principal.tenantId)).map(holdView) };
  }

  async createHold({ principal, hold }: z.infer<typeof CreateLegalHoldV1>): Promise<{ hold: LegalHoldV1 }> {
    const audit = await this.allowed(principal, 'retention.hold.create', {});
    if (Date.parse(hold.endsAt) <= Date.now()) {
      throw new BadRequestError('invalid request body: endsAt', [
        { path: 'endsAt', message: 'must be in the future' },
      ]);
    }
    const ifiHashes = hold.agent !== undefined ? heldIdentifierHashes(hold.agent) : null;
    const ruleId = hold.ruleId?.toLowerCase() ?? null;
    return this.units.run(async (uow) => {
      if (ruleId !== null && !(await this.retention.ruleExists(uow, principal.tenantId, ruleId))) {
        throw new BadRequestError('invalid request body: ruleId', [
          { path: 'ruleId', message: 'names no retention rule of this tenant' },
        ]);
      }
      const id = randomUUID();
      const row = await this.retention.insertHold(uow, principal.tenantId, {
        id,
        ruleId,
        ifiHashes,
        reason: hold.reason,
        endsAt: hold.endsAt,
      });
      // The kind and the end only: a person hold's person is not named in the log, nor is the reason (free text).
      await this.audit.appendIn(uow, {
        tenantId: principal.tenantId,
        audit: {
          ...audit,
          query: {
            holdId: id,
            kind: ruleId ? 'rule' : 'person',
            ...(ruleId && { ruleId }),
            endsAt: row.endsAt,
          },
        },
        decision: 'allow',
        count: 1,
      });
      return { hold: holdView(row) };
    });
  }

  async releaseHold({
    principal,
    holdId,
  }: z.infer<typeof ReleaseLegalHoldV1>): Promise<{ hold: LegalHoldV1 }> {
    const audit = await this.allowed(principal, 'retention.hold.release', { holdId });
    return this.units.run(async (uow) => {
      const row = await this.retention.releaseHold(uow, principal.tenantId, holdId);
      if (!row) throw new NotFoundError('no such legal hold');
      await this.audit.appendIn(uow, { tenantId: principal.tenantId, audit, decision: 'allow', count: 1 });
      return { hold: holdView(row) };
    });
  }

  /** The dry run an admin asks for. */
  async dryRunFor({ principal }: ByPrincipal): Promise<RetentionReportV1> {
    return this.dryRun(principal.tenantId, await this.allowed(principal, 'retention.dry-run', {}));
  }

  /** The run an admin asks for; 409 while another purger of the tenant is at work. */
  async runFor({ principal }: ByPrincipal): Promise<RetentionReportV1> {
    const report = await this.run(principal.tenantId, await this.allowed(principal, 'retention.run', {}));
    if (report.skipped) {
      throw new ConflictError(
        'a retention run of this tenant is already under way; try again when it has ended',
      );
    }
    return report;
  }

  /**
   * Counts, per rule, the statements it would remove now and those a legal hold keeps; changes nothing but the
   * audit log, which records the dry run.
   */
  async dryRun(tenantId: string, by: AuditContextV1 | System): Promise<RetentionReportV1> {
    return this.units.run(async (uow) => {
      const rules = await this.retention.countPerRule(uow, tenantId);
      const total = await this.retention.countExpired(uow, tenantId);
      const report: RetentionReportV1 = { mode: 'dry-run', at: new Date().toISOString(), rules, total };
      await this.record(uow, tenantId, by, report);
      return report;
    });
  }

  /**
   * Purges the tenant's statements past retention in batches of the configured size, each in its own short
   * transaction, holding the tenant's purge lock throughout. When another purger holds it, does nothing and
   * answers `skipped`.
   */
  async run(tenantId: string, by: AuditContextV1 | System): Promise<RetentionReportV1> {
    const ran = await this.retention.withPurgeLock(tenantId, async () => {
      const before = await this.units.run((uow) => this.retention.countPerRule(uow, tenantId));
      const removed = new Map<string, number>();
      let total = 0;
      let batches = 0;
      let attachments = 0;
      let afterSeq = '0';
      for (;;) {
        const from = afterSeq;
        const batch = await this.units.run((uow) =>
          this.retention.purgeBatch(uow, tenantId, this.options.batchSize, from),
        );
        if (batch.deleted === 0) break;
        afterSeq = batch.lastSeq;
        batches += 1;
        total += batch.deleted;
        attachments += batch.attachments;
        for (const [ruleId, n] of batch.perRule) removed.set(ruleId, (removed.get(ruleId) ?? 0) + n);
        if (batch.deleted < this.options.batchSize) break;
      }
      const rules: RuleCount[] = before.map((r) => ({ ...r, statements: removed.get(r.ruleId) ?? 0 }));
      const report: RetentionReportV1 = { mode: 'run', at: new Date().toISOString(), rules, total, batches };
      await this.units.run((uow) => this.record(uow, tenantId, by, report, { attachments }));
      return report;
    });
    return (
      ran ?? { mode: 'run', at: new Date().toISOString(), rules: [], total: 0, batches: 0, skipped: true }
    );
  }

  /** Tenants with retention rules, for the schedule. */
  tenantsWithRules(): Promise<string[]> {
    return this.retention.tenantsWithRules();
  }

  /** The record of a dry run or run: counts per rule and in all; no learner, no statement id. */
  private record(
    uow: Parameters<AuditService['appendIn']>[0],
    tenantId: string,
    by: AuditContextV1 | System,
    report: RetentionReportV1,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const audit: AuditContextV1 =
      'kind' in by
        ? { principalId: by.id, principalKind: by.kind, action: `retention.${report.mode}`, query: {} }
        : by;
    return this.audit.appendIn(uow, {
      tenantId,
      audit: {
        ...audit,
        resource: 'statements',
        query: {
          ...audit.query,
          rules: report.rules.map(({ ruleId, statements, held }) => ({ ruleId, statements, held })),
          total: report.total,
          ...(report.batches !== undefined && { batches: report.batches }),
          ...extra,
        },
      },
      decision: 'allow',
      count: report.total,
    });
  }

  /** The call's audit context when CASL lets the principal manage the tenant's retention; else a recorded 403. */
  private async allowed(
    principal: PrincipalV1,
    action: string,
    query: Record<string, unknown>,
  ): Promise<AuditContextV1> {
    const audit: AuditContextV1 = {
      principalId: principalIdOf(principal),
      principalKind: principal.kind,
      action,
      resource: 'retention',
      query,
    };
    if (!abilityWithoutPolicies(principal).can('manage', retentionOf(principal.tenantId))) {
      await this.audit.append({
        tenantId: principal.tenantId,
        audit,
        decision: 'deny',
        count: 0,
        reason: 'no rule lets this principal manage retention',
      });
      throw new ForbiddenError(NOT_ALLOWED);
    }
    return audit;
  }
}

const criteriaOf = (rule: RetentionRuleV1) => ({
  verb: rule.verb,
  activityPrefix: rule.activityPrefix,
  registration: rule.registration,
  olderThanDays: rule.olderThanDays,
});

function holdView(row: HoldRow): LegalHoldV1 {
  return {
    id: row.id,
    kind: row.ruleId !== null ? 'rule' : 'person',
    ruleId: row.ruleId,
    agentIfiHash: row.ifiHashes?.[0] ?? null,
    reason: row.reason,
    endsAt: row.endsAt,
    createdAt: row.createdAt,
    releasedAt: row.releasedAt,
    active: row.active,
  };
}
