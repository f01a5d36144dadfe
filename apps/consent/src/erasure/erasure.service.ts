// Erasure of a person (GDPR Art. 17; docs/adr/0013-erasure-and-crypto-shredding.md). Consent owns the job: who
// asked, the grace period of a learner's own request, approval, what blocks it, and the steps, each recorded in
// the job row before the next begins so that a crash resumes where it stopped:
//   storage  — storage erases the person's statements, documents and attachment data (idempotent per erasure);
//   consent  — the person, their links, roles, memberships, grants, objections and receipts are deleted;
//   seal     — storage signs the completion record and appends it to the audit log (idempotent per erasure).
// The person's identifier hashes are kept in the job only between the first and the last step.
import { randomUUID } from 'node:crypto';

import { type AppAbility, abilityWithoutPolicies, erasureOf, policyScopeFilter } from '@custos/authz';
import {
  ConflictError,
  type ConsentErasureCountsV1,
  type CreateErasureBodyV1,
  type ErasureBlockerV1,
  type ErasureCompletionRecordV1,
  type ErasureViewV1,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  type ObligationScopeV1,
  type PrincipalV1,
  principalIdOf,
  type SignedErasureCompletionV1,
  type StorageErasureCountsV1,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { LOGGER, type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { ERASED_HOME_PAGE } from '@custos/xapi';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { type Actor, adminActor, ChangeLog, OPERATOR } from '../change-log/index.js';
import { ForwardingService } from '../forwarding/index.js';
import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import { institutionPolicyOf, PoliciesService } from '../policies/index.js';
import { ConsentAgency, type LearnerAgent } from '../people/index.js';
import { personSubject } from '../tokens/index.js';
import { ErasureRepository, type ErasureRow } from './erasure.repository.js';

/** A week: long enough to change one's mind, well inside GDPR's month to answer (Art. 12(3)). */
export const DEFAULT_ERASURE_GRACE_SECONDS = 7 * 24 * 3600;

/** Custos itself, carrying out a learner's request once its grace period has run out. */
const GRACE_PERIOD: Actor = { id: 'erasure', kind: 'system', basis: [{ kind: 'erasure-request' }] };

/** The operator erasing again, after a restore, a person an erasure recorded in the key store had erased. */
const REPLAY: Actor = { ...OPERATOR, basis: [{ kind: 'erasure-replay', reason: 'replay after restore' }] };

/** What `custos erasure replay` did in one tenant (docs/operations.md "Backups and erasure"). */
export interface ErasureReplayReport {
  tenantId: string;
  /** The erased persons the restored data holds again. */
  foundAgain: string[];
  /** Erased again: the person and the new erasure's id. */
  erasedAgain: { personId: string; erasureId: string }[];
  /** Not erased again: a legal hold or obligation keeps them (the new erasure is blocked, as any would be). */
  blocked: { personId: string; erasureId: string; blockers: ErasureBlockerV1[] }[];
  /** The restored data already had an open erasure of the person (it is carried on, not opened twice). */
  alreadyOpen: string[];
  /** The erasure did not finish (storage failed): the job stays and the next replay or runner carries it on. */
  unfinished: { personId: string; erasureId: string; state: string }[];
}

type Step = 'none' | 'storage' | 'consent' | 'seal' | 'done';

@Injectable()
export class ErasureService {
  private readonly graceSeconds: number;

  constructor(
    private readonly units: UnitsOfWork,
    private readonly erasures: ErasureRepository,
    private readonly changes: ChangeLog,
    private readonly policies: PoliciesService,
    private readonly bus: MessageBus,
    private readonly agency: ConsentAgency,
    private readonly forwarding: ForwardingService,
    @Inject(CONSENT_OPTIONS) options: ConsentModuleOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.graceSeconds = options.erasure?.graceSeconds ?? DEFAULT_ERASURE_GRACE_SECONDS;
  }

  /** An admin erases a person of their tenant: approved at once (unless something blocks it). */
  async create(principal: PrincipalV1, personId: string, body: CreateErasureBodyV1): Promise<ErasureViewV1> {
    if (!abilityOf(principal).can('manage', erasureOf(principal.tenantId, personId))) {
      throw new ForbiddenError('erasing a person needs the admin role');
    }
    return this.open(principal.tenantId, personId, {
      requestedBy: 'admin',
      actor: adminActor(principal),
      approvedBy: principalIdOf(principal),
      narrow: body.narrow ?? false,
      dueAt: null,
    });
  }

  /**
   * A learner asks for the erasure of their own records, or (`learnerId`) a guardian for a learner who is a minor:
   * carried out after the grace period unless cancelled. Who may ask is the rule of consent choices
   * (ConsentAgency.actsForLearner): a minor's request is their guardian's to make.
   */
  async request(principal: PrincipalV1, learnerId?: string): Promise<ErasureViewV1> {
    if (
      principal.kind !== 'person' ||
      (learnerId === undefined &&
        !abilityOf(principal).can('write', erasureOf(principal.tenantId, principal.personId)))
    ) {
      throw new ForbiddenError('only a learner may ask for the erasure of their own records');
    }
    const agent = await this.agency.actsForLearner(principal, learnerId);
    return this.open(agent.tenantId, agent.learnerId, {
      requestedBy: 'self',
      actor: agent.actor,
      approvedBy: null,
      narrow: false,
      dueAt: new Date(Date.now() + this.graceSeconds * 1000),
    });
  }

  async get(principal: PrincipalV1, id: string): Promise<ErasureViewV1> {
    const row = await this.units.run((uow) => this.erasures.get(uow, principal.tenantId, id));
    // Someone who may not follow it learns nothing, not even that it exists.
    if (
      !row ||
      (!abilityOf(principal).can('read', erasureOf(principal.tenantId, row.person_id)) &&
        !(await this.guardianOf(principal, row.person_id)))
    ) {
      throw new NotFoundError('no such erasure');
    }
    return viewOf(row);
  }

  async mine(principal: PrincipalV1): Promise<ErasureViewV1[]> {
    if (
      principal.kind !== 'person' ||
      !abilityOf(principal).can('read', erasureOf(principal.tenantId, principal.personId))
    ) {
      throw new ForbiddenError('only a learner has erasure requests of their own');
    }
    const rows = await this.units.run((uow) =>
      this.erasures.ofPerson(uow, principal.tenantId, principal.personId),
    );
    return rows.map(viewOf);
  }

  /** `principal` as the guardian acting today for `learnerId` (a minor linked to them), or null. */
  private async guardianOf(principal: PrincipalV1, learnerId: string): Promise<LearnerAgent | null> {
    if (
      principal.kind !== 'person' ||
      principal.personId === learnerId ||
      !principal.roles.includes('guardian')
    ) {
      return null;
    }
    try {
      return await this.agency.actsForLearner(principal, learnerId);
    } catch (error) {
      if (error instanceof ForbiddenError) return null;
      throw error;
    }
  }

  /** An erasure of the tenant, for operators (the `custos erasure` command line): no principal, no audit. */
  async find(tenantId: string, id: string): Promise<ErasureViewV1 | null> {
    const row = await this.units.run((uow) => this.erasures.get(uow, tenantId, id));
    return row && viewOf(row);
  }

  /** The tenant's newest erasures, for operators. */
  async list(tenantId: string, limit = 100): Promise<ErasureViewV1[]> {
    const rows = await this.units.run((uow) => this.erasures.ofTenant(uow, tenantId, limit));
    return rows.map(viewOf);
  }

  /**
   * Erases again, after the data was restored from a backup taken before their erasure, the persons of
   * `erasedPersonIds` (those the key store records as erased) that exist again: each through a new erasure job,
   * approved by the operator, carried through all its steps as any erasure is. With `dryRun`, only finds them.
   * A second run finds nothing: the persons are gone again.
   */
  async replay(
    tenantId: string,
    erasedPersonIds: readonly string[],
    dryRun = false,
  ): Promise<ErasureReplayReport> {
    const foundAgain = await this.units.run((uow) =>
      this.erasures.existingPersons(uow, tenantId, [...new Set(erasedPersonIds)]),
    );
    const report: ErasureReplayReport = {
      tenantId,
      foundAgain,
      erasedAgain: [],
      blocked: [],
      alreadyOpen: [],
      unfinished: [],
    };
    if (dryRun) return report;
    for (const personId of foundAgain) {
      let view: ErasureViewV1;
      try {
        view = await this.open(
          tenantId,
          personId,
          { requestedBy: 'admin', actor: REPLAY, approvedBy: OPERATOR.id, narrow: false, dueAt: null },
          false,
        );
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // The backup held a request not yet carried out: carried on now, as the runner would.
        const open = (await this.units.run((uow) => this.erasures.ofPerson(uow, tenantId, personId))).find(
          (row) => ['waiting', 'approved', 'running'].includes(row.state),
        );
        if (open && open.state !== 'waiting') await this.run(open.id);
        report.alreadyOpen.push(personId);
        continue;
      }
      if (view.state === 'approved') {
        await this.run(view.id);
        view = (await this.find(tenantId, view.id))!;
      }
      if (view.state === 'completed') {
        report.erasedAgain.push({ personId, erasureId: view.id });
      } else if (view.state === 'blocked') {
        report.blocked.push({ personId, erasureId: view.id, blockers: view.blockers });
      } else {
        report.unfinished.push({ personId, erasureId: view.id, state: view.state });
      }
    }
    return report;
  }

  /** Withdraws a learner's request inside its grace period (the learner, or an admin). */
  async cancel(principal: PrincipalV1, id: string): Promise<ErasureViewV1> {
    return this.decide(
      principal,
      id,
      'write',
      'erasure.cancel',
      'cancelling this erasure is not yours to do',
      (row) => {
        if (row.state !== 'waiting') {
          throw new ConflictError(`only a waiting request can be cancelled; this one is ${row.state}`);
        }
        return { state: 'cancelled', due_at: null };
      },
    );
  }

  /** An admin approves a learner's request before its grace period has run out. */
  async approve(principal: PrincipalV1, id: string): Promise<ErasureViewV1> {
    const view = await this.decide(
      principal,
      id,
      'manage',
      'erasure.approve',
      'approving an erasure needs the admin role',
      (row) => {
        if (row.state !== 'waiting') {
          throw new ConflictError(`only a waiting request can be approved; this one is ${row.state}`);
        }
        return { state: 'approved', approved_by: principalIdOf(principal) };
      },
    );
    this.kick(id);
    return view;
  }

  private async decide(
    principal: PrincipalV1,
    id: string,
    action: 'write' | 'manage',
    recorded: 'erasure.cancel' | 'erasure.approve',
    refusal: string,
    change: (row: ErasureRow) => Partial<Record<keyof ErasureRow, unknown>>,
  ): Promise<ErasureViewV1> {
    return this.units.run(async (uow) => {
      const row = await this.erasures.get(uow, principal.tenantId, id, true);
      const ability = abilityOf(principal);
      const guardian = row && action === 'write' ? await this.guardianOf(principal, row.person_id) : null;
      if (!row || (!ability.can('read', erasureOf(principal.tenantId, row.person_id)) && !guardian)) {
        throw new NotFoundError('no such erasure');
      }
      if (!guardian && !ability.can(action, erasureOf(principal.tenantId, row.person_id))) {
        throw new ForbiddenError(refusal);
      }
      const self = principal.kind === 'person' && principal.personId === row.person_id;
      // A minor's request is their guardian's to withdraw, as it was theirs to make.
      if (self && action === 'write') await this.agency.actsForLearner(principal);
      const set = change(row);
      await this.erasures.update(uow, id, set);
      await this.record(
        uow,
        principal.tenantId,
        guardian ? guardian.actor : self ? selfActor(row.person_id) : adminActor(principal),
        recorded,
        row,
      );
      return viewOf({ ...row, ...(set as Partial<ErasureRow>), updated_at: new Date() });
    });
  }

  private async open(
    tenantId: string,
    personId: string,
    ask: {
      requestedBy: 'admin' | 'self';
      actor: Actor;
      approvedBy: string | null;
      narrow: boolean;
      dueAt: Date | null;
    },
    kick = true,
  ): Promise<ErasureViewV1> {
    const id = randomUUID();
    const hashes = await this.units.run(async (uow) => {
      if (!(await this.erasures.lockPerson(uow, tenantId, personId))) {
        throw new NotFoundError('no such person');
      }
      return this.erasures.ifiHashesOf(uow, personId);
    });
    // Told at once, so whoever asks learns now why it cannot be done; checked again when it is carried out.
    const blockers = await this.blockersOf(tenantId, id, hashes, ask.narrow);
    const row = await this.units.run(async (uow) => {
      const state = blockers.length > 0 ? 'blocked' : ask.requestedBy === 'self' ? 'waiting' : 'approved';
      const inserted = await this.erasures.insert(uow, {
        id,
        tenantId,
        personId,
        requestedBy: ask.requestedBy,
        requesterId: ask.actor.id,
        dueAt: state === 'waiting' ? ask.dueAt : null,
        approvedBy: ask.approvedBy,
        narrow: ask.narrow,
        state,
        blockers,
        placeholderName: randomUUID(),
      });
      if (!inserted) throw new ConflictError('an erasure of this person is already open');
      const created = (await this.erasures.get(uow, tenantId, id))!;
      await this.record(uow, tenantId, ask.actor, 'erasure.request', created);
      if (state === 'blocked') await this.record(uow, tenantId, ask.actor, 'erasure.block', created);
      return created;
    });
    if (row.state === 'approved' && kick) this.kick(id);
    return viewOf(row);
  }

  /** The legal-obligation policies covering some of the person's statements (a dry run in storage). */
  /**
   * What would block the erasure now, as storage finds it: legal holds on the person (storage keeps them) and,
   * unless the erasure is narrowed, the legal obligations that cover some of their statements.
   */
  private async blockersOf(
    tenantId: string,
    erasureId: string,
    hashes: string[],
    narrow: boolean,
  ): Promise<ErasureBlockerV1[]> {
    if (hashes.length === 0) return [];
    const obligations = narrow ? [] : await this.obligationsOf(tenantId);
    try {
      const reply = await this.bus.request('storage.v1.erasure.erase', {
        tenantId,
        erasureId,
        subjectIfiHashes: hashes,
        placeholder: { homePage: ERASED_HOME_PAGE, name: erasureId },
        obligations,
        onObligation: 'block',
        dryRun: true,
      });
      return reply.covered;
    } catch (error) {
      // Storage out of reach: the erasure is still taken, and storage's own step checks holds and obligations
      // in the transaction that would erase, so nothing is erased that they keep.
      if (!(error instanceof ServiceUnavailableError)) throw error;
      this.logger.warn({ tenantId, erasureId }, 'erasure blockers not checked now: storage unavailable');
      return [];
    }
  }

  private async obligationsOf(tenantId: string): Promise<ObligationScopeV1[]> {
    const policies = await this.policies.currentPolicies(tenantId, 'legal-obligation');
    return policies.flatMap((p) => {
      const filter = policyScopeFilter(institutionPolicyOf(p));
      return filter === null
        ? []
        : [
            {
              policyId: p.id,
              policyVersion: p.version,
              purposeCode: p.purpose.code,
              purposeText: p.purpose.text,
              filter,
            },
          ];
    });
  }

  private async record(
    uow: UnitOfWork,
    tenantId: string,
    actor: Actor,
    action: 'erasure.request' | 'erasure.approve' | 'erasure.cancel' | 'erasure.block',
    row: ErasureRow,
  ): Promise<void> {
    // No personIds: the record must not carry the person's learner keys, so it does not point back at them once
    // they are erased. The person id is a random UUID that will belong to nobody.
    await this.changes.record(uow, tenantId, actor, {
      action,
      resource: 'erasure',
      query: {
        erasureId: row.id,
        personId: row.person_id,
        requestedBy: row.requested_by,
        ...(action === 'erasure.block' && { blockers: blockerIds(row.blockers as ErasureBlockerV1[]) }),
      },
    });
  }

  /** Works on a job now, in the background (the runner also comes by every few seconds). */
  kick(id: string): void {
    void this.run(id).catch((err: unknown) => this.failed(id, err));
  }

  failed(id: string, err: unknown): void {
    // The job stays where it was and is tried again by the runner; ids only, never a learner's data.
    this.logger.warn(
      { erasureId: id, err: (err as Error)?.message ?? String(err) },
      'erasure step failed; will retry',
    );
  }

  /** Ids of the jobs the runner should work on now. */
  dueJobs(limit: number): Promise<string[]> {
    return this.units.run((uow) => this.erasures.due(uow, limit));
  }

  /** Carries a job forward as far as it can go; safe to call twice, at once or after a crash. */
  async run(id: string): Promise<void> {
    for (let guard = 0; guard < 6; guard += 1) {
      const next = await this.units.run((uow) => this.erasures.lockById(uow, id));
      if (!next) return;
      if (next.state === 'waiting') {
        if (next.due_at === null || next.due_at.getTime() > Date.now()) return;
        await this.transition(id, 'waiting', 'none', async (uow, row) => {
          await this.erasures.update(uow, id, { state: 'approved', approved_by: 'grace-period' });
          await this.record(uow, row.tenant_id, GRACE_PERIOD, 'erasure.approve', row);
        });
      } else if (next.state === 'approved') {
        await this.begin(id);
      } else if (next.state === 'running') {
        await this.step(next);
      } else {
        return;
      }
    }
  }

  /**
   * approved → running: the person's identifier hashes kept for the steps to come. Legal holds and obligations are
   * checked by storage's step, in the transaction that would erase.
   */
  private async begin(id: string): Promise<void> {
    await this.transition(id, 'approved', 'none', async (uow, row) => {
      const hashes = (await this.erasures.lockPerson(uow, row.tenant_id, row.person_id))
        ? await this.erasures.ifiHashesOf(uow, row.person_id)
        : [];
      await this.erasures.update(uow, id, { state: 'running', step: 'storage', subject_hashes: hashes });
    });
  }

  private async step(row: ErasureRow): Promise<void> {
    const step = row.step as Step;
    switch (step) {
      case 'storage':
        return this.storageStep(row);
      case 'consent':
        return this.transition(row.id, 'running', 'consent', async (uow, locked) => {
          const username = await this.erasures.lockPerson(uow, locked.tenant_id, locked.person_id);
          const throttle = username ? personSubject(locked.tenant_id, username.username).subject : null;
          const counts = await this.erasures.erasePerson(uow, locked.tenant_id, locked.person_id, throttle);
          await this.erasures.update(uow, row.id, { step: 'seal', consent_counts: counts });
        });
      case 'seal':
        return this.sealStep(row);
      case 'none':
      case 'done':
        return;
    }
  }

  private async storageStep(row: ErasureRow): Promise<void> {
    const hashes = row.subject_hashes ?? [];
    const obligations = await this.obligationsOf(row.tenant_id);
    // Called even with no identifier: storage's run row is what its seal step checks for.
    const reply = await this.bus.request('storage.v1.erasure.erase', {
      tenantId: row.tenant_id,
      erasureId: row.id,
      personId: row.person_id,
      subjectIfiHashes: hashes,
      placeholder: placeholderOf(row),
      obligations: hashes.length === 0 ? [] : obligations,
      onObligation: row.narrow ? 'retain' : 'block',
      dryRun: false,
    });
    await this.transition(row.id, 'running', 'storage', async (uow, locked) => {
      if (reply.outcome === 'blocked') {
        await this.erasures.update(uow, row.id, {
          state: 'blocked',
          blockers: reply.covered,
          subject_hashes: null,
        });
        await this.record(uow, locked.tenant_id, GRACE_PERIOD, 'erasure.block', {
          ...locked,
          blockers: reply.covered,
        });
        return;
      }
      await this.erasures.update(uow, row.id, {
        step: 'consent',
        storage_counts: reply.counts,
        blockers: reply.covered,
      });
    });
  }

  private async sealStep(row: ErasureRow): Promise<void> {
    const storage = (row.storage_counts ?? EMPTY_STORAGE_COUNTS) as StorageErasureCountsV1;
    const consent = row.consent_counts as ConsentErasureCountsV1;
    const record: ErasureCompletionRecordV1 = {
      type: 'custos.erasure.v1.completion',
      erasureId: row.id,
      tenantId: row.tenant_id,
      personId: row.person_id,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at.toISOString(),
      approvedBy: row.approved_by ?? 'grace-period',
      // The moment the record is first sealed; storage answers a repeated seal with the record it signed then.
      completedAt: new Date().toISOString(),
      placeholder: placeholderOf(row),
      removed: {
        statementsDeleted: storage.statementsDeleted,
        stateDocumentsDeleted: storage.stateDocumentsDeleted,
        agentProfileDocumentsDeleted: storage.agentProfileDocumentsDeleted,
        attachmentsDeleted: storage.attachmentsDeleted,
        ...consent,
      },
      pseudonymised: { statements: storage.statementsPseudonymised },
      retained: row.blockers as ErasureBlockerV1[],
    };
    const { completion } = await this.bus.request('storage.v1.erasure.seal', { record });
    await this.transition(row.id, 'running', 'seal', async (uow, locked) => {
      // Forwarding targets that received statements about the person get them voided, or a notice (webhooks),
      // naming the completion record's erasure id; what was sent about them is forgotten.
      await this.forwarding.stageErasure(uow, locked.tenant_id, locked.id, locked.subject_hashes ?? []);
      await this.erasures.update(uow, row.id, {
        state: 'completed',
        step: 'done',
        completion,
        // Nothing left that could compute the person's learner keys again.
        subject_hashes: null,
      });
    });
  }

  /** Runs `work` on the locked job only if it is still in `state` at `step` (another worker may have moved it). */
  private async transition(
    id: string,
    state: string,
    step: Step,
    work: (uow: UnitOfWork, row: ErasureRow) => Promise<void>,
  ): Promise<void> {
    await this.units.run(async (uow) => {
      const row = await this.erasures.lockById(uow, id);
      if (!row || row.state !== state || (step !== 'none' && row.step !== step)) return;
      await work(uow, row);
    });
  }
}

const EMPTY_STORAGE_COUNTS: StorageErasureCountsV1 = {
  statementsDeleted: 0,
  statementsPseudonymised: 0,
  statementsRetained: 0,
  stateDocumentsDeleted: 0,
  agentProfileDocumentsDeleted: 0,
  attachmentsDeleted: 0,
};

const abilityOf = (principal: PrincipalV1): AppAbility => abilityWithoutPolicies(principal);

const selfActor = (personId: string): Actor => ({ id: personId, kind: 'person', basis: [{ kind: 'self' }] });

const placeholderOf = (row: ErasureRow) => ({ homePage: ERASED_HOME_PAGE, name: row.placeholder_name });

const blockerIds = (blockers: ErasureBlockerV1[]) =>
  blockers.map((b) => (b.kind === 'legal-obligation' ? { policyId: b.policyId } : { holdId: b.holdId }));

export function viewOf(row: ErasureRow): ErasureViewV1 {
  const step = row.step as ErasureViewV1['progress']['step'];
  return {
    id: row.id,
    personId: row.person_id,
    state: row.state as ErasureViewV1['state'],
    requestedBy: row.requested_by,
    requestedAt: new Date(row.requested_at).toISOString(),
    ...(row.due_at !== null && { dueAt: new Date(row.due_at).toISOString() }),
    narrow: row.narrow,
    blockers: row.blockers as ErasureBlockerV1[],
    progress: { step, updatedAt: new Date(row.updated_at).toISOString() },
    ...(row.completion !== null && { completion: row.completion as unknown as SignedErasureCompletionV1 }),
  };
}
