// Forwarding to other LRSs and webhooks (docs/flows.md "Forwarding"). Consent keeps each tenant's targets (managed by
// its admins, CASL `manage ForwardingTarget`) and their queues: every stored batch is queued for each enabled target,
// a delivery worker (query) claims a target's next batch with a lease, reads it as the target's grantee credential
// and settles it; failures back off, and a batch whose attempts ran out waits in the dead letters. An erasure that
// completes queues the voiding of what was sent about the person.
import { randomUUID } from 'node:crypto';

import { abilityWithoutPolicies, forwardingTargetsOf, rulesFor } from '@custos/authz';
import {
  BadRequestError,
  type ClaimForwardingReplyV1,
  type ForwardingAuthBodyV1,
  type ForwardingConnectionV1,
  type ForwardingDeadLetterV1,
  type ForwardingStatusV1,
  type ForwardingTargetBodyV1,
  type ForwardingTargetPatchV1,
  type ForwardingTargetV1,
  ForbiddenError,
  NotFoundError,
  type PrincipalV1,
  type SettleForwardingReplyV1,
  type SettleForwardingV1,
  type StatementsStoredV1,
} from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { type Actor, adminActor, ChangeLog } from '../change-log/index.js';
import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import { CredentialsService } from '../credentials/index.js';
import { institutionPolicyOf, PoliciesService } from '../policies/index.js';
import {
  type DeadLetterRow,
  ForwardingRepository,
  type NewTarget,
  type StatusRow,
  type TargetRow,
} from './forwarding.repository.js';
import { backoffMs, forwardingKeyFrom, openSecret, sealSecret } from './secrets.js';

const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_BACKOFF_BASE_MS = 1000;
const DEFAULT_BACKOFF_MAX_MS = 5 * 60 * 1000;
/** How long a claimed batch is the worker's; past it another worker may take the target up. */
const LEASE_SECONDS = 120;
/** Who records what the delivery did (no person or credential acts): the forwarding machinery itself. */
const FORWARDING_ACTOR: Actor = { id: 'forwarding', kind: 'system' };

const NOT_ALLOWED = "managing forwarding needs the admin role in the tenant's own records";

