// The `custos` command: start parts, run migrations, manage credentials, verify the audit log, run retention,
// follow erasures and replay them after a restore, print the records of processing.
// Without DATABASE_URL it works on the standalone installation under CUSTOS_DATA_DIR.
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { ConfigError, type DatabaseTlsFiles } from '@custos/config';
import {
  ConsentModule,
  CredentialsService,
  type ErasureReplayReport,
  ErasureService,
  PeopleService,
  PoliciesService,
} from '@custos/consent';
import { recordsAsHtml, recordsAsMarkdown } from '@custos/gateway';
import { ImportJobsService, IngestModule } from '@custos/ingest';
import { recordsOfProcessing } from '@custos/query';
import { CreatePersonBodyV1, DomainError, PersonRole } from '@custos/contracts';
import { generatePartKeys, MessagingModule, natsAccountsConfig } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { migrateAll, openStandaloneDatabase } from '@custos/standalone';
import {
  type AuditKeySettings,
  auditKeySettingsOf,
  AuditRetentionService,
  AuditVerifyService,
  generateAuditKeySettings,
  keyStoreSettingsOf,
  KeyStoreRepository,
  evidenceVerdictLine,
  publicKeyFromPem,
  RETENTION_OPERATOR,
  RETENTION_PURGE_OPERATOR,
  RetentionService,
  StorageModule,
  type TenantKeySettings,
  trustedKeysOf,
  verifyEvidencePack,
} from '@custos/storage';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { checkpointsOf, evidenceOf, publicKeyPemOf, verdictOf } from './audit-files.js';
import { completionSignatureValid } from './erasure-files.js';
import { configurationReference } from './config-reference.js';
import { type CliConfig, loadCliConfig } from './config.js';
import { natsApply } from './nats-apply.js';

const USAGE = `Usage: custos <command>

  start [standalone|gateway|ingest|storage|consent|query]   start Custos or one distributed part
  migrate                                                   apply pending database migrations, then grant
                                                            CUSTOS_DATABASE_STORAGE_ROLE and _CONSENT_ROLE their rights
  credentials create --tenant T --name N --scopes a,b [--key K --secret S] [--write-policy P]
  credentials bind --write-policy P|none [--] KEY           bind a credential to policy P's purpose
                                                            (docs/privacy-operations.md "Write purposes")
  credentials list [--tenant T]
  credentials revoke [--] KEY                                (-- before a key that starts with "-")
  users create --tenant T --username U [--password P] --roles learner,admin [--agent '{"mbox":"mailto:..."}' ...]
  users list [--tenant T]
  users roles --tenant T --username U --set learner,consumer
  users link-agent --tenant T --username U --agent '{"mbox":"mailto:..."}'
  audit verify --tenant T [--public-key FILE ...] [--checkpoints FILE]
                                                            check the audit chain and its signed checkpoints
  audit verify-evidence FILE --public-key KEY.pem           check an evidence pack (GET /api/v1/audit/evidence)
                                                            offline, with the auditor's key only
  audit prune --tenant T [--days N]                         remove audit records older than the retention
  records-of-processing --tenant T [--format json|md|html]  the tenant's records of processing (GDPR Art. 30)
  retention dry-run --tenant T                              per retention rule, the statements a run would
                                                            remove now and those legal holds keep
  retention run --tenant T [--batch N]                      purge the statements past the tenant's retention
                                                            rules now, N per transaction
                                                            (default CUSTOS_RETENTION_PURGE_BATCH)
  import --from URL --key K --secret S [--tenant T]         import the statements of another LRS (its xAPI
                                                            endpoint) into tenant T (default "default"): ids,
                                                            authority, voids and attachments kept; resumes an
                                                            interrupted import of the same source; idempotent
                                                            (docs/flows.md "Import from another LRS")
  erasure list --tenant T                                   the tenant's erasures of people, newest first
  erasure status --tenant T [--public-key FILE] ID          one erasure: state, progress, completion record;
                                                            with the audit public key, checks its signature
  erasure replay [--tenant T] [--dry-run]                   after restoring data from a backup, erase again the
                                                            people the key store records as erased and the
                                                            restored data holds again (docs/operations.md
                                                            "Backups and erasure"); --dry-run lists them only
  nats-config [--namespace NS] [--auth nkey|password]       print the NATS accounts file of a namespace
                                                            (deploy/nats/accounts-custos.conf is NS=custos)
  nats-keys [--namespace NS] [--json]                       make an NKey per part: seeds for the parts'
                                                            Secrets, public keys for the NATS server
  config-reference                                          print every part's settings as Markdown
                                                            (docs/configuration.md)
  nats apply [--namespace NS] [--replicas 1|3|5]            create or update the JetStream stream and object
                                                            stores (NATS_URL, signed in as storage); idempotent

Database: DATABASE_URL when set, else the standalone installation in CUSTOS_DATA_DIR (./data).`;

