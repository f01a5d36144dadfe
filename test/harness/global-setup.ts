// Runs once before the integration and end-to-end suites: finds PostgreSQL and NATS, makes a
// scratch database for this run and applies the real migrations to it (never synchronize).
import { createScratchDatabase, MissingInfraError, resolveInfra } from '@custos/testing';
import { migrateAll } from '@custos/standalone';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    natsUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let infra;
  try {
    infra = await resolveInfra(process.env);
  } catch (err) {
    if (err instanceof MissingInfraError) process.stderr.write(`\n[custos tests] ${err.message}\n\n`);
    throw err;
  }
  process.stdout.write(`[custos tests] integration and end-to-end tests ${infra.describe}\n`);
  const scratch = await createScratchDatabase(infra.databaseUrl);
  await migrateAll(scratch.url);
  project.provide('databaseUrl', scratch.url);
  project.provide('natsUrl', infra.natsUrl);
  return async () => {
    await scratch.drop();
    await infra.stop();
  };
}
