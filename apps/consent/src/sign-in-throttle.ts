// Brute force is slowed: failed sign-ins (local login, HTTP Basic) are counted per account or key and per client
// address in consent.sign_in_throttle, so every consent replica — and so every gateway — sees the same counts.
// An attempt is counted as a failure *before* its secret is checked, under a row lock, so parallel attempts
// through any number of gateways cannot slip past the limit together; a right secret then gives it back. While a
// subject is backing off (or locked), an attempt is refused without the secret being looked at, so a refused
// attempt tells nothing about the secret.
import { createHash } from 'node:crypto';

import { LockedError, TooManyRequestsError } from '@custos/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { CONSENT_OPTIONS, type ConsentModuleOptions } from './consent.options.js';
import { CONSENT_DB } from './db/data-source.js';

export interface SignInThrottleSettings {
  /** Failures of one account or key before back-off begins. */
  freeFailures: number;
  /** Failures from one client address (of any account) before back-off begins: many people share a NAT. */
  addressFreeFailures: number;
  /** The first back-off; each further failure doubles it. */
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  /** Failures older than this (with none since) are forgotten. */
  forgetAfterSeconds: number;
  /** After this many failures in a row an account or key is locked until an admin unlocks it; 0: never. */
  lockoutAfter: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleSettings = {
  freeFailures: 5,
  addressFreeFailures: 50,
  backoffBaseSeconds: 1,
  backoffMaxSeconds: 900,
  forgetAfterSeconds: 3600,
  lockoutAfter: 0,
};

export type SubjectKind = 'person' | 'credential' | 'address';

export interface ThrottleSubject {
  subject: string;
  kind: SubjectKind;
  tenantId: string | null;
}

const hashOf = (...parts: string[]): string => createHash('sha256').update(parts.join('\0')).digest('hex');

/** A username of a tenant, whether or not such a person exists (so a refusal says nothing about that). */
export const personSubject = (tenantId: string, username: string): ThrottleSubject => ({
  subject: hashOf('person', tenantId, username),
  kind: 'person',
  tenantId,
});

/** A credential key (keys are unique across tenants), known or not. */
export const credentialSubject = (key: string, tenantId: string | null): ThrottleSubject => ({
  subject: hashOf('credential', key),
  kind: 'credential',
  tenantId,
});

export const addressSubject = (address: string): ThrottleSubject => ({
  subject: hashOf('address', address),
  kind: 'address',
  tenantId: null,
});

/** The subjects one attempt counts against: the account or key, and the client address when the gateway sent it. */
export const subjectsOf = (account: ThrottleSubject, clientAddress: string | undefined): ThrottleSubject[] =>
  clientAddress ? [account, addressSubject(clientAddress)] : [account];

/** Seconds a subject is blocked after its `failures`-th failure (0: not blocked). */
export function backoffSeconds(failures: number, free: number, s: SignInThrottleSettings): number {
  if (failures < free) return 0;
  return Math.min(s.backoffMaxSeconds, s.backoffBaseSeconds * 2 ** Math.min(failures - free, 40));
}

/** Why an attempt was refused: the error to answer with and the reason its audit record gives. */
export interface Refusal {
  error: TooManyRequestsError | LockedError;
  reason: string;
}

interface Row {
  subject: string;
  kind: SubjectKind;
  failures: number;
  last_failure_at: Date | null;
  blocked_until: Date | null;
  locked_at: Date | null;
  now: Date;
}

const SELECT = `SELECT subject, kind, failures, last_failure_at, blocked_until, locked_at, now() AS now
  FROM consent.sign_in_throttle WHERE subject = ANY($1::text[]) ORDER BY subject`;
const PURGE_EVERY_MS = 60_000;

@Injectable()
export class SignInThrottle {
  private readonly settings: SignInThrottleSettings;
  private lastPurge = 0;

  constructor(
    @Inject(CONSENT_DB) private readonly db: DataSource,
    @Inject(CONSENT_OPTIONS) options: ConsentModuleOptions,
  ) {
    this.settings = { ...DEFAULT_SIGN_IN_THROTTLE, ...options.signInThrottle };
  }

  /**
   * Whether these subjects are refused now, without counting anything: the check of a request whose secret was
   * verified before (HTTP Basic's cache), so a known-good secret costs one read and no write.
   */
  async refusalOf(subjects: ThrottleSubject[]): Promise<{ refusal?: Refusal; failures: number }> {
    const rows = await this.db.query<Row[]>(SELECT, [subjects.map((s) => s.subject)]);
    return {
      refusal: this.refusalFrom(rows),
      failures: rows.filter((r) => r.kind !== 'address').reduce((n, r) => n + this.live(r), 0),
    };
  }