const PARTS = ['standalone', 'gateway', 'ingest', 'storage', 'consent', 'query'] as const;

/** `url` and `tls` are DATABASE_URL and its TLS files, or the standalone installation's embedded database. */
async function withDatabase<T>(
  config: CliConfig,
  work: (url: string, tls?: DatabaseTlsFiles) => Promise<T>,
): Promise<T> {
  if (config.DATABASE_URL) return work(config.DATABASE_URL, config);
  const db = await openStandaloneDatabase(config.CUSTOS_DATA_DIR);
  try {
    await migrateAll(db.url);
    return await work(db.url);
  } finally {
    await db.stop();
  }
}

async function withContext<T>(
  config: CliConfig,
  module: (url: string, tls?: DatabaseTlsFiles) => DynamicModule,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withDatabase(config, async (url, tls) => {
    const logger = createLogger('cli', 'warn');
    const app = await NestFactory.createApplicationContext(
      composeRoot([
        PlatformModule.forRoot(logger),
        MessagingModule.forRoot({ transport: 'in-process', logger }),
        module(url, tls),
      ]),
      { logger: false },
    );
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  });
}

const consent = (config: CliConfig) => (url: string, tls?: DatabaseTlsFiles) =>
  ConsentModule.forRoot({
    databaseUrl: url,
    databaseTls: tls,
    poolSize: 1,
    publicUrl: config.CUSTOS_PUBLIC_URL,
    bootstrapOnStart: false,
    outboxRelay: false,
    // The CLI never issues tokens; the key is passed so a bad one fails here as it would at boot.
    jwtPrivateKey: config.CUSTOS_JWT_PRIVATE_KEY,
  });

async function credentials(config: CliConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      key: { type: 'string' },
      secret: { type: 'string' },
      'write-policy': { type: 'string' },
    },
  });
  const [sub, key] = positionals;
  const writePolicy = values['write-policy'];
  await withContext(config, consent(config), async (app) => {
    const service = app.get(CredentialsService);
    if (sub === 'create') {
      if (!values.tenant || !values.scopes) {
        throw new UsageError('credentials create needs --tenant and --scopes');
      }
      const created = await service.create({
        tenantId: values.tenant,
        name: values.name ?? 'unnamed',
        scopes: values.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        key: values.key,
        secret: values.secret,
        ...(writePolicy !== undefined && { writePolicyId: writePolicy }),
      });
      print({ ...created.credential, secret: created.secret });
    } else if (sub === 'bind') {
      if (!key || writePolicy === undefined) {
        throw new UsageError('credentials bind needs --write-policy (a policy id, or none) and a KEY');
      }
      const found = await service.findByKey(key);
      if (!found) throw new UsageError(`no credential with key ${key}`);
      print(await service.bind(found.tenantId, found.id, writePolicy === 'none' ? null : writePolicy));
    } else if (sub === 'list') {
      print(await service.list(values.tenant));
    } else if (sub === 'revoke') {
      if (!key) throw new UsageError('credentials revoke needs a KEY');
      await service.revoke(key);
      print({ revoked: key });
    } else {
      throw new UsageError(`unknown credentials command "${sub ?? ''}"`);
    }
  });
}

