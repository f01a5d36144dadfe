// Dead letters of a forwarding target (docs/flows.md "Forwarding") over the machine's real NATS and PostgreSQL, as
// the gateway asks consent: an admin lists them, retries one (queued again) or discards one (gone for good), each
// recorded in the tenant's chain; another tenant's admin and a learner cannot touch them. (Dead letters are made by
// failed deliveries; the forwarding end-to-end test makes one that way. Here they are set up as rows, so that both
// ways out of the list are checked without waiting out a target's back-off.)
import { randomUUID } from 'node:crypto';

import type { NatsBus } from '@custos/messaging';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { aTenant } from '../../../../test/harness/credentials.js';
import { asked, type ConsentOverNats, startConsentOverNats } from './consent-over-nats.js';

let harness: ConsentOverNats;
let gateway: NatsBus;
let db: pg.Pool;

beforeAll(async () => {
  harness = await startConsentOverNats(inject('databaseUrl'), inject('natsUrl'));
  ({ gateway, db } = harness);
});

afterAll(async () => {
  await harness?.close();
});

/** A dead letter of the target, as a delivery that ran out of attempts leaves it. */
async function deadLetter(targetId: string, statementIds: string[]): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO consent.forwarding_dead_letter (id, target_id, kind, statement_ids, attempts, last_error, enqueued_at)
     VALUES ($1, $2, 'statements', $3, 8, 'the target answered HTTP 500', now())`,
    [id, targetId, statementIds],
  );
  return id;
}

describe('forwarding dead letters', () => {
  it('are retried (queued again) or discarded (gone) by an admin of the tenant, each recorded', async () => {
    const tenantId = aTenant();
    const admin = await harness.personOf(tenantId, ['admin']);
    const { credential } = await asked(() =>
      gateway.request('consent.v1.credentials.create', {
        principal: admin,
        credential: { name: 'Reporting', scopes: ['statements/read'] },
      }),
    );
    const { target } = await asked(() =>
      gateway.request('consent.v1.forwarding.targets.create', {
        principal: admin,
        target: {
          name: 'Reporting hook',
          kind: 'webhook',
          url: 'https://reporting.example/hooks/custos',
          webhookSecret: 'a-webhook-secret-of-length',
          granteeCredentialId: credential.id,
        },
      }),
    );
    const toRetry = await deadLetter(target.id, [randomUUID()]);
    const toDiscard = await deadLetter(target.id, [randomUUID(), randomUUID()]);
    const list = () =>
      asked(() =>
        gateway.request('consent.v1.forwarding.dead-letters.list', { principal: admin, targetId: target.id }),
      );
    expect((await list()).deadLetters.map((d) => d.id).sort()).toEqual([toRetry, toDiscard].sort());

    // Someone else: another tenant's admin finds no such target; a learner of the tenant is refused.
    const stranger = await harness.personOf(aTenant(), ['admin']);
    const learner = await harness.personOf(tenantId, ['learner']);
    for (const [who, status] of [
      [stranger, 404],
      [learner, 403],
    ] as const) {
      await expect(
        asked(() =>
          gateway.request('consent.v1.forwarding.dead-letters.discard', {
            principal: who,
            targetId: target.id,
            deadLetterId: toDiscard,
          }),
        ),
      ).rejects.toMatchObject({ status });
    }

    const discarded = await asked(() =>
      gateway.request('consent.v1.forwarding.dead-letters.discard', {
        principal: admin,
        targetId: target.id,
        deadLetterId: toDiscard,
      }),
    );
    expect(discarded.deadLetter).toMatchObject({ id: toDiscard, statementCount: 2 });
    await asked(() =>
      gateway.request('consent.v1.forwarding.dead-letters.retry', {
        principal: admin,
        targetId: target.id,
        deadLetterId: toRetry,
      }),
    );
    expect((await list()).deadLetters).toEqual([]);
    // The retried batch waits for delivery again; the discarded one is nowhere.
    const { rows: pending } = await db.query<{ statement_ids: string[] }>(
      `SELECT statement_ids FROM consent.forwarding_pending WHERE target_id = $1`,
      [target.id],
    );
    expect(pending).toHaveLength(1);
    expect(pending[0]!.statement_ids).toHaveLength(1);
    // Discarding twice: it is gone.
    await expect(
      asked(() =>
        gateway.request('consent.v1.forwarding.dead-letters.discard', {
          principal: admin,
          targetId: target.id,
          deadLetterId: toDiscard,
        }),
      ),
    ).rejects.toMatchObject({ status: 404 });

    const discardRecords = await harness.recorded(tenantId, 'forwarding.dead-letter.discard', 1);
    expect(discardRecords[0]!.query).toMatchObject({
      targetId: target.id,
      deadLetterId: toDiscard,
      statements: 2,
    });
    await harness.recorded(tenantId, 'forwarding.dead-letter.retry', 1);
  });
});
