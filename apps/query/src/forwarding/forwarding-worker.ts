// The forwarding delivery worker (docs/flows.md "Forwarding"). It asks consent for the next batch due (a target's
// lease: one worker per target at a time, so a target receives its batches in the order they were stored), reads
// the batch's statements as the target's grantee through storage's access-filtered read — access decided in SQL at
// this moment, redaction and expiry applied, an audit record naming the target as the reader — sends them, and
// tells consent how it went. A failure is retried after a back-off; its attempts exhausted, the batch waits in the
// target's dead letters. Every query replica may run one.
import { randomUUID } from 'node:crypto';

import { abilityFromRules, accessFilterFor, statementRedactionPlan } from '@custos/authz';
import type { ForwardingBatchV1, ForwardingConnectionV1, SettleForwardingV1 } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { LOGGER } from '@custos/platform';
import { forwardingBatches, forwardingLag, forwardingStatements } from '@custos/telemetry';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';

import { QUERY_OPTIONS, type QueryModuleOptions, readBasisSourcesOf } from '../core/index.js';
import {
  asForwarded,
  SIGNATURE_HEADER,
  signWebhook,
  voidingStatements,
  type WebhookEvent,
} from './delivery.js';

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
/** The xAPI version forwarded statements are sent as: the one every conformant LRS accepts. */
const XAPI_VERSION = '1.0.3';

/** A delivery that did not go through; its message names no statement or learner. */
class DeliveryFailed extends Error {}