const listOf = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function rolesOf(value: string | undefined): PersonRole[] {
  return listOf(value).map((role) => {
    const parsed = PersonRole.safeParse(role);
    if (!parsed.success) throw new UsageError(`unknown role "${role}" (${PersonRole.options.join(', ')})`);
    return parsed.data;
  });
}

function agentOf(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new UsageError(`--agent must be a JSON xAPI Agent object, got ${json}`);
}

async function users(config: CliConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      roles: { type: 'string' },
      set: { type: 'string' },
      agent: { type: 'string', multiple: true },
    },
  });
  const [sub] = positionals;
  const needTarget = (): { tenant: string; username: string } => {
    if (!values.tenant || !values.username) {
      throw new UsageError(`users ${sub ?? ''} needs --tenant and --username`);
    }
    return { tenant: values.tenant, username: values.username };
  };
  await withContext(config, consent(config), async (app) => {
    const people = app.get(PeopleService);
    if (sub === 'create') {
      const { tenant, username } = needTarget();
      const generated = values.password ? undefined : generatePassword();
      const body = CreatePersonBodyV1.safeParse({
        username,
        password: values.password ?? generated,
        roles: rolesOf(values.roles),
        agents: (values.agent ?? []).map(agentOf),
      });
      if (!body.success) {
        throw new UsageError(body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      const person = await people.create(tenant, body.data);
      // The generated password is shown once, on the terminal only.
      print(generated ? { ...person, password: generated } : person);
    } else if (sub === 'list') {
      print(await people.list(values.tenant));
    } else if (sub === 'roles') {
      const { tenant, username } = needTarget();
      if (values.set === undefined) throw new UsageError('users roles needs --set role,role (may be empty)');
      const person = await people.get(tenant, { username });
      print(await people.update(tenant, person.id, { roles: rolesOf(values.set) }));
    } else if (sub === 'link-agent') {
      const { tenant, username } = needTarget();
      const [agent, ...more] = values.agent ?? [];
      if (!agent || more.length > 0) throw new UsageError('users link-agent needs one --agent');
      print(await people.linkAgent(tenant, username, agentOf(agent)));
    } else {
      throw new UsageError(`unknown users command "${sub ?? ''}"`);
    }
  });
}

const generatePassword = (): string => randomBytes(18).toString('base64url');

async function audit(config: CliConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      checkpoints: { type: 'string' },
      days: { type: 'string' },
    },
  });
  const [sub] = positionals;
  if (sub === 'verify-evidence') {
    await verifyEvidence(positionals.slice(1), values['public-key'] ?? []);
    return;
  }
  const tenant = values.tenant;
  if ((sub !== 'verify' && sub !== 'prune') || !tenant) {
    throw new UsageError('usage: custos audit verify --tenant T | custos audit prune --tenant T');
  }
  const keys = await cliAuditKeys(config);
  const storage = (url: string, tls?: DatabaseTlsFiles) =>
    StorageModule.forRoot({
      databaseUrl: url,
      databaseTls: tls,
      poolSize: 1,
      outboxRelay: false,
      audit: keys.settings,
    });
  if (sub === 'verify') {
    const publicKeys = await Promise.all(
      (values['public-key'] ?? []).map(async (file) =>
        publicKeyFromPem(publicKeyPemOf(await readFile(file, 'utf8'), file), file),
      ),
    );
    const kept = values.checkpoints
      ? checkpointsOf(await readFile(values.checkpoints, 'utf8'), values.checkpoints, tenant)
      : undefined;
    // The auditor's own key, when given, is the only one trusted: not whatever the installation holds now.
    const trust = publicKeys.length > 0 ? publicKeys : keys.signing ? 'configured' : 'none';
    await withContext(config, storage, async (app) => {
      const result = await app.get(AuditVerifyService).verify(tenant, { trust, ...(kept && { kept }) });
      print(result);
      process.stderr.write(`${verdictOf(tenant, result)}\n`);
      if (!result.ok) process.exitCode = 2;
    });
    return;
  }
  if (!keys.signing) {
    throw new UsageError(
      'custos audit prune signs a retention-start checkpoint: set CUSTOS_AUDIT_SIGNING_KEY and ' +
        'CUSTOS_AUDIT_PSEUDONYM_KEY to the keys of the storage part',
    );
  }
  const days = values.days !== undefined ? Number(values.days) : config.CUSTOS_AUDIT_RETENTION_DAYS;
  if (days === undefined || !Number.isInteger(days) || days < 1) {
    throw new UsageError(
      'custos audit prune needs --days N (a whole number of days) or CUSTOS_AUDIT_RETENTION_DAYS',
    );
  }
  await withContext(config, storage, async (app) => {
    print(await app.get(AuditRetentionService).prune(tenant, days, RETENTION_OPERATOR));
  });
}

