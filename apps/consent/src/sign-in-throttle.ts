// Brute force is slowed: failed sign-ins (local login, HTTP Basic) are counted in consent.sign_in_throttle, so every
// consent replica — and so every gateway — sees the same counts. An account or key is public (a key is in every
// statement's `authority`, a username is known to colleagues), so what backs off after a few failures is the
// account *at one client address*: an attacker slows only themselves, and the real client at another address goes
// on. The account across all addresses backs off too, after many more failures, so guessing from many addresses is
// still slowed; and a client address backs off after failures of any accounts. An attempt is counted as a failure
// *before* its secret is checked, under row locks, so parallel attempts through any number of gateways cannot slip
// past a limit together; a right secret then gives it back. While any of its counts is backing off (or the account
// is locked), an attempt is refused without the secret being looked at, so a refused attempt tells nothing about it.
import { createHash } from 'node:crypto';

import { LockedError, TooManyRequestsError } from '@custos/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { CONSENT_OPTIONS, type ConsentModuleOptions } from './consent.options.js';
import { CONSENT_DB } from './db/data-source.js';

export interface SignInThrottleSettings {
  /** Failures of one account or key from one client address before that pair backs off. */
  freeFailures: number;
  /** Failures of one account or key from all addresses together before it backs off everywhere. */
  accountFreeFailures: number;
  /** Failures from one client address (of any account) before back-off begins: many people share a NAT. */
  addressFreeFailures: number;
  /** The first back-off; each further failure doubles it. */
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  /** Failures older than this (with none since) are forgotten. */
  forgetAfterSeconds: number;
  /**
   * After this many failures of an account or key in a row (from any addresses, no right secret between) it is
   * locked until an admin unlocks it; 0: never.
   */
  lockoutAfter: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleSettings = {
  freeFailures: 5,
  accountFreeFailures: 100,
  addressFreeFailures: 50,
  backoffBaseSeconds: 1,
  backoffMaxSeconds: 900,
  forgetAfterSeconds: 3600,
  lockoutAfter: 0,
};

/** What a row counts: an account or key (everywhere), one at one client address, or a client address. */
export type SubjectKind = 'person' | 'credential' | 'person-at-address' | 'credential-at-address' | 'address';

export interface ThrottleSubject {
  subject: string;
  kind: SubjectKind;
  tenantId: string | null;
  /** Of an account at an address: the account's subject, so an admin's unlock clears these too. */
  account?: string;
}

const isAccount = (kind: SubjectKind) => kind === 'person' || kind === 'credential';
const isPair = (kind: SubjectKind) => kind === 'person-at-address' || kind === 'credential-at-address';

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

/** An account or key at one client address; without an address (none sent), all such attempts share one. */
export const pairSubject = (account: ThrottleSubject, address: string | undefined): ThrottleSubject => ({
  subject: hashOf('pair', account.subject, address ?? ''),
  kind: account.kind === 'person' ? 'person-at-address' : 'credential-at-address',
  tenantId: account.tenantId,
  account: account.subject,
});

/**
 * The subjects one attempt counts against: the account or key, the account at the client address, and the client
 * address when the gateway sent it.
 */
export const subjectsOf = (
  account: ThrottleSubject,
  clientAddress: string | undefined,
): ThrottleSubject[] => [
  account,
  pairSubject(account, clientAddress),
  ...(clientAddress ? [addressSubject(clientAddress)] : []),
];

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
  streak: number;
  last_failure_at: Date | null;
  blocked_until: Date | null;
  locked_at: Date | null;
  now: Date;
}

const SELECT = `SELECT subject, kind, failures, streak, last_failure_at, blocked_until, locked_at, now() AS now
  FROM consent.sign_in_throttle WHERE subject = ANY($1::text[]) ORDER BY subject`;
const PURGE_EVERY_MS = 60_000;