const LOOPBACK = /^https?:\/\/(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?(?:\/|$)/i;

@Injectable()
export class ForwardingService {
  private readonly key: Buffer | undefined;

  constructor(
    private readonly units: UnitsOfWork,
    private readonly targets: ForwardingRepository,
    private readonly credentials: CredentialsService,
    private readonly policies: PoliciesService,
    private readonly changes: ChangeLog,
    @Inject(CONSENT_OPTIONS) private readonly options: ConsentModuleOptions,
  ) {
    this.key = forwardingKeyFrom(options.forwarding?.key, options.jwtPrivateKey);
  }

  async list(principal: PrincipalV1) {
    allowed(principal);
    return this.units.run(async (uow) => {
      const rows = await this.targets.listTargets(uow, principal.tenantId);
      const status = await this.targets.statusOf(
        uow,
        rows.map((r) => r.id),
      );
      return { targets: rows.map((r) => ({ ...viewOf(r), status: statusOf(r, status.get(r.id)) })) };
    });
  }

  async get(principal: PrincipalV1, targetId: string): Promise<{ target: ForwardingTargetV1 }> {
    allowed(principal);
    return this.units.run(async (uow) => ({ target: viewOf(await this.find(uow, principal, targetId)) }));
  }

  async status(principal: PrincipalV1, targetId: string): Promise<{ status: ForwardingStatusV1 }> {
    allowed(principal);
    return this.units.run(async (uow) => {
      const row = await this.find(uow, principal, targetId);
      return { status: statusOf(row, (await this.targets.statusOf(uow, [row.id])).get(row.id)) };
    });
  }

  async create(
    principal: PrincipalV1,
    body: ForwardingTargetBodyV1,
  ): Promise<{ target: ForwardingTargetV1 }> {
    allowed(principal);
    this.checkUrl(body.url, 'url');
    if (body.auth?.kind === 'oauth2') this.checkUrl(body.auth.tokenUrl, 'auth.tokenUrl');
    await this.checkGrantee(principal.tenantId, body.granteeCredentialId);
    const id = randomUUID();
    const row: NewTarget = {
      id,
      tenant_id: principal.tenantId,
      name: body.name,
      kind: body.kind,
      url: body.url,
      enabled: body.enabled ?? true,
      grantee_credential_id: body.granteeCredentialId,
      filter: body.filter ?? {},
      ...this.authColumns(principal.tenantId, id, body.auth, body.webhookSecret),
    };
    return this.units.run(async (uow) => {
      const created = await this.targets.insertTarget(uow, row);
      await this.record(uow, principal, 'forwarding.target.create', created);
      return { target: viewOf(created) };
    });
  }

  async update(
    principal: PrincipalV1,
    targetId: string,
    patch: ForwardingTargetPatchV1,
  ): Promise<{ target: ForwardingTargetV1 }> {
    allowed(principal);
    if (patch.url !== undefined) this.checkUrl(patch.url, 'url');
    if (patch.auth?.kind === 'oauth2') this.checkUrl(patch.auth.tokenUrl, 'auth.tokenUrl');
    if (patch.granteeCredentialId !== undefined) {
      await this.checkGrantee(principal.tenantId, patch.granteeCredentialId);
    }
    return this.units.run(async (uow) => {
      const current = await this.find(uow, principal, targetId, true);
      if (current.kind === 'webhook' && patch.auth) {
        throw new BadRequestError('only xAPI targets sign in', [
          { path: 'auth', message: 'only xAPI targets sign in' },
        ]);
      }
      if (current.kind === 'xapi' && patch.webhookSecret !== undefined) {
        throw new BadRequestError('only webhooks are signed', [
          { path: 'webhookSecret', message: 'only webhooks are signed' },
        ]);
      }
      const auth =
        patch.auth !== undefined || patch.webhookSecret !== undefined
          ? this.authColumns(principal.tenantId, targetId, patch.auth ?? undefined, patch.webhookSecret)
          : {
              auth_kind: current.auth_kind,
              auth_key: current.auth_key,
              token_url: current.token_url,
              auth_scope: current.auth_scope,
              sealed_secret: current.sealed_secret,
            };
      const updated = await this.targets.updateTarget(uow, {
        id: targetId,
        tenant_id: principal.tenantId,
        name: patch.name ?? current.name,
        kind: current.kind,
        url: patch.url ?? current.url,
        enabled: patch.enabled ?? current.enabled,
        grantee_credential_id: patch.granteeCredentialId ?? current.grantee_credential_id,
        filter: patch.filter ?? current.filter,
        ...auth,
      });
      await this.record(uow, principal, 'forwarding.target.update', updated!);
      return { target: viewOf(updated!) };
    });
  }

  async delete(principal: PrincipalV1, targetId: string): Promise<{ target: ForwardingTargetV1 }> {
    allowed(principal);
    return this.units.run(async (uow) => {
      const gone = await this.targets.deleteTarget(uow, principal.tenantId, targetId);
      if (!gone) throw new NotFoundError('no such forwarding target');
      await this.record(uow, principal, 'forwarding.target.delete', gone);
      return { target: viewOf(gone) };
    });
  }

  async deadLetters(
    principal: PrincipalV1,
    targetId: string,
  ): Promise<{ deadLetters: ForwardingDeadLetterV1[] }> {
    allowed(principal);
    return this.units.run(async (uow) => {
      const target = await this.find(uow, principal, targetId);
      return { deadLetters: (await this.targets.listDeadLetters(uow, target.id)).map(deadLetterOf) };
    });
  }

  /** A dead letter queued again (`retry`), or dropped for good (`discard`). */
  async settleDeadLetter(
    principal: PrincipalV1,
    targetId: string,
    deadLetterId: string,
    action: 'retry' | 'discard',
  ): Promise<{ deadLetter: ForwardingDeadLetterV1 }> {
    allowed(principal);
    return this.units.run(async (uow) => {
      const target = await this.find(uow, principal, targetId, true);
      const dead = await this.targets.removeDeadLetter(uow, target.id, deadLetterId);
      if (!dead) throw new NotFoundError('no such dead letter');
      if (action === 'retry') await this.targets.requeue(uow, target.id, dead);
      await this.changes.record(uow, principal.tenantId, adminActor(principal), {
        action: action === 'retry' ? 'forwarding.dead-letter.retry' : 'forwarding.dead-letter.discard',
        resource: 'forwarding-target',
        query: { targetId, deadLetterId, kind: dead.kind, statements: dead.statement_ids.length },
      });
      return { deadLetter: deadLetterOf(dead) };
    });
  }

  /** storage.v1.statements.stored: the batch queued for each enabled target of its tenant. */
  async enqueueStored(event: StatementsStoredV1): Promise<void> {
    if (event.statementIds.length === 0) return;
    await this.units.run((uow) =>
      this.targets.enqueueStored(uow, event.tenantId, event.messageId, event.statementIds),
    );
  }

  /** An erasure completing (in its own unit of work): the voiding of what each target received about the person. */
  stageErasure(uow: UnitOfWork, tenantId: string, erasureId: string, ifiHashes: string[]): Promise<number> {
    return this.targets.stageErasure(uow, tenantId, erasureId, ifiHashes);
  }

  /** The next batch due, leased to the asking worker, with the target's connection and its grantee's rules now. */
  async claim(): Promise<ClaimForwardingReplyV1> {
    const claimed = await this.units.run((uow) => this.targets.claim(uow, LEASE_SECONDS));
    if (!claimed || claimed.rows.length === 0) return {};
    const { target, rows } = claimed;
    const first = rows[0]!;
    const grantee = await this.granteeOf(target);
    return {
      batch: {
        tenantId: target.tenant_id,
        targetId: target.id,
        batchIds: rows.map((r) => String(r.id)),
        kind: first.kind,
        statementIds: rows.flatMap((r) => r.statement_ids),
        ...(first.erasure_id ? { erasureId: first.erasure_id } : {}),
        attempts: target.attempts,
        enqueuedAt: new Date(first.enqueued_at).toISOString(),
        connection: this.connectionOf(target),
        ...(grantee ? { grantee } : {}),
        issuer: this.options.publicUrl,
      },
    };
  }

  async settle(request: SettleForwardingV1): Promise<SettleForwardingReplyV1> {
    const f = this.options.forwarding ?? {};
    const maxAttempts = f.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    return this.units.run(async (uow) => {
      const target = await this.targets.findTarget(uow, request.tenantId, request.targetId, true);
      if (!target) return { deadLettered: false };
      if (request.outcome === 'delivered') {
        const erasures = await this.targets.delivered(uow, target.id, request.batchIds, request.sent ?? []);
        // The admin's notice that an erasure reached this target (voids sent, or the webhook told): in the tenant's
        // chain, with the completion record's erasure id, so admins and auditors can show where it was carried.
        for (const { erasureId, statements } of erasures) {
          await this.changes.record(uow, request.tenantId, FORWARDING_ACTOR, {
            action: 'forwarding.erasure.propagated',
            resource: 'forwarding-target',
            query: { targetId: target.id, kind: target.kind, erasureId, statements },
          });
        }
        return { deadLettered: false };
      }
      const attempts = target.attempts + 1;
      const dead = attempts >= maxAttempts;
      const wait = backoffMs(
        attempts,
        f.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS,
        f.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS,
      );
      await this.targets.failed(uow, target.id, request.batchIds, request.error ?? 'failed', wait, dead);
      return { deadLettered: dead };
    });
  }

  private async granteeOf(target: TargetRow) {
    const found = await this.credentials.principalOf(target.tenant_id, target.grantee_credential_id);
    if (!found || !found.active) return undefined;
    const { principal } = found;
    // As consent.v1.ability.get answers a reader: the version first, then the rules at least as new as it.
    const accessVersion = await this.policies.accessVersion(target.tenant_id);
    const views = await this.policies.applicableViews(principal);
    return {
      principal,
      rules: rulesFor(principal, { policies: views.map(institutionPolicyOf) }) as unknown as Record<
        string,
        unknown
      >[],
      policies: views.map(({ id, version, tenantId, lawfulBasis, scope, redactFields }) => ({
        id,
        version,
        tenantId,
        lawfulBasis,
        scope,
        redactFields,
      })),
      accessVersion,
    };
  }

  private connectionOf(t: TargetRow): ForwardingConnectionV1 {
    const secret = () => {
      if (!t.sealed_secret || !this.key) throw new Error('the forwarding target has no readable secret');
      return openSecret(this.key, t.tenant_id, t.id, t.sealed_secret);
    };
    const auth: ForwardingConnectionV1['auth'] =
      t.auth_kind === 'basic'
        ? { kind: 'basic', key: t.auth_key ?? '', secret: secret() }
        : t.auth_kind === 'oauth2'
          ? {
              kind: 'oauth2',
              tokenUrl: t.token_url ?? '',
              clientId: t.auth_key ?? '',
              clientSecret: secret(),
              ...(t.auth_scope ? { scope: t.auth_scope } : {}),
            }
          : { kind: 'none' };
    return {
      kind: t.kind,
      url: t.url,
      auth,
      ...(t.kind === 'webhook' ? { webhookSecret: secret() } : {}),
      filter: t.filter,
    };
  }

  private authColumns(
    tenantId: string,
    targetId: string,
    auth: ForwardingAuthBodyV1 | undefined,
    webhookSecret: string | undefined,
  ): Pick<NewTarget, 'auth_kind' | 'auth_key' | 'token_url' | 'auth_scope' | 'sealed_secret'> {
    const seal = (secret: string) => {
      if (!this.key) {
        throw new BadRequestError(
          'this installation has no forwarding key (CUSTOS_FORWARDING_KEY) to keep the secret with',
        );
      }
      return sealSecret(this.key, tenantId, targetId, secret);
    };
    if (webhookSecret !== undefined) {
      return {
        auth_kind: 'none',
        auth_key: null,
        token_url: null,
        auth_scope: null,
        sealed_secret: seal(webhookSecret),
      };
    }
    if (auth?.kind === 'basic') {
      return {
        auth_kind: 'basic',
        auth_key: auth.key,
        token_url: null,
        auth_scope: null,
        sealed_secret: seal(auth.secret),
      };
    }
    if (auth?.kind === 'oauth2') {
      return {
        auth_kind: 'oauth2',
        auth_key: auth.clientId,
        token_url: auth.tokenUrl,
        auth_scope: auth.scope ?? null,
        sealed_secret: seal(auth.clientSecret),
      };
    }
    return { auth_kind: 'none', auth_key: null, token_url: null, auth_scope: null, sealed_secret: null };
  }

  /** https, or http only where the installation allows it and only to the loopback interface. */
  private checkUrl(url: string, path: string): void {
    if (/^https:\/\//i.test(url)) return;
    if (this.options.forwarding?.allowHttp && LOOPBACK.test(url)) return;
    throw new BadRequestError(`${path} must be an https URL`, [{ path, message: 'must be an https URL' }]);
  }

  private async checkGrantee(tenantId: string, credentialId: string): Promise<void> {
    const found = await this.credentials.principalOf(tenantId, credentialId);
    if (!found || !found.active) {
      throw new BadRequestError('granteeCredentialId names no active credential of this tenant', [
        { path: 'granteeCredentialId', message: 'no active credential of this tenant' },
      ]);
    }
  }

  private async find(
    uow: UnitOfWork,
    principal: PrincipalV1,
    targetId: string,
    lock = false,
  ): Promise<TargetRow> {
    const row = await this.targets.findTarget(uow, principal.tenantId, targetId, lock);
    if (!row) throw new NotFoundError('no such forwarding target');
    return row;
  }

  private record(
    uow: UnitOfWork,
    principal: PrincipalV1,
    action: 'forwarding.target.create' | 'forwarding.target.update' | 'forwarding.target.delete',
    t: TargetRow,
  ) {
    // Ids and settings only: never a secret, nor the URL's credentials.
    return this.changes.record(uow, principal.tenantId, adminActor(principal), {
      action,
      resource: 'forwarding-target',
      query: {
        targetId: t.id,
        kind: t.kind,
        granteeCredentialId: t.grantee_credential_id,
        enabled: t.enabled,
        filter: t.filter,
      },
    });
  }
}

function allowed(principal: PrincipalV1): void {
  if (!abilityWithoutPolicies(principal).can('manage', forwardingTargetsOf(principal.tenantId))) {
    throw new ForbiddenError(NOT_ALLOWED);
  }
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function viewOf(t: TargetRow): ForwardingTargetV1 {
  const auth: ForwardingTargetV1['auth'] =
    t.auth_kind === 'basic'
      ? { kind: 'basic', key: t.auth_key ?? '' }
      : t.auth_kind === 'oauth2'
        ? {
            kind: 'oauth2',
            tokenUrl: t.token_url ?? '',
            clientId: t.auth_key ?? '',
            ...(t.auth_scope ? { scope: t.auth_scope } : {}),
          }
        : { kind: 'none' };
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    url: t.url,
    auth,
    granteeCredentialId: t.grantee_credential_id,
    filter: t.filter,
    enabled: t.enabled,
    createdAt: iso(t.created_at)!,
    updatedAt: iso(t.updated_at)!,
  };
}

function statusOf(t: TargetRow, s: StatusRow | undefined): ForwardingStatusV1 {
  const oldest = s?.oldest_pending_at ? new Date(s.oldest_pending_at).getTime() : undefined;
  return {
    targetId: t.id,
    enabled: t.enabled,
    lastDeliveredAt: iso(t.last_delivered_at),
    deliveredStatements: Number(t.delivered_statements),
    pendingBatches: Number(s?.pending_batches ?? 0),
    pendingStatements: Number(s?.pending_statements ?? 0),
    lagSeconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000),
    attempts: t.attempts,
    nextAttemptAt: iso(t.next_attempt_at),
    lastError: t.last_error,
    lastErrorAt: iso(t.last_error_at),
    deadLetters: Number(s?.dead_letters ?? 0),
  };
}

function deadLetterOf(d: DeadLetterRow): ForwardingDeadLetterV1 {
  return {
    id: d.id,
    kind: d.kind,
    statementCount: d.statement_ids.length,
    erasureId: d.erasure_id,
    attempts: d.attempts,
    lastError: d.last_error,
    enqueuedAt: iso(d.enqueued_at)!,
    deadAt: iso(d.dead_at)!,
  };
}