/**
 * `audit verify-evidence FILE --public-key KEY`: an evidence pack (GET /api/v1/audit/evidence) checked offline,
 * with the auditor's own keys only: no database, no configuration, nothing of the installation is trusted.
 */
async function verifyEvidence(files: string[], keyFiles: string[]): Promise<void> {
  const [file] = files;
  if (files.length !== 1 || !file || keyFiles.length === 0) {
    throw new UsageError(
      'usage: custos audit verify-evidence FILE --public-key KEY.pem [--public-key OLD.pem]',
    );
  }
  const publicKeys = await Promise.all(
    keyFiles.map(async (keyFile) =>
      publicKeyFromPem(publicKeyPemOf(await readFile(keyFile, 'utf8'), keyFile), keyFile),
    ),
  );
  const verdict = verifyEvidencePack(
    evidenceOf(await readFile(file, 'utf8'), file),
    trustedKeysOf(publicKeys),
  );
  print(verdict);
  process.stderr.write(`${evidenceVerdictLine(verdict)}\n`);
  if (!verdict.ok) process.exitCode = 2;
}

/**
 * `records-of-processing --tenant T [--format json|md|html]` (docs/privacy-operations.md "Records of processing"):
 * what GET /api/v1/records-of-processing answers, read from the database as the operator.
 */
async function recordsOfProcessingCommand(config: CliConfig, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { tenant: { type: 'string' }, format: { type: 'string' } } });
  const tenant = values.tenant;
  const format = values.format ?? 'json';
  if (!tenant || !['json', 'md', 'markdown', 'html'].includes(format)) {
    throw new UsageError('usage: custos records-of-processing --tenant T [--format json|md|html]');
  }
  const policies = await withContext(config, consent(config), (app) =>
    app.get(PoliciesService, { strict: false }).currentOf(tenant),
  );
  const keys = await cliAuditKeys(config);
  const storage = (url: string, tls?: DatabaseTlsFiles) =>
    StorageModule.forRoot({
      databaseUrl: url,
      databaseTls: tls,
      poolSize: 1,
      outboxRelay: false,
      audit: keys.settings,
    });
  const rules = await withContext(config, storage, (app) => app.get(RetentionService).rulesOf(tenant));
  const records = recordsOfProcessing(tenant, policies, rules, new Date());
  if (format === 'json') print(records);
  else process.stdout.write(format === 'html' ? recordsAsHtml(records) : `${recordsAsMarkdown(records)}\n`);
}

/** `retention dry-run` and `retention run` (docs/privacy-operations.md "Retention"), recorded in the audit log. */
async function retention(config: CliConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, batch: { type: 'string' } },
  });
  const [sub] = positionals;
  const tenant = values.tenant;
  if ((sub !== 'dry-run' && sub !== 'run') || !tenant) {
    throw new UsageError('usage: custos retention dry-run --tenant T | custos retention run --tenant T');
  }
  const batchSize = values.batch !== undefined ? Number(values.batch) : config.CUSTOS_RETENTION_PURGE_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new UsageError('--batch must be a whole number from 1 to 10000');
  }
  const keys = await cliAuditKeys(config);
  const storage = (url: string, tls?: DatabaseTlsFiles) =>
    StorageModule.forRoot({
      databaseUrl: url,
      databaseTls: tls,
      // One connection holds the tenant's purge lock while another deletes each batch.
      poolSize: 2,
      outboxRelay: false,
      audit: keys.settings,
      retentionPurge: { batchSize },
    });
  await withContext(config, storage, async (app) => {
    const service = app.get(RetentionService);
    if (sub === 'dry-run') {
      print(await service.dryRun(tenant, RETENTION_PURGE_OPERATOR));
      return;
    }
    const report = await service.run(tenant, RETENTION_PURGE_OPERATOR);
    print(report);
    if (report.skipped) {
      process.stderr.write(`another retention run of tenant ${tenant} is under way: nothing was removed\n`);
      process.exitCode = 3;
    }
  });
}

