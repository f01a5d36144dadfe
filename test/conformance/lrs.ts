// The LRS under test for the conformance suite: the standalone composition (all five parts, in-
// process bus) started inside the test process against the run's scratch PostgreSQL, so rules
// are checked over real HTTP without a build step. Each test file gets its own server and makes
// its own tenants and credentials.
import 'reflect-metadata';

import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { CredentialsService, DEFAULT_SIGN_IN_THROTTLE, PeopleService } from '@custos/consent';
import { createLogger } from '@custos/platform';
import { type RunningStandalone, startStandalone } from '@custos/standalone';
import { type AuditKeySettings, generateAuditKeySettings } from '@custos/storage';
import { freePort, xapiClient, type XapiClient } from '@custos/testing';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, inject } from 'vitest';

import { type CredentialFactory, credentialsThrough } from '../harness/credentials.js';
import { type PeopleFactory, peopleThrough } from '../harness/people.js';

/** A signed-in person: their bearer token, and JSON requests made with it (xAPI 2.0.0). */
export interface SignedIn {
  token: string;
  call: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
}

export interface ConformanceLrs {
  baseUrl: string;
  /** A client with a fresh tenant and the given scopes (default `all`). */
  client: (options?: {
    scopes?: string[];
    version?: string;
    tenantId?: string;
  }) => Promise<XapiClient & { tenantId: string }>;
  credentials: CredentialFactory;
  /** People (with roles and linked agents) created through the consent service. */
  people: PeopleFactory;
  /** Logs a person in through POST /api/v1/auth/login (which must answer 200). */
  signIn: (tenantId: string, username: string, password: string) => Promise<SignedIn>;
  /** The local token issuer's key (PKCS8 PEM), for tests that sign tokens themselves. */
  jwtPrivateKey: string;
  /** The audit log's keys, for tests that compute learner keys or check checkpoint signatures. */
  auditKeys: AuditKeySettings;
  /** The `file` tenant keys' installation key (CUSTOS_KEY_STORE_KEY), for tests that read sealed data themselves. */
  keyStoreKey: string;
  /** The Nest application under test (its in-process bus, the routes it registered). */
  app: INestApplication;
  close: () => Promise<void>;
}

/** The sign-in throttle's settings: its defaults, with these overrides. */
const signInSettings = (o: Partial<Record<string, number>>) => ({
  CUSTOS_SIGN_IN__FREE_FAILURES: DEFAULT_SIGN_IN_THROTTLE.freeFailures,
  CUSTOS_SIGN_IN__ACCOUNT_FREE_FAILURES: DEFAULT_SIGN_IN_THROTTLE.accountFreeFailures,
  CUSTOS_SIGN_IN__ADDRESS_FREE_FAILURES: DEFAULT_SIGN_IN_THROTTLE.addressFreeFailures,
  CUSTOS_SIGN_IN__BACKOFF_BASE_SECONDS: DEFAULT_SIGN_IN_THROTTLE.backoffBaseSeconds,
  CUSTOS_SIGN_IN__BACKOFF_MAX_SECONDS: DEFAULT_SIGN_IN_THROTTLE.backoffMaxSeconds,
  CUSTOS_SIGN_IN__FORGET_AFTER_SECONDS: DEFAULT_SIGN_IN_THROTTLE.forgetAfterSeconds,
  CUSTOS_SIGN_IN__LOCKOUT_AFTER: DEFAULT_SIGN_IN_THROTTLE.lockoutAfter,
  ...o,
});

type LrsEnv = Record<string, string | number>;

/**
 * The usual setup of a conformance file (or describe block): one LRS started before its tests and
 * closed after them. The object returned reads through to that LRS, so tests write `lrs.client()`;
 * reading it before the hook has run throws. `env` may be a function when it needs what an earlier
 * `beforeAll` made (a port, an issuer's URL).
 */
export function useConformanceLrs(env: LrsEnv | (() => LrsEnv) = {}): ConformanceLrs {
  let lrs: ConformanceLrs | undefined;
  beforeAll(async () => {
    lrs = await startLrs(typeof env === 'function' ? env() : env);
  });
  afterAll(async () => {
    await lrs?.close();
  });
  return new Proxy({} as ConformanceLrs, {
    get: (_, key) => {
      if (!lrs) throw new Error('the conformance LRS is not started: use it in a test or a later beforeAll');
      return lrs[key as keyof ConformanceLrs];
    },
  });
}

