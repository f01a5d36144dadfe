// The transaction of a change and the events that tell of it: a change's audit record (and, for consent, its
// `consent.changed` event) is written to consent.outbox inside the change's own transaction and published once
// it has committed, so a committed change is always recorded and a rolled-back one never is.
import type { EventOf, EventSubject } from '@custos/contracts';
import { currentRequestContext } from '@custos/messaging';
import { type StagedEvent, TransactionalOutbox } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { type Actor, type Change, changeRecorded, type LoginAttempt, loginFailed } from './change-records.js';
import { CONSENT_DB } from '../db/data-source.js';

/** A change's transaction, for the repository making the change. */
export interface ChangeTx {
  readonly manager: EntityManager;
  /** Stages an event (e.g. `consent.changed`) in this transaction. */
  readonly stage: <E extends EventSubject>(
    subject: E,
    payload: EventOf<E> & { messageId: string },
  ) => Promise<void>;
  /** Stages the audit record of a change made in this transaction. */
  readonly record: (tenantId: string, actor: Actor, change: Change) => Promise<void>;
}

@Injectable()
export class ChangeLog {
  constructor(
    @Inject(CONSENT_DB) private readonly db: DataSource,
    private readonly outbox: TransactionalOutbox,
  ) {}

  async run<T>(work: (tx: ChangeTx) => Promise<T>): Promise<T> {
    const staged: StagedEvent[] = [];
    const result = await this.db.transaction((manager) =>
      work({
        manager,
        stage: async (subject, payload) => {
          staged.push(await this.outbox.stage({ manager }, subject, payload));
        },
        record: async (tenantId, actor, change) => {
          const linked = await ifiHashesOf(manager, change.personIds ?? []);
          const event = changeRecorded(
            tenantId,
            actor,
            change,
            [...linked, ...(change.formerIfiHashes ?? [])],
            currentRequestContext()?.requestId,
          );
          staged.push(await this.outbox.stage({ manager }, 'consent.v1.audit.recorded', event));
        },
      }),
    );
    this.outbox.publishSoon(...staged);
    return result;
  }

  /**
   * Records a failed login in a small transaction of its own (it changes nothing else). A tenant that does not
   * exist gets no record: a chain per made-up tenant name would let anyone fill the log.
   */
  async loginFailed(tenantId: string, attempt: LoginAttempt): Promise<void> {
    let staged: StagedEvent | undefined;
    await this.db.transaction(async (manager) => {
      const tenant = await manager.query<unknown[]>(`SELECT 1 FROM consent.tenant WHERE id = $1`, [tenantId]);
      if (tenant.length === 0) return;
      const event = loginFailed(tenantId, attempt, currentRequestContext()?.requestId);
      staged = await this.outbox.stage({ manager }, 'consent.v1.audit.recorded', event);
    });
    if (staged) this.outbox.publishSoon(staged);
  }
}

/** The identifier hashes linked to these people now: the learners a change concerns. */
export async function ifiHashesOf(m: EntityManager, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await m.query<{ ifi_hash: string }[]>(
    `SELECT DISTINCT ifi_hash FROM consent.person_agent WHERE person_id = ANY($1::uuid[]) ORDER BY ifi_hash`,
    [[...personIds]],
  );
  return rows.map((r) => r.ifi_hash);
}