/** The storage and ingest parts in one context: the import writes as ingest does, into storage's tables. */
@Module({})
class ImportCliModule {}

/**
 * `import`: reads the source LRS page by page in this process and writes into the database (docs/flows.md
 * "Import from another LRS"). Progress on stderr after every page; the job at the end on stdout. Exit code 1 when
 * it failed (the job keeps its cursor: the same command resumes it), 4 when some statements were refused.
 */
async function importCommand(config: CliConfig, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      key: { type: 'string' },
      secret: { type: 'string' },
      tenant: { type: 'string', default: 'default' },
    },
  });
  const { from, key, secret, tenant } = values;
  if (!from || !key || !secret) {
    throw new UsageError('usage: custos import --from URL --key K --secret S [--tenant T]');
  }
  const keys = await cliAuditKeys(config);
  const keyStore = await cliKeyStore(config);
  const module = (url: string, tls?: DatabaseTlsFiles): DynamicModule => ({
    module: ImportCliModule,
    imports: [
      StorageModule.forRoot({
        databaseUrl: url,
        databaseTls: tls,
        poolSize: 3,
        outboxRelay: false,
        audit: keys.settings,
        keyStore,
      }),
      IngestModule,
    ],
  });
  await withContext(config, module, async (app) => {
    const { job, resumed, done } = await app.get(ImportJobsService).start({
      tenantId: tenant,
      from,
      key,
      secret,
      importedBy: { principalId: 'cli', principalKind: 'system' },
      onProgress: (j) =>
        process.stderr.write(
          `import ${j.id}: page ${j.pages}, ${j.imported} imported, ${j.skipped} skipped, ${j.refused} refused\n`,
        ),
    });
    process.stderr.write(
      `import ${job.id} from ${job.source}: ${resumed ? `resumed after page ${job.pages}` : 'started'}\n`,
    );
    const end = await done;
    print(end);
    if (end.refused > 0) process.exitCode = 4;
  });
}

/** `erasure list|status`: operators follow erasures (docs/privacy-operations.md "Erasure"); `erasure replay`. */
async function erasure(config: CliConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      'public-key': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const [sub, id] = positionals;
  const tenant = values.tenant;
  if (sub === 'replay') {
    if (id !== undefined) throw new UsageError('usage: custos erasure replay [--tenant T] [--dry-run]');
    return erasureReplay(config, tenant, values['dry-run']);
  }
  if (!tenant || (sub !== 'list' && sub !== 'status') || (sub === 'status' && !id)) {
    throw new UsageError(
      'usage: custos erasure list --tenant T | custos erasure status --tenant T ID | ' +
        'custos erasure replay [--tenant T] [--dry-run]',
    );
  }
  const publicKeyFile = values['public-key'];
  const publicKey =
    publicKeyFile === undefined
      ? undefined
      : publicKeyFromPem(publicKeyPemOf(await readFile(publicKeyFile, 'utf8'), publicKeyFile), publicKeyFile);
  await withContext(config, consent(config), async (app) => {
    const service = app.get(ErasureService);
    if (sub === 'list') return print(await service.list(tenant));
    const view = await service.find(tenant, id!);
    if (!view) throw new UsageError(`no erasure ${id} in tenant ${tenant}`);
    print(view);
    if (!publicKey) return;
    if (!view.completion) {
      process.stderr.write(`erasure ${view.id} is ${view.state}: no completion record to check yet\n`);
      process.exitCode = 2;
    } else if (completionSignatureValid(view.completion, publicKey)) {
      process.stderr.write(`completion record of erasure ${view.id}: signature valid\n`);
    } else {
      process.stderr.write(`completion record of erasure ${view.id}: signature INVALID for this key\n`);
      process.exitCode = 2;
    }
  });
}

