// An `audit.recorded` event as the entry storage appends: every field carried over, the event id kept (so a
// redelivery is recognised), the time of the change in the query, and a count of 1 for a change, 0 for a denial.
import { randomUUID } from 'node:crypto';

import { AppendAuditV1, type AuditRecordedV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { changeEntryOf } from './change-record.js';

const anEvent = (extra: Partial<AuditRecordedV1> = {}): AuditRecordedV1 => ({
  type: 'custos.consent.v1.audit_recorded',
  messageId: randomUUID(),
  tenantId: 'tenant-a',
  principalId: 'person-1',
  principalKind: 'person',
  action: 'grant.create',
  resource: 'grant',
  query: { grantId: 'g-1' },
  decision: 'allow',
  at: '2026-01-02T03:04:05.678Z',
  ...extra,
});

describe('changeEntryOf', () => {
  it('carries every field of a change over, with its event id and the time of the change', () => {
    const event = anEvent({
      requestId: 'req-1',
      basis: [{ kind: 'self' }],
      learnerIfiHashes: ['h1'],
    });
    const entry = changeEntryOf(event);
    expect(AppendAuditV1.parse(entry)).toEqual(entry);
    expect(entry).toEqual({
      tenantId: 'tenant-a',
      audit: {
        principalId: 'person-1',
        principalKind: 'person',
        action: 'grant.create',
        resource: 'grant',
        query: { grantId: 'g-1', changedAt: '2026-01-02T03:04:05.678Z' },
        requestId: 'req-1',
      },
      decision: 'allow',
      count: 1,
      basis: [{ kind: 'self' }],
      learnerIfiHashes: ['h1'],
      eventId: event.messageId,
    });
  });

  it('records a failed login as a denial that returned nothing, with its reason', () => {
    const entry = changeEntryOf(
      anEvent({
        principalKind: 'anonymous',
        action: 'login.failure',
        decision: 'deny',
        reason: 'wrong password',
      }),
    );
    expect(entry).toMatchObject({ decision: 'deny', count: 0, reason: 'wrong password' });
    expect(entry).not.toHaveProperty('basis');
    expect(entry).not.toHaveProperty('learnerIfiHashes');
  });
});
