// The record of a change, staged in the change's own unit of work: its audit record (and, for consent, its
// `consent.changed` event) goes to consent.outbox inside the change's transaction and is published once that has
// committed, so a committed change is always recorded and a rolled-back one never is.
import type { ConsentChangedV1 } from '@custos/contracts';
import { currentRequestContext } from '@custos/messaging';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Injectable } from '@nestjs/common';

import {
  type Actor,
  type Change,
  changeRecorded,
  consentChange,
  type LoginAttempt,
  loginFailed,
} from './change-records.js';

@Injectable()
export class ChangeLog {
  constructor(private readonly units: UnitsOfWork) {}

  /** Stages the audit record of a change made in `uow`. */
  async record(uow: UnitOfWork, tenantId: string, actor: Actor, change: Change): Promise<void> {
    const linked = await ifiHashesOf(uow, change.personIds ?? []);
    const event = changeRecorded(
      tenantId,
      actor,
      change,
      [...linked, ...(change.formerIfiHashes ?? [])],
      currentRequestContext()?.requestId,
    );
    await uow.stage('consent.v1.audit.recorded', event);
  }

  /** Stages a `consent.changed` event and its audit record (with `details` the event does not carry). */
  async consentChanged(
    uow: UnitOfWork,
    actor: Actor,
    event: ConsentChangedV1,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await uow.stage('consent.v1.consent.changed', event);
    await this.record(uow, event.tenantId, actor, consentChange(event, details));
  }

  /**
   * Records a failed login in a small unit of work of its own (it changes nothing else). A tenant that does not
   * exist gets no record: a chain per made-up tenant name would let anyone fill the log.
   */
  async loginFailed(tenantId: string, attempt: LoginAttempt): Promise<void> {
    await this.units.run(async (uow) => {
      const tenant = await uow.manager.query<unknown[]>(`SELECT 1 FROM consent.tenant WHERE id = $1`, [
        tenantId,
      ]);
      if (tenant.length === 0) return;
      await uow.stage(
        'consent.v1.audit.recorded',
        loginFailed(tenantId, attempt, currentRequestContext()?.requestId),
      );
    });
  }
}

/** The identifier hashes linked to these people now (in `uow`): the learners a change concerns. */
export async function ifiHashesOf(uow: UnitOfWork, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await uow.manager.query<{ ifi_hash: string }[]>(
    `SELECT DISTINCT ifi_hash FROM consent.person_agent WHERE person_id = ANY($1::uuid[]) ORDER BY ifi_hash`,
    [[...personIds]],
  );
  return rows.map((r) => r.ifi_hash);
}
