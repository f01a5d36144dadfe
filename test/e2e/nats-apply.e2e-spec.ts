// `custos nats apply` against the machine's real NATS, as an operator (or the Kubernetes Job) runs it: the built
// command line creates the events stream and both large-payload buckets with their declared settings, a second
// run changes nothing, and a stream a part created on its own (one replica, no age limit, as before this
// command existed) is brought to the declared settings without losing its messages. Against a server with the
// shipped accounts file it runs as storage (as the Kubernetes Job does), may change a bucket's settings, and is
// refused as a part that has no business with the stream.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { eventStreamName, Events } from '@custos/contracts';
import { EVENT_MAX_AGE_MS } from '@custos/messaging';
import { type SecuredNats, startSecuredNats } from '@custos/testing';
import { Objm } from '@nats-io/obj';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const natsUrl = inject('natsUrl');
const CLI = fileURLToPath(new URL('../../bin/custos.js', import.meta.url));

let nc: NatsConnection;
let jsm: JetStreamManager;
const namespaces: string[] = [];

beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  for (const ns of namespaces) {
    for (const stream of [eventStreamName(ns), `OBJ_${ns}-payloads`, `OBJ_${ns}-event-payloads`]) {
      await jsm.streams.delete(stream).catch(() => undefined);
    }
  }
  await nc?.close();
});

const freshNamespace = (): string => {
  const ns = `t${randomBytes(4).toString('hex')}`;
  namespaces.push(ns);
  return ns;
};

interface Applied {
  kind: string;
  name: string;
  action: string;
  changed?: string[];
}

const apply = async (
  namespace: string,
  env: Record<string, string> = { NATS_URL: natsUrl },
): Promise<Applied[]> => {
  const { stdout } = await run('node', [CLI, 'nats', 'apply', '--namespace', namespace, '--replicas', '1'], {
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  return JSON.parse(stdout) as Applied[];
};

/** Each asset's configuration and creation time: what a second run must leave as it was. */
const snapshot = async (namespace: string) =>
  Promise.all(
    [eventStreamName(namespace), `OBJ_${namespace}-payloads`, `OBJ_${namespace}-event-payloads`].map(
      async (name) => {
        const info = await jsm.streams.info(name);
        return { config: info.config, created: info.created };
      },
    ),
  );

describe('custos nats apply', () => {
  it('creates the stream and both buckets, and a second run changes nothing', async () => {
    const ns = freshNamespace();
    const first = await apply(ns);
    expect(first.map((a) => [a.kind, a.name, a.action])).toEqual([
      ['stream', eventStreamName(ns), 'created'],
      ['object store', `${ns}-payloads`, 'created'],
      ['object store', `${ns}-event-payloads`, 'created'],
    ]);
    const stream = (await jsm.streams.info(eventStreamName(ns))).config;
    expect([...stream.subjects].sort()).toEqual(
      Object.keys(Events)
        .map((s) => `${ns}.${s}`)
        .sort(),
    );
    expect(stream.max_age).toBe(nanos(EVENT_MAX_AGE_MS));
    expect(stream.num_replicas).toBe(1);

    const before = await snapshot(ns);
    const second = await apply(ns);
    expect(second.map((a) => a.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await snapshot(ns)).toEqual(before);
  }, 60_000);

  it('brings a stream a part created with other settings to the declared ones, keeping its messages', async () => {
    const ns = freshNamespace();
    const subject = `${ns}.${Object.keys(Events)[0]!}`;
    await jsm.streams.add({ name: eventStreamName(ns), subjects: [subject], storage: 'file' });
    await jetstream(nc).publish(subject, new TextEncoder().encode('{}'));

    const applied = await apply(ns);
    expect(applied[0]).toMatchObject({ name: eventStreamName(ns), action: 'updated' });
    expect(applied[0]!.changed).toEqual(expect.arrayContaining(['subjects', 'max_age', 'description']));
    const info = await jsm.streams.info(eventStreamName(ns));
    expect(info.config.max_age).toBe(nanos(EVENT_MAX_AGE_MS));
    expect(info.state.messages).toBe(1);
    expect((await apply(ns)).map((a) => a.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  }, 60_000);
});

describe('custos nats apply against the shipped NATS permissions', () => {
  let secured: SecuredNats;
  beforeAll(async () => {
    secured = await startSecuredNats();
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('runs as storage, raises a bucket to the declared TTL, and is refused as the gateway', async () => {
    // A bucket a part made earlier with another TTL (storage may create it).
    const asStorage = await connect(secured.as('storage'));
    try {
      await new Objm(jetstream(asStorage)).create('custos-payloads', { ttl: nanos(60 * 60 * 1000) });
    } finally {
      await asStorage.close();
    }
    const applied = await apply('custos', secured.partEnv.storage);
    expect(applied.map((a) => [a.name, a.action])).toEqual([
      ['CUSTOS_EVENTS', 'created'],
      ['custos-payloads', 'updated'],
      ['custos-event-payloads', 'created'],
    ]);
    expect(applied[1]!.changed).toEqual(expect.arrayContaining(['max_age']));
    expect((await apply('custos', secured.partEnv.storage)).map((a) => a.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    // The gateway never touches the events stream (deploy/nats/README.md): the server refuses it.
    await expect(apply('custos', secured.partEnv.gateway)).rejects.toThrow();
  }, 60_000);
});
