// Issue 10 part 3: brute force is slowed. Failed sign-ins (POST /api/v1/auth/login, HTTP Basic) are counted per
// account or key at one client address, per account or key across all addresses (a higher limit), and per client
// address, in consent's schema of the real PostgreSQL: past the free failures an attempt is a 429 with
// Retry-After, refused without its secret being checked; back-off doubles; a success clears the account's count at
// that address. Accounts and keys are public, so wrong secrets from one address do not lock the real client at
// another out. With a lockout configured, an account is locked (423) until an admin unlocks it. Every failure,
// refused ones included, is a `login.failure` record with its reason. The gateway here trusts the loopback proxy,
// so each test names client addresses of its own in X-Forwarded-For.
import { randomBytes, randomUUID } from 'node:crypto';

import { waitFor } from '@custos/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const FREE = 3;
const ACCOUNT_FREE = 8;
const ADDRESS_FREE = 6;
const LOCKOUT_AFTER = 5;
const lrs = useConformanceLrs({
  CUSTOS_GATEWAY__TRUST_PROXY: 'loopback',
  CUSTOS_SIGN_IN__FREE_FAILURES: FREE,
  CUSTOS_SIGN_IN__ACCOUNT_FREE_FAILURES: ACCOUNT_FREE,
  CUSTOS_SIGN_IN__ADDRESS_FREE_FAILURES: ADDRESS_FREE,
  // Long enough that the checks after a refusal happen inside the back-off on a busy machine.
  CUSTOS_SIGN_IN__BACKOFF_BASE_SECONDS: 3,
  CUSTOS_SIGN_IN__BACKOFF_MAX_SECONDS: 12,
  CUSTOS_SIGN_IN__LOCKOUT_AFTER: LOCKOUT_AFTER,
});
let db: pg.Pool;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
});
afterAll(async () => {
  await db?.end();
});

const PASSWORD = 'a-password-123';
/** A client address of its own (benchmarking range, a random start per run), so no two tests share a count. */
let addressSeq = Math.floor(Math.random() * 60_000);
const freshAddress = () => `198.18.${Math.floor(++addressSeq / 250) % 256}.${addressSeq % 250}`;

