// Where the tests get PostgreSQL and NATS: DATABASE_URL / NATS_URL when given, otherwise
// containers started with testcontainers, otherwise a clear message saying what is missing.
// testcontainers is imported lazily so it never loads when the URLs are given.

export interface Infra {
  databaseUrl: string;
  natsUrl: string;
  /** Human-readable description of where each service came from. */
  describe: string;
  stop: () => Promise<void>;
}

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');

export class MissingInfraError extends Error {}

async function containerRuntimeAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

export async function resolveInfra(env: Readonly<Record<string, string | undefined>>): Promise<Infra> {
  const given = { databaseUrl: env.DATABASE_URL, natsUrl: env.NATS_URL };
  if (given.databaseUrl && given.natsUrl) {
    return {
      databaseUrl: given.databaseUrl,
      natsUrl: given.natsUrl,
      describe: `using DATABASE_URL=${redact(given.databaseUrl)} and NATS_URL=${given.natsUrl} from the environment`,
      stop: async () => undefined,
    };
  }
  if (!(await containerRuntimeAvailable())) {
    const missing = [!given.databaseUrl && 'DATABASE_URL', !given.natsUrl && 'NATS_URL']
      .filter(Boolean)
      .join(' and ');
    throw new MissingInfraError(
      `The integration tests need PostgreSQL and NATS (with JetStream). ${missing} not set, and no container ` +
        `runtime answered, so testcontainers cannot start them.\n` +
        `Either start Docker, or point the tests at running servers, e.g.\n` +
        `  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test NATS_URL=nats://127.0.0.1:4222 npm test`,
    );
  }
  const stops: (() => Promise<unknown>)[] = [];
  let databaseUrl = given.databaseUrl;
  let natsUrl = given.natsUrl;
  const parts: string[] = [];
  if (!databaseUrl) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:16-alpine').start();
    stops.push(() => pg.stop());
    databaseUrl = pg.getConnectionUri();
    parts.push('PostgreSQL in a container (testcontainers)');
  } else parts.push(`DATABASE_URL=${redact(databaseUrl)}`);
  if (!natsUrl) {
    const { NatsContainer } = await import('@testcontainers/nats');
    const nats = await new NatsContainer('nats:2.10-alpine').withArg('-js', '').start();
    stops.push(() => nats.stop());
    natsUrl = `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`;
    parts.push('NATS in a container (testcontainers)');
  } else parts.push(`NATS_URL=${natsUrl}`);
  return {
    databaseUrl,
    natsUrl,
    describe: `using ${parts.join(' and ')}`,
    stop: async () => {
      await Promise.allSettled(stops.map((s) => s()));
    },
  };
}
