// Standalone mode: all five parts in one process, an in-process bus in place of NATS and an
// embedded PostgreSQL (or DATABASE_URL when given). The same modules as the distributed mode.
import {
  ConsentModule,
  consentDataSource,
  consentRoleGrants,
  consentViewReaderGrants,
  CONSENT_SCHEMA,
  ensureSigningKeyFile,
  oidcOptionsOf,
  signInThrottleOf,
  erasureOptionsOf,
  forwardingOptionsOf,
} from '@custos/consent';
import {
  createHttpApp,
  GatewayModule,
  partsReadiness,
  portableOptionsOf,
  signInOptionsOf,
} from '@custos/gateway';
import { IngestModule } from '@custos/ingest';
import { MessageBus, MessagingModule, standalonePrincipalKeys } from '@custos/messaging';
import {
  applyRoleGrants,
  composeRoot,
  migrate,
  PlatformModule,
  type RoleGrants,
  startHealthServer,
} from '@custos/platform';
import { ensureCursorKeyFile, forwardingWorkerOf, QueryModule } from '@custos/query';
import {
  auditKeySettingsOf,
  keyStoreSettingsOf,
  STORAGE_SCHEMA,
  storageDataSource,
  StorageModule,
  storageRoleGrants,
} from '@custos/storage';
import type { DatabaseTlsFiles } from '@custos/config';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import type { StandaloneConfig } from './config.js';
import { openStandaloneDatabase, type StandaloneDatabase } from './embedded-db.js';

export interface RunningStandalone {
  app: INestApplication;
  url: string;
  close: () => Promise<void>;
}

/** The parts' own database roles, when they are not the role migrations run as (docs/adr/0007-database-roles.md). */
export interface RuntimeRoles {
  storage?: string;
  consent?: string;
}

/**
 * Applies both owners' pending migrations, so a newcomer never runs them by hand; then, as the owner, grants the
 * runtime roles given what each part may use (again on every run, so new tables are covered).
 */
export async function migrateAll(
  databaseUrl: string,
  tls?: DatabaseTlsFiles,
  roles: RuntimeRoles = {},
): Promise<void> {
  const owners: [DataSource, string, RoleGrants[]][] = [
    [
      storageDataSource(databaseUrl, 1, tls),
      STORAGE_SCHEMA,
      roles.storage ? [storageRoleGrants(roles.storage)] : [],
    ],
    [
      consentDataSource(databaseUrl, 1, tls),
      CONSENT_SCHEMA,
      [
        ...(roles.consent ? [consentRoleGrants(roles.consent)] : []),
        ...(roles.storage ? [consentViewReaderGrants(roles.storage)] : []),
      ],
    ],
  ];
  for (const [ds, schema, grants] of owners) {
    await ds.initialize();
    try {
      await migrate(ds, schema);
      await applyRoleGrants(ds, grants);
    } finally {
      await ds.destroy();
    }
  }
}