const login = (tenant: string, username: string, password: string, address: string) =>
  fetch(`${lrs.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    body: JSON.stringify({ tenant, username, password }),
  });

const basic = (key: string, secret: string, address: string) =>
  fetch(`${lrs.baseUrl}/xapi/statements?limit=1`, {
    headers: {
      Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
      'X-Experience-API-Version': '1.0.3',
      'X-Forwarded-For': address,
    },
  });

async function aTenant() {
  const tenantId = `tenant-${randomUUID()}`;
  const person = (username: string, roles: ('admin' | 'learner')[] = ['learner']) =>
    lrs.people.create(tenantId, { username, password: PASSWORD, roles });
  const [admin, ana, bob] = await Promise.all([person('admin', ['admin']), person('ana'), person('bob')]);
  return { tenantId, admin, ana, bob };
}

/** The tenant's `login.failure` reasons, once at least `n` are in the chain. */
async function failureReasons(tenantId: string, n: number): Promise<string[]> {
  const read = async () =>
    (
      await db.query<{ reason: string }>(
        `SELECT reason FROM storage.audit_record WHERE tenant_id = $1 AND action = 'login.failure' ORDER BY seq`,
        [tenantId],
      )
    ).rows.map((r) => r.reason);
  await waitFor('the login failures in the audit chain', async () => (await read()).length >= n, 30_000);
  return read();
}

const statusesOf = (responses: Response[]) => responses.map((r) => r.status).sort();

describe('failed logins', () => {
  it('slows parallel wrong passwords against one account from one address as one: 429s after the free failures, with Retry-After', async () => {
    const t = await aTenant();
    const address = freshAddress();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => login(t.tenantId, 'ana', 'wrong-password', address)),
    );
    expect(statusesOf(responses)).toEqual([401, 401, 401, 429, 429]);
    for (const r of responses.filter((x) => x.status === 429)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await r.json()).toEqual({ message: 'too many failed sign-ins; try again later' });
    }
    // Refused at that address without the password being checked: the right one is refused too, and tells nothing.
    expect((await login(t.tenantId, 'ana', PASSWORD, address)).status).toBe(429);
    // Another account of the tenant signs in at once, from that address too.
    expect((await login(t.tenantId, 'bob', PASSWORD, address)).status).toBe(200);

    const reasons = await failureReasons(t.tenantId, 6);
    expect(reasons.filter((r) => r === 'wrong password')).toHaveLength(3);
    expect(
      reasons.filter(
        (r) => r === 'refused: account at this client address backing off after repeated failures',
      ),
    ).toHaveLength(3);
  });

  it('does not lock the real person out: wrong passwords from one address, the right one from another signs in', async () => {
    const t = await aTenant();
    const attacker = freshAddress();
    const wrong = await Promise.all(
      Array.from({ length: 5 }, () => login(t.tenantId, 'ana', 'wrong-password', attacker)),
    );
    expect(statusesOf(wrong)).toEqual([401, 401, 401, 429, 429]);
    expect((await login(t.tenantId, 'ana', PASSWORD, freshAddress())).status).toBe(200);
    // The attacker's address still backs off, whatever the real person did elsewhere.
    expect((await login(t.tenantId, 'ana', PASSWORD, attacker)).status).toBe(429);
  });

  it(`slows guessing from many addresses: past ${ACCOUNT_FREE} failures of an account everywhere, every address backs off`, async () => {
    const t = await aTenant();
    const guess = async (n: number) => {
      for (let i = 0; i < n; i++) {
        expect((await login(t.tenantId, 'ana', 'wrong', freshAddress())).status).toBe(401);
      }
    };
    await guess(ACCOUNT_FREE / 2);
    // A right password ends the failures in a row (no lockout) but not the count across addresses: a busy
    // client must not give guessers elsewhere a fresh allowance.
    expect((await login(t.tenantId, 'ana', PASSWORD, freshAddress())).status).toBe(200);
    await guess(ACCOUNT_FREE / 2);
    const refused = await login(t.tenantId, 'ana', 'wrong', freshAddress());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await login(t.tenantId, 'ana', PASSWORD, freshAddress())).status).toBe(429);
    expect((await login(t.tenantId, 'bob', PASSWORD, freshAddress())).status).toBe(200);
    const reasons = await failureReasons(t.tenantId, ACCOUNT_FREE + 2);
    expect(reasons.filter((r) => r === 'refused: account backing off after repeated failures')).toHaveLength(
      2,
    );
  });

  it('doubles the back-off, and a success clears the count', async () => {
    const t = await aTenant();
    const address = freshAddress();
    for (let i = 0; i < FREE; i++) {
      expect((await login(t.tenantId, 'ana', 'wrong', address)).status).toBe(401);
    }
    const first = await login(t.tenantId, 'ana', 'wrong', address);
    expect(first.status).toBe(429);
    const wait1 = Number(first.headers.get('retry-after'));
    await sleep(wait1 * 1000 + 100);
    expect((await login(t.tenantId, 'ana', 'wrong', address)).status).toBe(401);
    const second = await login(t.tenantId, 'ana', 'wrong', address);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(wait1);
    await sleep(Number(second.headers.get('retry-after')) * 1000 + 100);
    expect((await login(t.tenantId, 'ana', PASSWORD, address)).status).toBe(200);
    // The account's count at this address starts again: its free failures are free again (but the last, which
    // would take the address itself past its own limit here).
    for (let i = 0; i < FREE - 1; i++) {
      expect((await login(t.tenantId, 'ana', 'wrong', address)).status).toBe(401);
    }
  });

  it('slows one client address trying many accounts, while other addresses sign in', async () => {
    const t = await aTenant();
    const address = freshAddress();
    const names = Array.from({ length: ADDRESS_FREE }, (_, i) => `nobody-${i}`);
    for (const name of names) expect((await login(t.tenantId, name, 'guess', address)).status).toBe(401);
    const refused = await login(t.tenantId, 'nobody-else', 'guess', address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await login(t.tenantId, 'bob', PASSWORD, freshAddress())).status).toBe(200);
    const reasons = await failureReasons(t.tenantId, ADDRESS_FREE + 1);
    expect(reasons).toContain('refused: client address backing off after repeated failures');
  });

  it(`locks an account after ${LOCKOUT_AFTER} failures in a row until an admin unlocks it`, async () => {
    const t = await aTenant();
    let failures = 0;
    let status = 0;
    while (failures < 20) {
      const res = await login(t.tenantId, 'ana', 'wrong', freshAddress());
      status = res.status;
      if (status === 401) failures++;
      else if (status === 429) await sleep(Number(res.headers.get('retry-after')) * 1000 + 50);
      else break;
    }
    expect(status).toBe(423);
    expect(failures).toBe(LOCKOUT_AFTER);
    // Locked: the right password does not open it, however long one waits.
    expect((await login(t.tenantId, 'ana', PASSWORD, freshAddress())).status).toBe(423);

    const signIn = async (username: string) => {
      const res = await login(t.tenantId, username, PASSWORD, freshAddress());
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const unlock = (token: string, id: string) =>
      fetch(`${lrs.baseUrl}/api/v1/people/${id}/sign-in-lock`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      });
    // Only an admin of the tenant may lift it (the CASL administration policy).
    expect((await unlock(await signIn('bob'), t.ana.id)).status).toBe(403);
    const res = await unlock(await signIn('admin'), t.ana.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ wasLocked: true });
    expect((await login(t.tenantId, 'ana', PASSWORD, freshAddress())).status).toBe(200);

    // The lifting is a change in the tenant's chain: who did it, and whose lock it was.
    const unlockRecords = async () =>
      (
        await db.query<{ principal_id: string; resource: string; query: Record<string, unknown> }>(
          `SELECT principal_id, resource, query FROM storage.audit_record
            WHERE tenant_id = $1 AND action = 'login.unlock'`,
          [t.tenantId],
        )
      ).rows;
    await waitFor('the unlock record', async () => (await unlockRecords()).length === 1, 30_000);
    expect(await unlockRecords()).toEqual([
      {
        principal_id: t.admin.id,
        resource: 'person',
        query: expect.objectContaining({ personId: t.ana.id, wasLocked: true }),
      },
    ]);
    const reasons = await failureReasons(t.tenantId, LOCKOUT_AFTER + 2);
    expect(reasons).toContain('refused: account locked after repeated failures');
  });
});

describe('failed HTTP Basic secrets', () => {
  it('slows wrong secrets for one key from one address while another key works, and refuses even the right secret there', async () => {
    const victim = await lrs.credentials.create(['all']);
    const other = await lrs.credentials.create(['all']);
    const address = freshAddress();
    // The right secret once first: the gateway's cache of verified secrets must not bypass the throttle.
    expect((await basic(victim.key, victim.secret, address)).status).toBe(200);
    const wrong = await Promise.all(
      Array.from({ length: 5 }, () => basic(victim.key, randomBytes(8).toString('hex'), address)),
    );
    expect(statusesOf(wrong)).toEqual([401, 401, 401, 429, 429]);
    expect(Number(wrong.find((r) => r.status === 429)!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await basic(victim.key, victim.secret, address)).status).toBe(429);
    expect((await basic(other.key, other.secret, address)).status).toBe(200);

    const reasons = await failureReasons(victim.tenantId, 6);
    expect(reasons.filter((r) => r === 'wrong secret')).toHaveLength(3);
    expect(
      reasons.filter((r) => r === 'refused: key at this client address backing off after repeated failures'),
    ).toHaveLength(3);
  });

  it('does not lock the writer out: wrong secrets for a public key from one address, the right one from another gets 200', async () => {
    const key = await lrs.credentials.create(['all']);
    const writer = freshAddress();
    const attacker = freshAddress();
    // Verified once (consent caches it), and once not: both paths must let the writer through.
    expect((await basic(key.key, key.secret, writer)).status).toBe(200);
    const wrong = await Promise.all(
      Array.from({ length: 5 }, () => basic(key.key, randomBytes(8).toString('hex'), attacker)),
    );
    expect(statusesOf(wrong)).toEqual([401, 401, 401, 429, 429]);
    expect((await basic(key.key, key.secret, writer)).status).toBe(200);
    expect((await basic(key.key, key.secret, freshAddress())).status).toBe(200);
    expect((await basic(key.key, key.secret, attacker)).status).toBe(429);
  });

  it('never refuses a client for its own burst: many parallel right secrets and passwords from one address all get in', async () => {
    // Each attempt holds a place under the limit while its secret is checked; right ones free it without counting.
    const writer = await lrs.credentials.create(['all']);
    const address = freshAddress();
    const reads = await Promise.all(
      Array.from({ length: 4 * ADDRESS_FREE }, () => basic(writer.key, writer.secret, address)),
    );
    expect(statusesOf(reads)).toEqual(reads.map(() => 200));
    const t = await aTenant();
    const logins = await Promise.all(
      Array.from({ length: 4 * FREE }, () => login(t.tenantId, 'ana', PASSWORD, address)),
    );
    expect(statusesOf(logins)).toEqual(logins.map(() => 200));
    // And the limit still holds for wrong ones afterwards, from the same address.
    const wrong = await Promise.all(
      Array.from({ length: FREE + 2 }, () => login(t.tenantId, 'bob', 'wrong-password', address)),
    );
    expect(statusesOf(wrong)).toEqual([...Array(FREE).fill(401), 429, 429]);
  });

  it('keeps serving a writer whose secret was verified while others guess its public key from many addresses', async () => {
    const writer = await lrs.credentials.create(['all']);
    const home = freshAddress();
    expect((await basic(writer.key, writer.secret, home)).status).toBe(200);
    // Guessing from enough addresses puts the key itself into back-off (past the account-wide limit) … (the
    // writer keeps working meanwhile, which also keeps the lockout's count of failures in a row short)
    for (let a = 0; a * FREE <= ACCOUNT_FREE; a++) {
      const guesser = freshAddress();
      await Promise.all(
        Array.from({ length: FREE }, () => basic(writer.key, randomBytes(8).toString('hex'), guesser)),
      );
      expect((await basic(writer.key, writer.secret, home)).status).toBe(200);
    }
    expect((await basic(writer.key, randomBytes(8).toString('hex'), freshAddress())).status).toBe(429);
    // … which refuses further guesses everywhere, but not the exact secret the key's client already proved.
    expect((await basic(writer.key, writer.secret, freshAddress())).status).toBe(200);
  });

  it('counts unknown keys against the client address', async () => {
    const address = freshAddress();
    for (let i = 0; i < ADDRESS_FREE; i++) {
      expect((await basic(`no-such-key-${randomUUID()}`, 'x', address)).status).toBe(401);
    }
    expect((await basic(`no-such-key-${randomUUID()}`, 'x', address)).status).toBe(429);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
