import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins — per account or key, per account or key at one client address, and per client address —
 * shared by every consent replica (and so by every gateway): the back-off and lockout state of
 * sign-in-throttle.ts. A subject is the SHA-256 of what was named (tenant and username, a key, an address), not
 * the name in clear; rows are forgotten after a quiet period.
 */
export class CreateSignInThrottle1797000001000 implements MigrationInterface {
  name = 'CreateSignInThrottle1797000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.sign_in_throttle (
        subject text PRIMARY KEY,
        kind text NOT NULL CHECK (
          kind IN ('person', 'credential', 'person-at-address', 'credential-at-address', 'address')
        ),
        tenant_id text,
        -- Of an account at an address: the account's subject (an admin's unlock clears these rows too).
        account text CHECK ((account IS NOT NULL) = (kind LIKE '%-at-address')),
        failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
        -- Failures since the last right secret (of an account): what the optional lockout counts.
        streak integer NOT NULL DEFAULT 0 CHECK (streak >= 0),
        -- Attempts admitted whose secret is still being checked (and when the latest was admitted): they hold a
        -- place under the limit until they end, so parallel attempts cannot slip past it, and a right secret
        -- never counts as a failure.
        pending integer NOT NULL DEFAULT 0 CHECK (pending >= 0),
        pending_since timestamptz,
        last_failure_at timestamptz,
        blocked_until timestamptz,
        locked_at timestamptz
      )`);
    // Forgetting old failures scans by age (locked rows are kept until an admin unlocks them).
    await q.query(
      `CREATE INDEX sign_in_throttle_forget_idx ON consent.sign_in_throttle (last_failure_at) WHERE locked_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX sign_in_throttle_account_idx ON consent.sign_in_throttle (account) WHERE account IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.sign_in_throttle`);
  }
}
