import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { openStatement, sealStatement, tenantHoldKey } from './seal.js';

const holdKey = randomBytes(32);
const statement = { id: 'b3b2c1d0-0000-4000-8000-000000000001', actor: { mbox: 'mailto:ana@example.org' } };

describe('sealed held statements', () => {
  it('open to what was sealed, and hide the content', () => {
    const key = tenantHoldKey(holdKey, 't1');
    const sealed = sealStatement(key, 't1', statement.id, statement);
    expect(sealed.toString('latin1')).not.toContain('ana@example.org');
    expect(openStatement(key, 't1', statement.id, sealed)).toEqual(statement);
    // A fresh nonce each time: the same statement never seals to the same bytes.
    expect(sealStatement(key, 't1', statement.id, statement).equals(sealed)).toBe(false);
  });

  it('do not open under another tenant, another statement id, another key or once altered', () => {
    const key = tenantHoldKey(holdKey, 't1');
    const sealed = sealStatement(key, 't1', statement.id, statement);
    expect(tenantHoldKey(holdKey, 't2').equals(key)).toBe(false);
    expect(() => openStatement(tenantHoldKey(holdKey, 't2'), 't2', statement.id, sealed)).toThrow();
    expect(() => openStatement(key, 't2', statement.id, sealed)).toThrow();
    expect(() => openStatement(key, 't1', 'b3b2c1d0-0000-4000-8000-000000000002', sealed)).toThrow();
    expect(() => openStatement(tenantHoldKey(randomBytes(32), 't1'), 't1', statement.id, sealed)).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => openStatement(key, 't1', statement.id, altered)).toThrow();
  });
});
