// The NATS permissions of each part, derived from the callers table (libs/contracts/src/callers.ts): a part may
// publish only the requests it calls and the events it owns, subscribe only to the requests it owns (in its
// queue group) and its own reply inbox, answer what it was asked (allow_responses), and use only the JetStream
// API of the events stream, its own durable consumers and the large-payload buckets it needs. Everything else
// is refused by the server. deploy/nats/accounts-custos.conf is this module's output for namespace "custos"
// (`custos nats-config`), and test/deploy keeps the two equal.
import {
  Callers,
  Consumers,
  durableConsumerOf,
  eventStreamName,
  Events,
  type EventSubject,
  owningService,
  type Part,
  PARTS,
  type RequestSubject,
} from '@custos/contracts';

import { payloadBucketName } from './large-payloads.js';
import { inboxPrefixOf } from './nats-connection.js';

export interface PartPermissions {
  publish: string[];
  subscribe: string[];
  /** The part answers requests: it may publish to the reply subject of each request it received, once. */
  allowResponses: boolean;
}

const requestSubjects = Object.keys(Callers) as RequestSubject[];
const eventSubjects = Object.keys(Events) as EventSubject[];

/**
 * The JetStream API subjects that open (and, on a fresh server, create) an object store bucket and use it;
 * `manage` adds changing its settings (replicas, TTL), what `custos nats apply` does with storage's identity.
 */
function bucketApi(bucket: string, manage = false): string[] {
  const stream = `OBJ_${bucket}`;
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.CREATE.${stream}`,
    ...(manage ? [`$JS.API.STREAM.UPDATE.${stream}`] : []),
    // Putting an object: its chunks and its metadata; deleting one purges its chunks and marks the metadata.
    `$O.${bucket}.>`,
    `$JS.API.STREAM.PURGE.${stream}`,
    // Reading an object: its metadata, then its chunks through an ordered consumer that pushes them to the
    // reader's inbox and asks it to confirm it keeps up (flow control). The consumer is ephemeral: the server
    // removes it, the client never deletes it.
    `$JS.API.STREAM.MSG.GET.${stream}`,
    // A bucket created beforehand with direct reads on (`nats object add` may) is read this way instead.
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.FC.${stream}.>`,
  ];
}

/** The events `part` publishes (those it owns). */
export const eventsPublishedBy = (part: Part): EventSubject[] =>
  eventSubjects.filter((e) => owningService(e) === part);

/** The events `part` consumes. */
export const eventsConsumedBy = (part: Part): EventSubject[] =>
  eventSubjects.filter((e) => (Consumers[e] as readonly Part[]).includes(part));

/** Does `part` touch the events stream at all? Only those that do may look at it or create it. */
export const usesEventStream = (part: Part): boolean =>
  eventsPublishedBy(part).length + eventsConsumedBy(part).length > 0;

