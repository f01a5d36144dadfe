// A part's database in Nest (ownedDatabaseModule): TypeOrmModule opens the named DataSource, and shutdown ends
// its pool only after the bus has drained, so a handler still inside its transaction commits and answers.
import { MessageBus } from '@custos/messaging';
import { ownedDatabaseModule } from '@custos/platform';
import { inProcessContext } from '@custos/testing';
import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { expect, inject, it } from 'vitest';

const DB = getDataSourceToken('drain_test');

/** Answers storage's health check from inside a transaction that outlasts the start of shutdown. */
@Injectable()
class SlowWriter implements OnModuleInit {
  started!: Promise<void>;
  constructor(
    private readonly bus: MessageBus,
    @Inject(DB) private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    let begun!: () => void;
    this.started = new Promise((resolve) => (begun = resolve));
    this.bus.serve('storage.v1.health.check', async () => {
      const ok = await this.db.transaction(async (em) => {
        begun();
        await em.query('SELECT pg_sleep(0.3)');
        const rows = await em.query<{ ok: boolean }[]>('SELECT true AS ok');
        return rows[0]?.ok === true;
      });
      return { service: 'storage', ready: ok, checks: { database: ok } };
    });
  }
}

@Module({
  imports: [
    ownedDatabaseModule('drain_test', {
      url: inject('databaseUrl'),
      schema: 'public',
      entities: [],
      migrations: [],
      poolSize: 1,
    }),
  ],
  providers: [SlowWriter],
})
class DrainTestModule {}

it('ends the pool only after the bus has drained its in-flight handlers', async () => {
  const app = await inProcessContext([DrainTestModule]);
  await app.init();
  const db = app.get<DataSource>(DB);
  expect(db.isInitialized).toBe(true);

  const answer = app.get(MessageBus).request('storage.v1.health.check', {});
  await app.get(SlowWriter).started;
  await app.close();

  await expect(answer).resolves.toEqual({ service: 'storage', ready: true, checks: { database: true } });
  expect(db.isInitialized).toBe(false);
});