@Injectable()
export class ForwardingWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly worker = randomUUID();
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly enabled: boolean;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private lastLoggedAt = 0;

  constructor(
    private readonly bus: MessageBus,
    @Inject(QUERY_OPTIONS) options: QueryModuleOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.enabled = options.forwarding?.enabled ?? true;
    this.pollMs = options.forwarding?.pollMs ?? 250;
    this.timeoutMs = options.forwarding?.timeoutMs ?? 15_000;
  }

  onApplicationBootstrap(): void {
    if (this.enabled) this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let worked = false;
      try {
        worked = await this.once();
      } catch (err) {
        // Consent or storage out of reach: try again after a pause; logged at most every 10 s.
        if (Date.now() - this.lastLoggedAt > 10_000) {
          this.lastLoggedAt = Date.now();
          this.logger.warn({ err: (err as Error).message }, 'forwarding: cannot claim or settle a batch');
        }
      }
      if (!worked && !this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** One batch, when one is due: claimed, delivered, settled. False when none was due. */
  async once(): Promise<boolean> {
    const { batch } = await this.bus.request('consent.v1.forwarding.claim', { worker: this.worker });
    if (!batch) return false;
    const kind = batch.connection.kind;
    let settle: SettleForwardingV1;
    try {
      const sent = await this.deliver(batch);
      settle = { ...ids(batch), outcome: 'delivered', sent };
    } catch (err) {
      if (!(err instanceof DeliveryFailed)) throw err;
      settle = { ...ids(batch), outcome: 'failed', error: err.message };
    }
    const { deadLettered } = await this.bus.request('consent.v1.forwarding.settle', settle);
    forwardingBatches.inc({
      kind,
      result: settle.outcome === 'delivered' ? 'delivered' : deadLettered ? 'dead' : 'failed',
    });
    if (settle.outcome === 'delivered') {
      forwardingLag.observe({ kind }, Math.max(0, (Date.now() - Date.parse(batch.enqueuedAt)) / 1000));
    }
    return true;
  }

  /** Sends the batch; answers what was sent about whom (for an erasure later). */
  private async deliver(batch: ForwardingBatchV1): Promise<SettleForwardingV1['sent']> {
    const { connection } = batch;
    if (batch.kind === 'erasure') {
      const ids = batch.statementIds;
      if (connection.kind === 'xapi') {
        const voids = voidingStatements(batch.targetId, ids, batch.issuer, new Date().toISOString());
        await this.post(batch, voids);
      } else {
        await this.post(batch, {
          type: 'erasure.completed',
          targetId: batch.targetId,
          erasureId: batch.erasureId!,
          statementIds: ids,
        } satisfies WebhookEvent);
      }
      forwardingStatements.inc({ kind: connection.kind }, connection.kind === 'xapi' ? ids.length : 0);
      return [];
    }
    const read = await this.readAsGrantee(batch);
    if (read.statements.length === 0) return [];
    const statements = read.statements.map(asForwarded);
    await this.post(
      batch,
      connection.kind === 'xapi'
        ? statements
        : ({ type: 'statements.forwarded', targetId: batch.targetId, statements } satisfies WebhookEvent),
    );
    forwardingStatements.inc({ kind: connection.kind }, statements.length);
    // A voiding statement cannot itself be voided (xAPI Data §2.3.2): not kept for an erasure.
    return read.statements.flatMap((s, i) =>
      (s.verb as { id?: string } | undefined)?.id === VOIDED
        ? []
        : [{ statementId: String(s.id), subjectIfiHashes: read.subjects[i] ?? [] }],
    );
  }

  /**
   * The batch's statements the grantee may read now, as it would read them (redaction, retention, holds), oldest
   * first, narrowed by the target's filter; storage records the read with the target as the reader.
   */
  private async readAsGrantee(
    batch: ForwardingBatchV1,
  ): Promise<{ statements: Record<string, unknown>[]; subjects: string[][] }> {
    const { grantee } = batch;
    // A revoked or deleted grantee reads nothing: the target receives nothing more.
    if (!grantee) return { statements: [], subjects: [] };
    const ability = abilityFromRules(grantee.rules);
    const accessFilter = accessFilterFor(ability, 'read', 'Statement');
    if (!accessFilter) return { statements: [], subjects: [] };
    const redaction = statementRedactionPlan(ability.rules);
    const { filter } = batch.connection;
    const page = await this.bus.request('storage.v1.statements.read', {
      tenantId: batch.tenantId,
      accessFilter,
      ...(redaction ? { redaction } : {}),
      query: {
        statementIds: batch.statementIds,
        forwardFilter: filter,
        relatedActivities: false,
        relatedAgents: false,
        limit: 0,
        ascending: true,
      },
      audit: {
        principalId: `forwarding-target:${batch.targetId}`,
        principalKind: 'system',
        action: 'statements.forward',
        resource: 'statements',
        query: {
          targetId: batch.targetId,
          ...('credentialId' in grantee.principal
            ? { granteeCredentialId: grantee.principal.credentialId }
            : {}),
          batch: batch.statementIds.length,
        },
      },
      basisSources: readBasisSourcesOf(grantee.principal, grantee.policies),
    });
    return { statements: page.statements, subjects: page.subjectIfiHashes ?? [] };
  }

  private async post(batch: ForwardingBatchV1, payload: unknown): Promise<void> {
    const { connection } = batch;
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (connection.kind === 'xapi') {
      headers['X-Experience-API-Version'] = XAPI_VERSION;
      const authorization = await this.authorization(batch.targetId, connection);
      if (authorization) headers.Authorization = authorization;
    } else {
      headers[SIGNATURE_HEADER] = signWebhook(
        connection.webhookSecret ?? '',
        body,
        Math.floor(Date.now() / 1000),
      );
    }
    let res: Response;
    try {
      res = await fetch(connection.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      throw new DeliveryFailed(`cannot reach the target: ${networkReason(err)}`);
    }
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 401) this.tokens.delete(batch.targetId);
    if (res.status < 200 || res.status >= 300) {
      throw new DeliveryFailed(`the target answered HTTP ${res.status}`);
    }
  }

  /** Basic, or an OAuth 2.0 client-credentials token (RFC 6749 §4.4) kept until shortly before it expires. */
  private async authorization(
    targetId: string,
    connection: ForwardingConnectionV1,
  ): Promise<string | undefined> {
    const { auth } = connection;
    if (auth.kind === 'none') return undefined;
    if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.key}:${auth.secret}`).toString('base64')}`;
    const kept = this.tokens.get(targetId);
    if (kept && kept.until > Date.now()) return `Bearer ${kept.token}`;
    let res: Response;
    try {
      res = await fetch(auth.tokenUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          ...(auth.scope ? { scope: auth.scope } : {}),
        }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      throw new DeliveryFailed(`cannot reach the token endpoint: ${networkReason(err)}`);
    }
    const answer = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!res.ok || typeof answer.access_token !== 'string') {
      throw new DeliveryFailed(`the token endpoint answered HTTP ${res.status} without a token`);
    }
    const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : 300;
    this.tokens.set(targetId, {
      token: answer.access_token,
      until: Date.now() + Math.max(0, seconds - 30) * 1000,
    });
    return `Bearer ${answer.access_token}`;
  }
}

const ids = (b: ForwardingBatchV1) => ({ tenantId: b.tenantId, targetId: b.targetId, batchIds: b.batchIds });

function networkReason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.name ?? 'network error';
}
