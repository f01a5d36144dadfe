// A principal's access for reading statements — the access filter, redaction plan and audit read sources compiled
// from the CASL rules consent serves — kept per process between reads (ADR 0011). Consent's rules follow from the
// principal itself (scopes, roles, groups: authenticated afresh on every request) and from the tenant's policies,
// which carry the tenant's access version. A read built from kept rules sends that version to storage, whose page
// query refuses it once a policy has changed (`accessStale`); the caller then fetches afresh and reads again, so a
// policy change applies to the very next read in every process. Grants and objections are never kept: storage's
// SQL reads them at query time (ADR 0004).
import { createHash } from 'node:crypto';

import {
  abilityFromRules,
  type AccessFilter,
  accessFilterFor,
  type RedactionPlan,
  statementRedactionPlan,
} from '@custos/authz';
import { canonicalJson, type PrincipalV1, type ReadBasisSourceV1 } from '@custos/contracts';
import { MessageBus, timeStage } from '@custos/messaging';
import { accessRulesCache } from '@custos/telemetry';
import { Injectable } from '@nestjs/common';

import { readBasisSourcesOf } from './read-basis.js';

export interface StatementAccess {
  /** Null: no rule lets the principal read statements (403). */
  accessFilter: AccessFilter | null;
  redaction: RedactionPlan | undefined;
  basisSources: ReadBasisSourceV1[];
  /** The tenant's access version these were built at; storage checks it in the read's own SQL. */
  accessVersion?: string;
}

const keyOf = (principal: PrincipalV1): string =>
  createHash('sha256').update(canonicalJson(principal)).digest('base64url');

/** Principals whose access is kept; past it the least recently used is dropped (a fetch costs ~1 ms). */
const MAX_ENTRIES = 10_000;

@Injectable()
export class StatementAccessCache {
  private readonly entries = new Map<string, StatementAccess>();

  constructor(private readonly bus: MessageBus) {}

  /**
   * The principal's access: kept (`kept` true), unless `fresh` (a read built from the kept one was refused as
   * stale), or fetched from consent. A fetched one is not kept yet: the caller keeps it (`keep`) once storage
   * said it checks its version.
   */
  async get(principal: PrincipalV1, fresh = false): Promise<{ access: StatementAccess; kept: boolean }> {
    const key = keyOf(principal);
    const kept = fresh ? undefined : this.entries.get(key);
    if (kept) {
      // Least recently used goes first: a Map iterates in insertion order.
      this.entries.delete(key);
      this.entries.set(key, kept);
      accessRulesCache.inc({ outcome: 'hit' });
      return { access: kept, kept: true };
    }
    accessRulesCache.inc({ outcome: fresh ? 'stale' : 'miss' });
    this.entries.delete(key);
    return { access: await this.fetch(principal), kept: false };
  }

  /**
   * Keeps `access` for the principal's next reads. Only an access storage checks is kept: a principal that no rule
   * lets read statements is answered 403 without a query, so that answer is fetched every time (a new policy must
   * let them in at once).
   */
  keep(principal: PrincipalV1, access: StatementAccess): void {
    if (!access.accessFilter || access.accessVersion === undefined) return;
    const key = keyOf(principal);
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, access);
  }

  private async fetch(principal: PrincipalV1): Promise<StatementAccess> {
    const { rules, policies, accessVersion } = await timeStage('consent', () =>
      this.bus.request('consent.v1.ability.get', { principal, withAccessVersion: true }),
    );
    const ability = abilityFromRules(rules);
    return {
      accessFilter: accessFilterFor(ability, 'read', 'Statement'),
      // Policies that redact: storage removes those parts per statement, from the same rules.
      redaction: statementRedactionPlan(ability.rules),
      // Storage names in the audit record those of them that allowed what it returned.
      basisSources: readBasisSourcesOf(principal, policies),
      ...(accessVersion !== undefined ? { accessVersion } : {}),
    };
  }
}
