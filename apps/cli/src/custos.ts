// The `custos` command: start parts, run migrations, manage credentials, verify the audit log.
// Without DATABASE_URL it works on the standalone installation under CUSTOS_DATA_DIR.
import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { ConfigError } from '@custos/config';
import { ConsentModule, CredentialsService } from '@custos/consent';
import { DomainError } from '@custos/contracts';
import { MessagingModule } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { migrateAll, openStandaloneDatabase } from '@custos/standalone';
import { AuditService, StorageModule } from '@custos/storage';
import { type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { type CliConfig, loadCliConfig } from './config.js';

const USAGE = `Usage: custos <command>

  start [standalone|gateway|ingest|storage|consent|query]   start Custos or one distributed part
  migrate                                                   apply pending database migrations
  credentials create --tenant T --name N --scopes a,b [--key K --secret S]
  credentials list [--tenant T]
  credentials revoke KEY
  audit verify --tenant T

Database: DATABASE_URL when set, else the standalone installation in CUSTOS_DATA_DIR (./data).`;

const PARTS = ['standalone', 'gateway', 'ingest', 'storage', 'consent', 'query'] as const;

async function withDatabase<T>(config: CliConfig, work: (url: string) => Promise<T>): Promise<T> {
  if (config.DATABASE_URL) return work(config.DATABASE_URL);
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
  module: (url: string) => DynamicModule,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withDatabase(config, async (url) => {
    const logger = createLogger('cli', 'warn');
    const app = await NestFactory.createApplicationContext(
      composeRoot([
        PlatformModule.forRoot(logger),
        MessagingModule.forRoot({ transport: 'in-process', logger }),
        module(url),
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

const consent = (config: CliConfig) => (url: string) =>
  ConsentModule.forRoot({
    databaseUrl: url,
    poolSize: 1,
    publicUrl: config.CUSTOS_PUBLIC_URL,
    bootstrapOnStart: false,
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
    },
  });
  const [sub, key] = positionals;
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
      });
      print({ ...created.credential, secret: created.secret });
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

async function audit(config: CliConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { tenant: { type: 'string' } },
  });
  if (positionals[0] !== 'verify' || !values.tenant) {
    throw new UsageError('usage: custos audit verify --tenant T');
  }
  const tenant = values.tenant;
  await withContext(
    config,
    (url) => StorageModule.forRoot({ databaseUrl: url, poolSize: 1 }),
    async (app) => {
      const result = await app.get(AuditService).verify(tenant);
      print(result);
      if (!result.ok) process.exitCode = 2;
    },
  );
}

class UsageError extends Error {}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'start') {
    const part = rest[0] ?? 'standalone';
    if (!(PARTS as readonly string[]).includes(part)) throw new UsageError(`unknown part "${part}"`);
    await import(new URL(`../../${part}/src/main.js`, import.meta.url).href);
    return;
  }
  const config = loadCliConfig();
  switch (command) {
    case 'migrate':
      await withDatabase(config, migrateAll);
      print({ migrated: true });
      return;
    case 'credentials':
      return credentials(config, rest);
    case 'audit':
      return audit(config, rest);
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
