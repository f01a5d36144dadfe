// A part's PostgreSQL pool in the metrics: its connections (read at scrape time) and the time of every statement
// it runs, timed in one place — the pool hands out clients whose `query` is timed — whatever repository sent it.
import { dbPoolConnections, dbQueryDuration, secondsSince } from '@custos/telemetry';
import type { FactoryProvider, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

const TIMED = Symbol('custos.timed');

type Query = (...args: unknown[]) => unknown;

/** Wraps a client's `query` once: a promise-returning call is timed; callbacks and streams pass through. */
function timeQueries(client: PoolClient & { [TIMED]?: true }, part: string): void {
  if (client[TIMED]) return;
  client[TIMED] = true;
  const query = (client.query as Query).bind(client);
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const started = performance.now();
    const result = query(...args);
    if (result instanceof Promise) {
      void result.then(
        () => dbQueryDuration.observe({ part, outcome: 'ok' }, secondsSince(started)),
        () => dbQueryDuration.observe({ part, outcome: 'error' }, secondsSince(started)),
      );
    }
    return result;
  };
}

type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, release: () => void) => void;

/** Makes `pool` hand out timed clients, and samples its connection counts; returns how to stop sampling. */
export function instrumentPool(pool: Pool, part: string): () => void {
  const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => Promise<PoolClient> | undefined;
  (pool as unknown as { connect: typeof connect }).connect = (callback?: ConnectCallback) => {
    if (!callback) {
      return connect()!.then((client) => {
        timeQueries(client, part);
        return client;
      });
    }
    return connect((err, client, release) => {
      if (client) timeQueries(client, part);
      callback(err, client, release);
    });
  };
  return dbPoolConnections.sample(() => {
    dbPoolConnections.gauge.set({ part, state: 'total' }, pool.totalCount);
    dbPoolConnections.gauge.set({ part, state: 'idle' }, pool.idleCount);
    dbPoolConnections.gauge.set({ part, state: 'waiting' }, pool.waitingCount);
  });
}

/** The pg Pool under a TypeORM PostgreSQL DataSource (its driver's `master`). */
const poolOf = (ds: DataSource): Pool | undefined => (ds.driver as unknown as { master?: Pool }).master;

/** Instruments the pool of the DataSource named `name` (ownedDatabaseModule) for the part owning `schema`. */
export const databaseMetrics = (name: string, schema: string): FactoryProvider<OnApplicationShutdown> => ({
  provide: Symbol(`metrics of the ${name} database`),
  useFactory: (ds: DataSource): OnApplicationShutdown => {
    const pool = poolOf(ds);
    const stop = pool ? instrumentPool(pool, schema) : () => undefined;
    return { onApplicationShutdown: () => void stop() };
  },
  inject: [getDataSourceToken(name)],
});