/** Consent and storage in one context: an erasure's steps are requests from consent to storage. */
@Module({})
class ErasureReplayCliModule {}

/**
 * `erasure replay [--tenant T] [--dry-run]` (docs/operations.md "Backups and erasure"): after the data was restored
 * from a backup taken before some erasures, next to the current key store, erases again every person the key store
 * records as erased whom the restored consent data holds again: a new erasure job each, approved by the operator
 * and carried through all its steps here, as consent's runner would. Exit code 5 when some could not be erased
 * again (a legal hold or obligation blocks them, or a step failed).
 */
async function erasureReplay(config: CliConfig, tenant: string | undefined, dryRun: boolean): Promise<void> {
  const keys = await cliAuditKeys(config);
  if (!dryRun && !keys.signing) {
    throw new UsageError(
      'custos erasure replay signs completion records into the audit log: set CUSTOS_AUDIT_SIGNING_KEY and ' +
        'CUSTOS_AUDIT_PSEUDONYM_KEY to the keys of the storage part',
    );
  }
  // A dry run reads consent only, and seals nothing.
  const keyStore = dryRun ? undefined : await cliKeyStore(config);
  const module = (url: string, tls?: DatabaseTlsFiles): DynamicModule => ({
    module: ErasureReplayCliModule,
    imports: [
      consent(config)(url, tls),
      StorageModule.forRoot({
        databaseUrl: url,
        databaseTls: tls,
        poolSize: 2,
        outboxRelay: false,
        audit: keys.settings,
        keyStore,
      }),
    ],
  });
  await withContext(config, module, async (app) => {
    const recorded = await app.get(KeyStoreRepository, { strict: false }).recordedErasures(tenant);
    const byTenant = new Map<string, string[]>();
    for (const r of recorded) byTenant.set(r.tenant_id, [...(byTenant.get(r.tenant_id) ?? []), r.person_id]);
    const service = app.get(ErasureService, { strict: false });
    const reports: ErasureReplayReport[] = [];
    for (const [tenantId, personIds] of byTenant) {
      const report = await service.replay(tenantId, personIds, dryRun);
      reports.push(report);
      process.stderr.write(`${replayLine(report, dryRun)}\n`);
    }
    print({ dryRun, tenants: reports });
    if (reports.some((r) => r.blocked.length > 0 || r.unfinished.length > 0)) process.exitCode = 5;
  });
}

const replayLine = (r: ErasureReplayReport, dryRun: boolean): string =>
  dryRun
    ? `tenant ${r.tenantId}: ${r.foundAgain.length} erased person(s) found again`
    : `tenant ${r.tenantId}: ${r.foundAgain.length} found again, ${r.erasedAgain.length} erased again, ` +
      `${r.blocked.length} blocked, ${r.alreadyOpen.length} with an erasure already open, ` +
      `${r.unfinished.length} unfinished`;

/**
 * The audit keys: the standalone installation's (kept beside its data), or with DATABASE_URL the configured
 * ones. Never new ones in ./data beside a database that is not the standalone one: the checkpoints there were
 * signed with the storage part's key. Without it, the stand-ins below are held in memory only and sign nothing.
 */
async function cliAuditKeys(config: CliConfig): Promise<{ settings: AuditKeySettings; signing: boolean }> {
  if (!config.DATABASE_URL) {
    return { settings: await auditKeySettingsOf(config, config.CUSTOS_DATA_DIR), signing: true };
  }
  const standIn = generateAuditKeySettings();
  const signing =
    config.CUSTOS_AUDIT_SIGNING_KEY !== undefined && config.CUSTOS_AUDIT_PSEUDONYM_KEY !== undefined;
  return {
    settings: {
      pseudonymKey: config.CUSTOS_AUDIT_PSEUDONYM_KEY ?? standIn.pseudonymKey,
      signingKeyPem: config.CUSTOS_AUDIT_SIGNING_KEY ?? standIn.signingKeyPem,
    },
    signing,
  };
}