/** `env` overrides settings of the LRS (e.g. an OIDC issuer). */
export async function startLrs(env: LrsEnv = {}): Promise<ConformanceLrs> {
  const databaseUrl = inject('databaseUrl');
  const port = await freePort();
  const jwtPrivateKey = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const auditKeys = generateAuditKeySettings();
  // The tenant keys' installation key (crypto-shredding), kept out of ./data as the other keys are.
  const keyStoreKey = randomBytes(32).toString('hex');
  const logger = createLogger('conformance', 'silent');
  const running: RunningStandalone = await startStandalone(
    {
      PORT: port,
      CUSTOS_HOST: '127.0.0.1',
      CUSTOS_DATA_DIR: './data',
      CUSTOS_METRICS_PORT: 0,
      DATABASE_URL: databaseUrl,
      NATS_URL: undefined,
      CUSTOS_NAMESPACE: 'custos',
      CUSTOS_LOG_LEVEL: 'silent',
      CUSTOS_HEALTH_PORT: 0,
      CUSTOS_PUBLIC_URL: `http://127.0.0.1:${port}`,
      CUSTOS_BOOTSTRAP_KEY: `bootstrap-${randomBytes(4).toString('hex')}`,
      CUSTOS_BOOTSTRAP_SECRET: randomBytes(16).toString('hex'),
      CUSTOS_CONSENT__POOL_SIZE: 2,
      CUSTOS_STORAGE__POOL_SIZE: 10,
      CUSTOS_AUDIT_PSEUDONYM_KEY: auditKeys.pseudonymKey,
      CUSTOS_AUDIT_SIGNING_KEY: auditKeys.signingKeyPem,
      CUSTOS_AUDIT_CHECKPOINT_EVERY: 300,
      CUSTOS_RETENTION_PURGE_EVERY: 3600,
      CUSTOS_RETENTION_PURGE_BATCH: 500,
      CUSTOS_HOLD_MAINTAIN_EVERY: 300,
      CUSTOS_KEY_STORE_PROVIDER: 'file',
      CUSTOS_KEY_STORE_KEY: keyStoreKey,
      CUSTOS_KEY_STORE_VAULT_KEY: 'custos',
      CUSTOS_GATEWAY__BODY_LIMIT: '50mb',
      CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS: 30_000,
      CUSTOS_JWT_PRIVATE_KEY: jwtPrivateKey,
      CUSTOS_CURSOR_KEY: randomBytes(32).toString('hex'),
      CUSTOS_OIDC_TENANT_CLAIM: 'tid',
      CUSTOS_OIDC_SCOPE: 'openid',
      // Kept out of ./data, as the other keys are.
      CUSTOS_PRINCIPAL_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      CUSTOS_PRINCIPAL_TTL_SECONDS: 60,
      CUSTOS_PORTABLE_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      CUSTOS_PORTABLE_TRUSTED_ISSUERS: '',
      CUSTOS_PORTABLE_ALLOW_LOOPBACK_HTTP: false,
      CUSTOS_GATEWAY__TRUST_PROXY: 'false',
      CUSTOS_ERASURE__GRACE_SECONDS: 7 * 24 * 3600,
      CUSTOS_ERASURE__POLL_SECONDS: 1,
      CUSTOS_FORWARDING__ENABLED: true,
      CUSTOS_FORWARDING__POLL_MS: 100,
      CUSTOS_FORWARDING__TIMEOUT_MS: 5000,
      CUSTOS_FORWARDING__ALLOW_HTTP: true,
      CUSTOS_FORWARDING__MAX_ATTEMPTS: 8,
      CUSTOS_FORWARDING__BACKOFF_BASE_MS: 200,
      CUSTOS_FORWARDING__BACKOFF_MAX_MS: 2000,
      // Every test file signs in from 127.0.0.1 against one database: only the throttle's own tests
      // (sign-in-throttle.spec.ts) set the per-address limit low.
      ...signInSettings({ CUSTOS_SIGN_IN__ADDRESS_FREE_FAILURES: 1_000_000 }),
      ...env,
    },
    logger,
  );
  // The LRS's own services (what `custos credentials|users` call), so the audit records of what the tests set up
  // are in the chain at once rather than after the outbox relay's period.
  const credentials = credentialsThrough(running.app.get(CredentialsService));
  const people = peopleThrough(running.app.get(PeopleService));
  return {
    baseUrl: running.url,
    credentials,
    people,
    jwtPrivateKey,
    auditKeys,
    keyStoreKey,
    app: running.app,
    client: async ({ scopes = ['all'], version = '1.0.3', tenantId } = {}) => {
      const c = await credentials.create(scopes, tenantId);
      return { ...xapiClient(running.url, c.key, c.secret, version), tenantId: c.tenantId };
    },
    signIn: async (tenantId, username, password) => {
      const res = await fetch(`${running.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant: tenantId, username, password }),
      });
      if (res.status !== 200) {
        throw new Error(`login of ${username} answered ${res.status}: ${await res.text()}`);
      }
      const { access_token: token } = (await res.json()) as { access_token: string };
      const call: SignedIn['call'] = async (method, path, body) => {
        const r = await fetch(`${running.url}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            'X-Experience-API-Version': '2.0.0',
            ...(body !== undefined && { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await r.text();
        return { status: r.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      };
      return { token, call };
    },
    close: async () => {
      await credentials.close();
      await people.close();
      await running.close();
    },
  };
}
