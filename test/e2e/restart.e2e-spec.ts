// A statement accepted before storage and NATS restart is still there afterwards, and the
// parts reconnect on their own. NATS here is a throwaway server of this test's own, so
// restarting it does not disturb anything else on the machine.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { aStatement, type Cluster, freePort, startCluster, waitFor, xapiClient } from '@custos/testing';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type CredentialFactory, credentialFactory } from '../harness/credentials.js';

function findNatsServer(): string | null {
  for (const candidate of ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next place
    }
  }
  try {
    return execFileSync('which', ['nats-server']).toString().trim() || null;
  } catch {
    return null;
  }
}

const natsServer = findNatsServer();
const databaseUrl = inject('databaseUrl');

// Restarting NATS needs a server this test owns; without the binary it cannot do that.
describe.skipIf(!natsServer)('restart of storage and NATS (needs a local nats-server binary)', () => {
  let dir: string;
  let port: number;
  let nats: ChildProcess | undefined;
  let cluster: Cluster;
  let credentials: CredentialFactory;

  const startNats = async () => {
    nats = spawn(natsServer!, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
      stdio: 'ignore',
    });
    await waitFor('nats-server', async () => {
      const nc = await connect({ servers: `nats://127.0.0.1:${port}` });
      await nc.close();
      return true;
    });
  };
  const stopNats = async () => {
    const exited = new Promise((r) => nats!.once('exit', r));
    nats!.kill('SIGTERM');
    await exited;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'custos-nats-'));
    port = await freePort();
    await startNats();
    cluster = await startCluster({ databaseUrl, natsUrl: `nats://127.0.0.1:${port}` });
    credentials = await credentialFactory(databaseUrl);
  });

  afterAll(async () => {
    await cluster?.stop();
    await credentials?.close();
    if (nats && nats.exitCode === null) await stopNats();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps accepted statements and serves them once everything is back', async () => {
    const c = await credentials.create(['all']);
    const xapi = xapiClient(cluster.baseUrl, c.key, c.secret);
    const posted = await xapi.postStatements([aStatement(), aStatement()]);
    expect(posted.status).toBe(200);

    await cluster.processes.get('storage')!.stop();
    await stopNats();
    // While NATS is down the edge cannot reach anything: it must say so, not hang or lie.
    const during = await xapi.getStatements();
    expect(during.status).toBe(503);

    await startNats();
    await cluster.restart('storage');

    for (const id of posted.body) {
      const got = await xapi.getStatements<{ id: string }>({ statementId: id });
      expect(got.status).toBe(200);
      expect(got.body.id).toBe(id);
    }
    const after = await xapi.postStatements(aStatement());
    expect(after.status).toBe(200);
    expect((await xapi.getStatements()).body.statements).toHaveLength(3);
  });
});