/**
 * The tenant key storage wraps data keys under (crypto-shredding, docs/privacy-operations.md "Erasure reaches
 * backups"), as the installation's storage has it: standalone's key file in its data directory, else the configured
 * key or Vault, else (undefined) derived from CUSTOS_AUDIT_PSEUDONYM_KEY as storage derives it. A command that seals
 * (custos import) must not run on a stand-in: the data keys it created would be wrapped under a key storage can
 * never open, and the records sealed under them lost, so it refuses instead.
 */
async function cliKeyStore(config: CliConfig): Promise<TenantKeySettings | undefined> {
  if (!config.DATABASE_URL) return keyStoreSettingsOf(config, config.CUSTOS_DATA_DIR);
  const configured = await keyStoreSettingsOf(config);
  if (configured || config.CUSTOS_AUDIT_PSEUDONYM_KEY !== undefined) return configured;
  throw new UsageError(
    "this command seals learner records and needs the installation's key store key: set CUSTOS_KEY_STORE_KEY " +
      '(standalone: the key-store.key file in its data directory), or CUSTOS_KEY_STORE_PROVIDER=vault with its ' +
      'address and token, or CUSTOS_AUDIT_PSEUDONYM_KEY when storage derives the key from it',
  );
}

class UsageError extends Error {}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

const NAMESPACE = /^[a-z][a-z0-9_-]*$/;

/** `nats-config` and `nats-keys`: no database, no configuration but the namespace. */
function nats(config: CliConfig, command: 'nats-config' | 'nats-keys', args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      namespace: { type: 'string', default: config.CUSTOS_NAMESPACE },
      auth: { type: 'string', default: 'nkey' },
      json: { type: 'boolean', default: false },
    },
  });
  const namespace = values.namespace;
  if (!NAMESPACE.test(namespace)) {
    throw new UsageError(`--namespace: lowercase letters, digits, - and _ only`);
  }
  if (command === 'nats-config') {
    if (values.auth !== 'nkey' && values.auth !== 'password') {
      throw new UsageError('--auth must be nkey or password');
    }
    process.stdout.write(natsAccountsConfig(namespace, values.auth));
    return;
  }
  const keys = generatePartKeys(namespace);
  if (values.json) return print(keys);
  process.stdout.write(
    [
      "# The NATS server's environment (public keys, not secret):",
      ...keys.map((k) => `${k.serverVariable}=${k.publicKey}`),
      '',
      "# Each part's secret, CUSTOS_NATS_NKEY_SEED in that part's Secret (shown once; keep them nowhere else):",
      ...keys.map((k) => `${k.part}: CUSTOS_NATS_NKEY_SEED=${k.seed}`),
      '',
    ].join('\n'),
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'start') {
    const part = rest[0] ?? 'standalone';
    if (!(PARTS as readonly string[]).includes(part)) throw new UsageError(`unknown part "${part}"`);
    await import(new URL(`../../${part}/src/main.js`, import.meta.url).href);
    return;
  }
  // Needs no configuration of its own: it describes it.
  if (command === 'config-reference') {
    process.stdout.write(configurationReference());
    return;
  }
  const config = loadCliConfig();
  if (command === 'nats-config' || command === 'nats-keys') return nats(config, command, rest);
  if (command === 'nats' && rest[0] === 'apply') {
    print(await natsApply(config, rest.slice(1)));
    return;
  }
  switch (command) {
    case 'migrate':
      await withDatabase(config, (url, tls) =>
        migrateAll(url, tls, {
          storage: config.CUSTOS_DATABASE_STORAGE_ROLE,
          consent: config.CUSTOS_DATABASE_CONSENT_ROLE,
        }),
      );
      print({ migrated: true });
      return;
    case 'credentials':
      return credentials(config, rest);
    case 'audit':
      return audit(config, rest);
    case 'users':
      return users(config, rest);
    case 'retention':
      return retention(config, rest);
    case 'erasure':
      return erasure(config, rest);
    case 'import':
      return importCommand(config, rest);
    case 'records-of-processing':
      return recordsOfProcessingCommand(config, rest);
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof DomainError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