/** What an audit record says was backing off. */
const REFUSED_WHAT: Record<SubjectKind, string> = {
  person: 'account',
  credential: 'key',
  'person-at-address': 'account at this client address',
  'credential-at-address': 'key at this client address',
  address: 'client address',
};

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
   * verified before (HTTP Basic's cache), so a known-good secret costs one read and no write. `dirty`: the
   * account has failures in a row, or the account at this address has failures, for `succeeded` to clear.
   */
  async refusalOf(subjects: ThrottleSubject[]): Promise<{ refusal?: Refusal; dirty: boolean }> {
    const rows = await this.db.query<Row[]>(SELECT, [subjects.map((s) => s.subject)]);
    return {
      refusal: this.refusalFrom(rows),
      dirty: rows.some(
        (r) => (isAccount(r.kind) && r.streak > 0) || (isPair(r.kind) && this.live(r, r.failures) > 0),
      ),
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
        `INSERT INTO consent.sign_in_throttle (subject, kind, tenant_id, account)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (subject) DO NOTHING`,
        [
          sorted.map((s) => s.subject),
          sorted.map((s) => s.kind),
          sorted.map((s) => s.tenantId),
          sorted.map((s) => s.account ?? null),
        ],
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

  /**
   * The secret was right. The account at this address is forgotten; the account's failures in a row end, but its
   * count across addresses only gets back what `admit` took (`counted`), so a busy client does not wipe out
   * failures from elsewhere; the address gets its attempt back too.
   */
  async succeeded(subjects: ThrottleSubject[], counted = true): Promise<void> {
    const of = (pick: (k: SubjectKind) => boolean) =>
      subjects.filter((s) => pick(s.kind)).map((s) => s.subject);
    const [accounts, pairs, addresses] = [of(isAccount), of(isPair), of((k) => k === 'address')];
    const back = counted ? 1 : 0;
    if (pairs.length > 0) {
      await this.db.query(`DELETE FROM consent.sign_in_throttle WHERE subject = ANY($1::text[])`, [pairs]);
    }
    if (accounts.length > 0) {
      // A back-off or lock set since `admit` goes: this very attempt's (the row was neither when it was
      // admitted, and only the right secret gets here), or — a rare race — one a parallel failure set meanwhile.
      await this.db.query(
        `UPDATE consent.sign_in_throttle
            SET failures = greatest(failures - $2, 0), streak = 0,
                blocked_until = CASE WHEN $2 > 0 THEN NULL ELSE blocked_until END,
                locked_at = CASE WHEN $2 > 0 THEN NULL ELSE locked_at END
          WHERE subject = ANY($1::text[])`,
        [accounts, back],
      );
    }
    if (addresses.length > 0 && counted) {
      await this.db.query(
        `UPDATE consent.sign_in_throttle
            SET failures = greatest(failures - 1, 0),
                blocked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE blocked_until END
          WHERE subject = ANY($1::text[])`,
        [addresses, this.settings.addressFreeFailures],
      );
    }
  }

  /**
   * Lifts a lock, and forgets the failures, of an account or key — everywhere and at every address — in `m`'s
   * transaction; whether it was locked.
   */
  async unlock(subject: ThrottleSubject, m: EntityManager = this.db.manager): Promise<boolean> {
    const rows = await m.query<{ locked_at: Date | null }[]>(
      `DELETE FROM consent.sign_in_throttle WHERE subject = $1 OR account = $1 RETURNING locked_at`,
      [subject.subject],
    );
    return rows.some((r) => r.locked_at !== null);
  }

  /** A count that still counts: none once the failures are old enough to be forgotten, unless locked. */
  private live(r: Row, n: number): number {
    if (r.locked_at) return n;
    const quiet = r.last_failure_at ? r.now.getTime() - r.last_failure_at.getTime() : 0;
    return quiet > this.settings.forgetAfterSeconds * 1000 ? 0 : n;
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
    return {
      error: new TooManyRequestsError('too many failed sign-ins; try again later', blocked.ms / 1000),
      reason: `refused: ${REFUSED_WHAT[blocked.r.kind]} backing off after repeated failures`,
    };
  }

  private async count(m: EntityManager, rows: Row[]): Promise<void> {
    const s = this.settings;
    const free: Record<SubjectKind, number> = {
      person: s.accountFreeFailures,
      credential: s.accountFreeFailures,
      'person-at-address': s.freeFailures,
      'credential-at-address': s.freeFailures,
      address: s.addressFreeFailures,
    };
    const next = rows.map((r) => {
      const failures = this.live(r, r.failures) + 1;
      const streak = this.live(r, r.streak) + 1;
      return {
        subject: r.subject,
        failures,
        streak,
        blockSeconds: backoffSeconds(failures, free[r.kind], s),
        // Locked when this attempt is the N-th failure in a row of the account, from wherever: the next one is
        // refused (a right secret unlocks it now).
        lock: isAccount(r.kind) && s.lockoutAfter > 0 && streak >= s.lockoutAfter,
      };
    });
    await m.query(
      `UPDATE consent.sign_in_throttle t
          SET failures = n.failures,
              streak = n.streak,
              last_failure_at = now(),
              blocked_until = CASE WHEN n.block > 0 THEN now() + n.block * interval '1 second' END,
              locked_at = CASE WHEN n.lock THEN now() END
         FROM unnest($1::text[], $2::int[], $3::int[], $4::float8[], $5::bool[])
              AS n(subject, failures, streak, block, lock)
        WHERE t.subject = n.subject`,
      [
        next.map((n) => n.subject),
        next.map((n) => n.failures),
        next.map((n) => n.streak),
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