export async function startStandalone(config: StandaloneConfig, logger: Logger): Promise<RunningStandalone> {
  // Checked before anything starts: a client id without an issuer is a configuration error.
  const signIn = signInOptionsOf(config);
  let database: StandaloneDatabase | undefined;
  const databaseUrl =
    config.DATABASE_URL ?? (database = await openStandaloneDatabase(config.CUSTOS_DATA_DIR)).url;
  logger.info({ database: database ? 'embedded' : 'DATABASE_URL' }, 'database selected');
  // The TLS files belong to DATABASE_URL's server; the embedded one is reached in plain text on loopback.
  const databaseTls = database ? undefined : config;
  await migrateAll(databaseUrl, databaseTls);
  const jwtPrivateKey = config.CUSTOS_JWT_PRIVATE_KEY ?? (await ensureSigningKeyFile(config.CUSTOS_DATA_DIR));
  const audit = await auditKeySettingsOf(config, config.CUSTOS_DATA_DIR);
  const keyStore = await keyStoreSettingsOf(config, config.CUSTOS_DATA_DIR);
  // The same signed principals as the distributed mode (ADR 0006), the key kept beside the data.
  const principals = await standalonePrincipalKeys(config, config.CUSTOS_DATA_DIR);
  const cursorKey = config.CUSTOS_CURSOR_KEY ?? (await ensureCursorKeyFile(config.CUSTOS_DATA_DIR));
  // Learners' portable archives: signed with the configured key, else one kept beside the data.
  const portable = await portableOptionsOf(config, config.CUSTOS_DATA_DIR);

  const root = composeRoot([
    PlatformModule.forRoot(logger),
    MessagingModule.forRoot({
      transport: 'in-process',
      logger,
      requestTimeoutMs: config.CUSTOS_GATEWAY__REQUEST_TIMEOUT_MS,
      principals,
    }),
    StorageModule.forRoot({
      databaseUrl,
      databaseTls,
      poolSize: config.CUSTOS_STORAGE__POOL_SIZE,
      audit,
      auditMaintenance: {
        checkpointEverySeconds: config.CUSTOS_AUDIT_CHECKPOINT_EVERY,
        retentionDays: config.CUSTOS_AUDIT_RETENTION_DAYS,
      },
      retentionPurge: {
        everySeconds: config.CUSTOS_RETENTION_PURGE_EVERY,
        batchSize: config.CUSTOS_RETENTION_PURGE_BATCH,
      },
      writePurposes: {
        holdKey: config.CUSTOS_HOLD_KEY,
        maintainEverySeconds: config.CUSTOS_HOLD_MAINTAIN_EVERY,
      },
      keyStore,
    }),
    ConsentModule.forRoot({
      databaseUrl,
      databaseTls,
      publicUrl: config.CUSTOS_PUBLIC_URL,
      bootstrapKey: config.CUSTOS_BOOTSTRAP_KEY,
      bootstrapSecret: config.CUSTOS_BOOTSTRAP_SECRET,
      bootstrapOnStart: true,
      jwtPrivateKey,
      oidc: oidcOptionsOf(config),
      signInThrottle: signInThrottleOf(config),
      erasure: erasureOptionsOf(config),
      forwarding: forwardingOptionsOf(config),
    }),
    IngestModule,
    QueryModule.forRoot({ cursorKey, forwarding: forwardingWorkerOf(config) }),
    GatewayModule.forRoot({ signIn, portable }),
  ]);
  const app = await createHttpApp(root, {
    logger,
    bodyLimit: config.CUSTOS_GATEWAY__BODY_LIMIT,
    shutdownHooks: false,
    trustProxy: config.CUSTOS_GATEWAY__TRUST_PROXY,
    signIn,
  });
  await app.listen(config.PORT, config.CUSTOS_HOST);
  // As the distributed gateway: the public /readyz says the process serves; which part (and database) is ready is
  // on the health port, when one is set.
  const bus = app.get(MessageBus);
  const health =
    config.CUSTOS_HEALTH_PORT > 0
      ? await startHealthServer(config.CUSTOS_HEALTH_PORT, () => partsReadiness(bus))
      : undefined;
  const url = `http://${config.CUSTOS_HOST}:${config.PORT}`;
  logger.info({ url, healthPort: config.CUSTOS_HEALTH_PORT }, 'Custos standalone listening');
  // Prometheus (and the same readiness) on a port of its own when asked for, never on the public one.
  const metrics =
    config.CUSTOS_METRICS_PORT > 0
      ? await startHealthServer(config.CUSTOS_METRICS_PORT, () => partsReadiness(bus), config.CUSTOS_HOST)
      : undefined;
  if (metrics) logger.info({ metricsPort: config.CUSTOS_METRICS_PORT }, 'metrics port open');
  return {
    app,
    url,
    close: async () => {
      health?.close();
      await new Promise((resolve) => (metrics ? metrics.close(resolve) : resolve(undefined)));
      await app.close();
      await database?.stop();
    },
  };
}