/** What `part` may do on the bus of `namespace`. */
export function partPermissions(namespace: string, part: Part): PartPermissions {
  const ns = (subject: string): string => `${namespace}.${subject}`;
  const stream = eventStreamName(namespace);
  const owns = (subject: RequestSubject | EventSubject): boolean => owningService(subject) === part;
  const consumed = eventsConsumedBy(part);
  const published = eventsPublishedBy(part);
  const served = requestSubjects.filter(owns);

  const publish = [
    ...requestSubjects.filter((s) => (Callers[s] as readonly Part[]).includes(part)).map(ns),
    ...published.map(ns),
    // The client asks for the account's JetStream limits before it uses JetStream at all.
    '$JS.API.INFO',
    // A part that publishes or consumes events checks the stream when it connects, and creates it (or sets its
    // subjects) if needed; the others never touch it.
    ...(usesEventStream(part)
      ? [
          `$JS.API.STREAM.INFO.${stream}`,
          `$JS.API.STREAM.CREATE.${stream}`,
          `$JS.API.STREAM.UPDATE.${stream}`,
        ]
      : []),
    ...consumed.flatMap((event) => {
      const durable = durableConsumerOf(part, event)!;
      return [
        `$JS.API.CONSUMER.CREATE.${stream}.${durable}.${ns(event)}`,
        `$JS.API.CONSUMER.INFO.${stream}.${durable}`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`,
        `$JS.ACK.${stream}.${durable}.>`,
      ];
    }),
    // Every request and reply may be large; events only for the parts that publish or consume them.
    // The parts that may change the events stream may change the buckets' settings too (`custos nats apply`).
    ...bucketApi(payloadBucketName(namespace, 'transient'), usesEventStream(part)),
    ...(usesEventStream(part) ? bucketApi(payloadBucketName(namespace, 'event'), true) : []),
  ];
  const subscribe = [
    // In the part's queue group only, so a second subscriber of the same identity shares the work, never spies.
    ...served.map((s) => `${ns(s)} ${namespace}.${part}`),
    `${inboxPrefixOf({ namespace, part })}.>`,
  ];
  return { publish, subscribe, allowResponses: served.length > 0 };
}

export type NatsAuthMethod = 'nkey' | 'password';

/** The environment variable nats-server reads a part's public NKey (or password) from. */
export const serverCredentialVariable = (namespace: string, part: Part, method: NatsAuthMethod): string =>
  `${namespace.toUpperCase().replace(/-/g, '_')}_NATS_${part.toUpperCase()}_${method === 'nkey' ? 'NKEY' : 'PASSWORD'}`;

/** The NATS account holding a namespace's users and JetStream assets. */
export const natsAccountName = (namespace: string): string => namespace.toUpperCase().replace(/-/g, '_');

const quote = (s: string): string => JSON.stringify(s);
const list = (items: string[], indent: string): string =>
  `[\n${items.map((i) => `${indent}  ${quote(i)}`).join('\n')}\n${indent}]`;

/** The nats-server include file with a namespace's account and one user per part. */
export function natsAccountsConfig(namespace: string, method: NatsAuthMethod = 'nkey'): string {
  const account = natsAccountName(namespace);
  const users = PARTS.map((part) => {
    const p = partPermissions(namespace, part);
    const variable = serverCredentialVariable(namespace, part, method);
    const identity =
      method === 'nkey'
        ? `nkey: $${variable}`
        : `user: ${quote(`${namespace}-${part}`)}\n        password: $${variable}`;
    return [
      `      # ${part}`,
      `      {`,
      `        ${identity}`,
      `        permissions: {`,
      `          publish: { allow: ${list(p.publish, '          ')} }`,
      `          subscribe: { allow: ${list(p.subscribe, '          ')} }`,
      ...(p.allowResponses ? [`          allow_responses: true`] : []),
      `        }`,
      `      }`,
    ].join('\n');
  });
  const how =
    method === 'nkey'
      ? 'its public NKey (`custos nats-keys` makes each\n# part a seed and prints the public keys for here)'
      : 'its password (plain, or\n# a bcrypt hash: `nats server passwd`)';
  return [
    `# GENERATED by \`custos nats-config --namespace ${namespace}${method === 'nkey' ? '' : ` --auth ${method}`}\``,
    '# from libs/contracts/src/callers.ts: do not edit; regenerate (test/deploy checks it is in step).',
    `# Account ${account}: the Custos installation with CUSTOS_NAMESPACE=${namespace}. Each part is a user that may`,
    '# publish and subscribe only what it owns or calls (deploy/nats/README.md). nats-server reads each user',
    `# credential from the environment, ${how}:`,
    ...PARTS.map((part) => `#   ${serverCredentialVariable(namespace, part, method)}`),
    '# A variable that is not set stops the server from starting; no connection is accepted without credentials.',
    'accounts {',
    `  ${account}: {`,
    '    jetstream: enabled',
    '    users: [',
    users.join('\n'),
    '    ]',
    '  }',
    '}',
    '',
  ].join('\n');
}