  /**
   * Admits an attempt before its secret is checked, counting it as a failure; or refuses it (back-off, lockout)
   * without counting. Call `succeeded` when the secret was right.
   */
  async admit(subjects: ThrottleSubject[]): Promise<Refusal | undefined> {
    const sorted = [...subjects].sort((a, b) => a.subject.localeCompare(b.subject));
    const refusal = await this.db.transaction(async (m) => {
      // Rows in one order in every transaction, so two attempts never wait on each other in a circle.
      await m.query(
        `INSERT INTO consent.sign_in_throttle (subject, kind, tenant_id)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (subject) DO NOTHING`,
        [sorted.map((s) => s.subject), sorted.map((s) => s.kind), sorted.map((s) => s.tenantId)],
      );
      const rows = await m.query<Row[]>(`${SELECT} FOR UPDATE`, [sorted.map((s) => s.subject)]);
      const refused = this.refusalFrom(rows);
      if (refused) return refused;
      await this.count(m, rows);
      return undefined;
    });
    void this.purgeSoon();
    return refusal;
  }

  /** The secret was right: the account's failures are forgotten; the address gets this attempt back. */
  async succeeded(subjects: ThrottleSubject[]): Promise<void> {
    const accounts = subjects.filter((s) => s.kind !== 'address').map((s) => s.subject);
    const addresses = subjects.filter((s) => s.kind === 'address').map((s) => s.subject);
    if (accounts.length > 0) {
      await this.db.query(`DELETE FROM consent.sign_in_throttle WHERE subject = ANY($1::text[])`, [accounts]);
    }
    if (addresses.length > 0) {
      await this.db.query(
        `UPDATE consent.sign_in_throttle
            SET failures = greatest(failures - 1, 0),
                blocked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE blocked_until END
          WHERE subject = ANY($1::text[])`,
        [addresses, this.settings.addressFreeFailures],
      );
    }
  }

  /** Lifts a lock (and forgets the failures) of an account or key, in `m`'s transaction; whether it was locked. */
  async unlock(subject: ThrottleSubject, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await m.query<{ locked_at: Date | null }[]>(
      `DELETE FROM consent.sign_in_throttle WHERE subject = $1 RETURNING locked_at`,
      [subject.subject],
    );
    return rows.some((r) => r.locked_at !== null);
  }

  /** Failures that still count: none once they are old enough to be forgotten, unless locked. */
  private live(r: Row): number {
    if (r.locked_at) return r.failures;
    const quiet = r.last_failure_at ? r.now.getTime() - r.last_failure_at.getTime() : 0;
    return quiet > this.settings.forgetAfterSeconds * 1000 ? 0 : r.failures;
  }

  private refusalFrom(rows: Row[]): Refusal | undefined {
    const locked = rows.find((r) => r.locked_at !== null);
    if (locked) {
      return {
        error: new LockedError(
          'locked after too many failed sign-ins; an administrator of the tenant can unlock it',
        ),
        reason: `refused: ${locked.kind === 'credential' ? 'key' : 'account'} locked after repeated failures`,
      };
    }
    const blocked = rows
      .filter((r) => r.blocked_until !== null && r.blocked_until > r.now)
      .map((r) => ({ r, ms: r.blocked_until!.getTime() - r.now.getTime() }))
      .sort((a, b) => b.ms - a.ms)[0];
    if (!blocked) return undefined;
    const what =
      blocked.r.kind === 'address' ? 'client address' : blocked.r.kind === 'credential' ? 'key' : 'account';
    return {
      error: new TooManyRequestsError('too many failed sign-ins; try again later', blocked.ms / 1000),
      reason: `refused: ${what} backing off after repeated failures`,
    };
  }

  private async count(m: EntityManager, rows: Row[]): Promise<void> {
    const s = this.settings;
    const next = rows.map((r) => {
      const failures = this.live(r) + 1;
      const isAddress = r.kind === 'address';
      return {
        subject: r.subject,
        failures,
        blockSeconds: backoffSeconds(failures, isAddress ? s.addressFreeFailures : s.freeFailures, s),
        // Locked when this attempt is the N-th failure: the next one is refused (a right secret unlocks it now).
        lock: !isAddress && s.lockoutAfter > 0 && failures >= s.lockoutAfter,
      };
    });
    await m.query(
      `UPDATE consent.sign_in_throttle t
          SET failures = n.failures,
              last_failure_at = now(),
              blocked_until = CASE WHEN n.block > 0 THEN now() + n.block * interval '1 second' END,
              locked_at = CASE WHEN n.lock THEN now() END
         FROM unnest($1::text[], $2::int[], $3::float8[], $4::bool[]) AS n(subject, failures, block, lock)
        WHERE t.subject = n.subject`,
      [
        next.map((n) => n.subject),
        next.map((n) => n.failures),
        next.map((n) => n.blockSeconds),
        next.map((n) => n.lock),
      ],
    );
  }

  /** Forgets quiet, unlocked subjects now and then, so the table holds recent failures only. */
  private async purgeSoon(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    try {
      await this.db.query(
        `DELETE FROM consent.sign_in_throttle
          WHERE locked_at IS NULL AND (blocked_until IS NULL OR blocked_until < now())
            AND (failures = 0 OR last_failure_at < now() - $1 * interval '1 second')`,
        [this.settings.forgetAfterSeconds],
      );
    } catch {
      // Housekeeping only: the next attempt tries again.
      this.lastPurge = 0;
    }
  }
}
