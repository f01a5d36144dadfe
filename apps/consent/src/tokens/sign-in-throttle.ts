// Brute force is slowed: failed sign-ins (local login, HTTP Basic) are counted in consent.sign_in_throttle, so every
// consent replica — and so every gateway — sees the same counts. An account or key is public (a key is in every
// statement's `authority`, a username is known to colleagues), so what backs off after a few failures is the
// account *at one client address*: an attacker slows only themselves, and the real client at another address goes
// on. The account across all addresses backs off too, after many more failures, so guessing from many addresses is
// still slowed; and a client address backs off after failures of any accounts. An attempt takes a place under each
// limit *before* its secret is checked (`pending`, under row locks), so parallel attempts through any number of
// gateways cannot slip past a limit together: once failures and attempts in progress fill a limit, further attempts
// wait until those end (a right secret frees its place without counting as a failure, so a client's burst of
// parallel requests is never refused for itself). While any of its counts is backing off (or the account is
// locked), an attempt is refused without the secret being looked at, so a refused attempt tells nothing about it.
import { createHash } from 'node:crypto';

import { LockedError, TooManyRequestsError } from '@custos/contracts';
import { currentRequestContext } from '@custos/messaging';
import type { UnitOfWork } from '@custos/platform';
import { signInFailures, signInRefusals } from '@custos/telemetry';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import { CONSENT_DB } from '../db/data-source.js';

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

/** Thrown inside `SignInThrottle.judged` for a wrong secret: the attempt counts as a failure, and `error` is answered. */
export class WrongSecret extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

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

/** The kind of account an attempt is for (`person` or `credential`): the only label the sign-in metrics carry. */
const accountKindOf = (subjects: ThrottleSubject[]): string =>
  subjects.find((s) => isAccount(s.kind))?.kind ?? 'unknown';

const countRefusal = (subjects: ThrottleSubject[], reason: 'backoff' | 'locked' | 'busy'): void =>
  signInRefusals.inc({ account: accountKindOf(subjects), reason });

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

// Raw SQL on purpose (ADR 0008): every statement here locks rows in one order, upserts or updates by unnest.
/** A row of consent.sign_in_throttle as {@link THROTTLE_COLUMNS} selects it (alias t). */
export interface ThrottleRow {
  subject: string;
  kind: SubjectKind;
  failures: number;
  streak: number;
  pending: number;
  pending_since: Date | null;
  last_failure_at: Date | null;
  blocked_until: Date | null;
  locked_at: Date | null;
  now: Date;
}

/** The columns of a {@link ThrottleRow}, of consent.sign_in_throttle as t (shared with the credential look-up). */
export const THROTTLE_COLUMNS =
  't.subject, t.kind, t.failures, t.streak, t.pending, t.pending_since, t.last_failure_at, t.blocked_until, t.locked_at, now() AS now';
