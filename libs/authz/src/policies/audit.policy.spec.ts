// DESIGN "Audit": who reads the audit log — the tenant's auditors every record, a learner the records about them,
// nobody else (admins, consumers, xAPI credentials whatever their scopes), never across tenants.
import { subject } from '@casl/ability';
import { describe, expect, it } from 'vitest';

import { abilityFromRules, abilityWithoutPolicies, rulesFor } from '../ability.factory.js';
import { auditRecordFilterFor, coversWholeAuditLog } from '../audit-log.js';

const MINE = 'a'.repeat(64);
const OTHER = 'c'.repeat(64);

const person = (roles: string[], agentIfiHashes: string[] = []) => ({
  kind: 'person' as const,
  tenantId: 't1',
  personId: 'p1',
  roles,
  groupIds: [],
  agentIfiHashes,
});

const record = (tenantId: string, learnerIfiHashes: string[]) =>
  subject('AuditRecord', { tenantId, learnerIfiHashes });

describe('audit log policy', () => {
  it.each([
    [['auditor'], true],
    [['auditor', 'learner'], true],
    [['admin'], false],
    [['consumer'], false],
    [['learner'], false],
    [[], false],
  ])('roles %j read every record of their tenant: %s', (roles, allowed) => {
    const ability = abilityWithoutPolicies(person(roles, [MINE]));
    expect(ability.can('read', record('t1', []))).toBe(allowed);
    expect(ability.can('read', record('t1', [OTHER]))).toBe(allowed);
    expect(coversWholeAuditLog(auditRecordFilterFor(ability), 't1')).toBe(allowed);
  });

  it('never reaches another tenant', () => {
    const ability = abilityWithoutPolicies(person(['auditor', 'learner'], [MINE]));
    expect(ability.can('read', record('t2', [MINE]))).toBe(false);
    expect(coversWholeAuditLog(auditRecordFilterFor(ability), 't2')).toBe(false);
  });

  it('lets a learner read the records about them, and no other', () => {
    const ability = abilityWithoutPolicies(person(['learner'], [MINE]));
    expect(ability.can('read', record('t1', [MINE]))).toBe(true);
    expect(ability.can('read', record('t1', [OTHER, MINE]))).toBe(true);
    expect(ability.can('read', record('t1', [OTHER]))).toBe(false);
    expect(ability.can('read', record('t1', []))).toBe(false);
    expect(auditRecordFilterFor(ability)).toEqual({
      and: [
        { field: 'tenantId', op: 'eq', value: 't1' },
        { field: 'learnerIfiHashes', op: 'in', value: [MINE] },
      ],
    });
  });

  it('gives a learner without a linked identifier, and every other role, no record', () => {
    for (const p of [person(['learner']), person(['admin', 'consumer'], [MINE])]) {
      expect(auditRecordFilterFor(abilityWithoutPolicies(p))).toBeNull();
    }
  });

  it('gives xAPI credentials no record, whatever their scopes', () => {
    const credential = { tenantId: 't1', credentialId: 'c1', scopes: ['all', 'all/read', 'statements/read'] };
    expect(auditRecordFilterFor(abilityWithoutPolicies(credential))).toBeNull();
  });

  it('keeps the learner condition when the rules cross the wire', () => {
    const ability = abilityFromRules(JSON.parse(JSON.stringify(rulesFor(person(['learner'], [MINE])))));
    expect(ability.can('read', record('t1', [MINE]))).toBe(true);
    expect(ability.can('read', record('t1', [OTHER]))).toBe(false);
  });

  it('refuses a learner condition other than a membership test', () => {
    const rules = [
      { action: 'read', subject: 'AuditRecord', conditions: { tenantId: 't1', learnerIfiHashes: MINE } },
    ];
    expect(() => abilityFromRules(rules)).toThrow(/learnerIfiHashes/);
  });
});