const SELECT = `SELECT ${THROTTLE_COLUMNS} FROM consent.sign_in_throttle t WHERE t.subject = ANY($1::text[]) ORDER BY t.subject`;
const PURGE_EVERY_MS = 60_000;
/** An attempt in progress for longer than this was lost (its process ended): its place is free again. */
const STALE_PENDING_MS = 60_000;
/** How long an attempt waits for a place under a full limit before it is refused (less if its caller gives up). */
const MAX_WAIT_MS = 10_000;
/** How often a waiting attempt looks again when no attempt of this process ends meanwhile (another replica's may). */
const POLL_MS = 200;

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
  async refusalOf(
    subjects: ThrottleSubject[],
    /** The subjects' rows when the caller read them already (with the credential, in one statement). */
    read?: ThrottleRow[],
  ): Promise<{ refusal?: Refusal; dirty: boolean }> {
    const rows = read ?? (await this.db.query<ThrottleRow[]>(SELECT, [subjects.map((s) => s.subject)]));
    // The exact secret verified before: guessing elsewhere (the account-wide back-off) does not refuse it, or
    // anyone could keep a public key refused for its real client; a lock, this address's counts still do.
    const here = rows.filter((r) => !isAccount(r.kind) || r.locked_at !== null);
    const refusal = this.refusalFrom(here);
    if (refusal) countRefusal(subjects, refusal.error instanceof LockedError ? 'locked' : 'backoff');
    return {
      refusal,
      dirty: rows.some(
        (r) => (isAccount(r.kind) && r.streak > 0) || (isPair(r.kind) && this.live(r, r.failures) > 0),
      ),
    };
  }

  /**
   * Admits an attempt before its secret is checked, taking a place under every limit; or refuses it (back-off,
   * lockout) without counting. While failures and attempts in progress fill a limit, it waits for them to end (a
   * failure may start a back-off, which then refuses it). `skip`: looked at after each wait; when it says so the
   * caller no longer needs an admission (e.g. the secret was verified by a parallel attempt meanwhile). Call
   * `succeeded` or `failed` once the secret was checked.
   */
  async admit(subjects: ThrottleSubject[], skip?: () => boolean): Promise<Refusal | undefined | 'skipped'> {
    const sorted = [...subjects].sort((a, b) => a.subject.localeCompare(b.subject));
    const callerGivesUp = currentRequestContext()?.deadline ?? Infinity;
    const until = Math.min(Date.now() + MAX_WAIT_MS, callerGivesUp - 500);
    for (;;) {
      const outcome = await this.tryAdmit(sorted);
      if (outcome !== 'busy') {
        void this.purgeSoon();
        if (outcome) countRefusal(subjects, outcome.error instanceof LockedError ? 'locked' : 'backoff');
        return outcome;
      }
      if (skip?.()) return 'skipped';
      if (Date.now() >= until) {
        countRefusal(subjects, 'busy');
        return {
          error: new TooManyRequestsError('too many sign-ins of this account are in progress; try again', 1),
          reason: 'refused: too many sign-ins of this account in progress',
        };
      }
      await this.somethingEnded(Math.min(POLL_MS, Math.max(1, until - Date.now())));
    }
  }

  private async tryAdmit(sorted: ThrottleSubject[]): Promise<Refusal | undefined | 'busy'> {
    return this.db.transaction(async (m) => {
      const rows = await this.lockRows(m, sorted);
      const refused = this.refusalFrom(rows);
      if (refused) return refused;
      const full = rows.some((r) => {
        const failures = this.live(r, r.failures);
        const pending = this.livePending(r);
        // Past its free failures (a back-off that has run out), a count lets one attempt through at a time.
        return failures >= this.freeOf(r.kind) ? pending > 0 : failures + pending >= this.freeOf(r.kind);
      });
      if (full) return 'busy';
      await m.query(
        `UPDATE consent.sign_in_throttle
            SET pending = CASE WHEN pending_since < now() - $2 * interval '1 millisecond' THEN 1 ELSE pending + 1 END,
                pending_since = now()
          WHERE subject = ANY($1::text[])`,
        [sorted.map((x) => x.subject), STALE_PENDING_MS],
      );
      return undefined;
    });
  }

  /** The subjects' rows, created when missing, locked in one order (two attempts never wait on each other in a circle). */
  private async lockRows(m: EntityManager, sorted: ThrottleSubject[]): Promise<ThrottleRow[]> {
    await m.query(
      `INSERT INTO consent.sign_in_throttle (subject, kind, tenant_id, account)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (subject) DO NOTHING`,
      [
        sorted.map((x) => x.subject),
        sorted.map((x) => x.kind),
        sorted.map((x) => x.tenantId),
        sorted.map((x) => x.account ?? null),
      ],
    );
    return m.query<ThrottleRow[]>(`${SELECT} FOR UPDATE`, [sorted.map((x) => x.subject)]);
  }

  /** The secret was wrong (or the key unknown or revoked): the attempt's place becomes a failure. */
  async failed(subjects: ThrottleSubject[]): Promise<void> {
    const sorted = [...subjects].sort((a, b) => a.subject.localeCompare(b.subject));
    try {
      await this.db.transaction(async (m) => this.count(m, await this.lockRows(m, sorted)));
    } finally {
      this.wakeWaiters();
    }
  }

  /**
   * The secret was right: its place is freed (`counted`: `admit` took one), the account at this address is
   * forgotten and the account's failures in a row end. Its failures across addresses and the address's stay: a
   * busy client does not wipe out failures from elsewhere.
   */
  async succeeded(subjects: ThrottleSubject[], counted = true): Promise<void> {
    const of = (pick: (k: SubjectKind) => boolean) =>
      subjects.filter((x) => pick(x.kind)).map((x) => x.subject);
    const back = counted ? 1 : 0;
    const sorted = [...subjects].sort((a, b) => a.subject.localeCompare(b.subject));
    try {
      // Locked first, in the one order every attempt uses: an UPDATE alone locks rows in scan order.
      await this.db.transaction(async (m) => {
        await this.lockRows(m, sorted);
        await m.query(
          `UPDATE consent.sign_in_throttle
            SET pending = greatest(pending - $3, 0),
                failures = CASE WHEN subject = ANY($2::text[]) THEN 0 ELSE failures END,
                blocked_until = CASE WHEN subject = ANY($2::text[]) THEN NULL ELSE blocked_until END,
                streak = 0
          WHERE subject = ANY($1::text[])`,
          [subjects.map((x) => x.subject), of(isPair), back],
        );
      });
    } finally {
      this.wakeWaiters();
    }
  }

  /**
   * The attempt ended without its secret being judged (a fault, a lost database): its place is freed and nothing
   * is counted.
   */
  async release(subjects: ThrottleSubject[]): Promise<void> {
    const sorted = [...subjects].sort((a, b) => a.subject.localeCompare(b.subject));
    try {
      await this.db.transaction(async (m) => {
        await this.lockRows(m, sorted);
        await m.query(
          `UPDATE consent.sign_in_throttle SET pending = greatest(pending - 1, 0) WHERE subject = ANY($1::text[])`,
          [sorted.map((x) => x.subject)],
        );
      });
    } finally {
      this.wakeWaiters();
    }
  }

  /**
   * Runs `check` for an admitted attempt: `failed` when it throws `wrong` (the secret was judged wrong),
   * `succeeded` when it returns, `release` when anything else ends it — so a fault never keeps a place.
   */
  async judged<T>(subjects: ThrottleSubject[], check: () => Promise<T>): Promise<T> {
    let outcome: 'right' | 'wrong' | 'fault' = 'fault';
    try {
      const result = await check();
      outcome = 'right';
      return result;
    } catch (err) {
      if (err instanceof WrongSecret) {
        outcome = 'wrong';
        signInFailures.inc({ account: accountKindOf(subjects) });
      }
      throw err instanceof WrongSecret ? err.error : err;
    } finally {
      if (outcome === 'right') await this.succeeded(subjects);
      else if (outcome === 'wrong') await this.failed(subjects);
      else await this.release(subjects).catch(() => undefined);
    }
  }

  private waiters = new Set<() => void>();

  /** Resolves when an attempt of this process ends, or after `ms` (an attempt may end in another replica). */
  private somethingEnded(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Lifts a lock, and forgets the failures, of an account or key — everywhere and at every address — in the
   * admin's unit of work; whether it was locked.
   */
  async unlock(subject: ThrottleSubject, uow: UnitOfWork): Promise<boolean> {
    // Rows locked in the one order attempts use, so an unlock never deadlocks with an attempt.
    const rows = await uow.manager.query<{ locked_at: Date | null }[]>(
      `DELETE FROM consent.sign_in_throttle WHERE subject IN (
         SELECT subject FROM consent.sign_in_throttle WHERE subject = $1 OR account = $1 ORDER BY subject FOR UPDATE
       ) RETURNING locked_at`,
      [subject.subject],
    );
    return rows.some((r) => r.locked_at !== null);
  }

  /** A count that still counts: none once the failures are old enough to be forgotten, unless locked. */
  private live(r: ThrottleRow, n: number): number {
    if (r.locked_at) return n;
    const quiet = r.last_failure_at ? r.now.getTime() - r.last_failure_at.getTime() : 0;
    return quiet > this.settings.forgetAfterSeconds * 1000 ? 0 : n;
  }

  /** Attempts still in progress: none once the latest was admitted too long ago (its process ended). */
  private livePending(r: ThrottleRow): number {
    if (!r.pending_since) return 0;
    return r.now.getTime() - r.pending_since.getTime() > STALE_PENDING_MS ? 0 : r.pending;
  }

  private freeOf(kind: SubjectKind): number {
    const s = this.settings;
    if (isAccount(kind)) return s.accountFreeFailures;
    return isPair(kind) ? s.freeFailures : s.addressFreeFailures;
  }

  private refusalFrom(rows: ThrottleRow[]): Refusal | undefined {
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

  /** Counts a failure on each row (in `m`'s transaction, rows locked), freeing the attempt's place. */
  private async count(m: EntityManager, rows: ThrottleRow[]): Promise<void> {
    const s = this.settings;
    const next = rows.map((r) => {
      const failures = this.live(r, r.failures) + 1;
      const streak = this.live(r, r.streak) + 1;
      return {
        subject: r.subject,
        failures,
        streak,
        blockSeconds: backoffSeconds(failures, this.freeOf(r.kind), s),
        // Locked when this attempt is the N-th failure in a row of the account, from wherever: the next one is
        // refused (only an admin unlocks it).
        lock: isAccount(r.kind) && s.lockoutAfter > 0 && streak >= s.lockoutAfter,
      };
    });
    await m.query(
      `UPDATE consent.sign_in_throttle t
          SET failures = n.failures,
              streak = n.streak,
              pending = greatest(t.pending - 1, 0),
              last_failure_at = now(),
              blocked_until = CASE WHEN n.block > 0 THEN now() + n.block * interval '1 second' END,
              locked_at = CASE WHEN n.lock THEN now() ELSE t.locked_at END
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
        // Rows an attempt holds are skipped, the rest locked in order: housekeeping never deadlocks with one.
        `DELETE FROM consent.sign_in_throttle WHERE subject IN (
           SELECT subject FROM consent.sign_in_throttle
            WHERE locked_at IS NULL AND (blocked_until IS NULL OR blocked_until < now())
              AND (failures = 0 OR last_failure_at < now() - $1 * interval '1 second')
              AND (pending = 0 OR pending_since < now() - $2 * interval '1 millisecond')
            ORDER BY subject FOR UPDATE SKIP LOCKED)`,
        [this.settings.forgetAfterSeconds, STALE_PENDING_MS],
      );
    } catch {
      // Housekeeping only: the next attempt tries again.
      this.lastPurge = 0;
    }
  }
}
