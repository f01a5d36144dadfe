// DESIGN "Access model", fields to redact, in storage over real PostgreSQL, in both run modes (the in-process bus
// of the standalone mode and NATS of the distributed one): a statement read under a redacting policy leaves
// storage without the redacted parts, in the statement and in the SubStatement it carries (Data §2.4.4.3), and
// with neither one's attachment data when `attachments` is redacted.
import 'reflect-metadata';

import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { accessFilterFor, abilityWithPolicies, statementRedactionPlan } from '@custos/authz';
import { MessageBus, MessagingModule, NatsBus } from '@custos/messaging';
import { composeRoot, createLogger, PlatformModule } from '@custos/platform';
import { generateAuditKeySettings, StorageModule } from '@custos/storage';
import { deleteNamespaceStreams, inProcessContext } from '@custos/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const databaseUrl = inject('databaseUrl');
const natsUrl = inject('natsUrl');
const namespace = `t${randomBytes(4).toString('hex')}`;
const logger = createLogger('test', 'silent');
const apps: INestApplicationContext[] = [];
const buses: Partial<Record<'in-process' | 'nats', MessageBus>> = {};
let natsClient: NatsBus | undefined;

beforeAll(async () => {
  const audit = generateAuditKeySettings();
  const standalone = await inProcessContext([StorageModule.forRoot({ databaseUrl, poolSize: 2, audit })]);
  apps.push(standalone);
  buses['in-process'] = standalone.get(MessageBus);
  const distributed = await NestFactory.createApplicationContext(
    composeRoot([
      PlatformModule.forRoot(logger),
      MessagingModule.forRoot({ transport: 'nats', url: natsUrl, namespace, name: 'storage', logger }),
      StorageModule.forRoot({ databaseUrl, poolSize: 2, audit, outboxRelay: false }),
    ]),
    { logger: false, abortOnError: false },
  );
  apps.push(distributed);
  natsClient = await NatsBus.connect({ url: natsUrl, namespace, name: 'test-query', logger });
  buses.nats = natsClient;
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await natsClient?.close();
  await deleteNamespaceStreams(natsUrl, namespace);
});

const essay = Buffer.from('an essay inside the SubStatement');
const sha2 = createHash('sha256').update(essay).digest('hex');

const aStatement = () => ({
  id: randomUUID(),
  actor: { objectType: 'Agent', mbox: `mailto:ana-${randomUUID()}@example.org` },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: {
    objectType: 'SubStatement',
    actor: { objectType: 'Agent', mbox: 'mailto:bob@example.org' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
    object: { objectType: 'Activity', id: 'https://example.org/quiz/1' },
    result: { response: 'inner answer', score: { scaled: 0.3 }, success: true },
    context: { platform: 'inner-lms', instructor: { mbox: 'mailto:tutor@example.org' }, language: 'en' },
    attachments: [
      {
        usageType: 'https://example.org/essay',
        display: { en: 'essay' },
        contentType: 'text/plain',
        length: essay.length,
        sha2,
      },
    ],
  },
  result: { response: 'outer answer', completion: true },
  stored: new Date().toISOString(),
  timestamp: new Date().toISOString(),
  version: '1.0.0',
  authority: { objectType: 'Agent', account: { homePage: 'http://lrs.example', name: 'k' } },
});

describe.each(['in-process', 'nats'] as const)('redaction in storage (%s bus)', (mode) => {
  it('removes the redacted parts from the statement and its SubStatement, and the attachment data', async () => {
    const bus = buses[mode]!;
    const tenantId = `tenant-${randomUUID()}`;
    const statement = aStatement();
    await bus.request('storage.v1.statements.store', {
      tenantId,
      authorityCredentialId: randomUUID(),
      statements: [statement],
      attachments: [{ sha2, contentType: 'text/plain', content: essay.toString('base64') }],
    });
    const read = async (redactFields: string[]) => {
      const ability = abilityWithPolicies(
        { kind: 'credential', tenantId, credentialId: randomUUID(), scopes: [] },
        [
          {
            id: randomUUID(),
            version: 1,
            tenantId,
            lawfulBasis: 'legal-obligation',
            scope: {},
            redactFields,
          },
        ],
      );
      const redaction = statementRedactionPlan(ability.rules);
      return bus.request('storage.v1.statements.read', {
        tenantId,
        accessFilter: accessFilterFor(ability, 'read', 'Statement'),
        ...(redaction && { redaction }),
        query: {
          statementId: statement.id,
          relatedActivities: false,
          relatedAgents: false,
          limit: 1,
          ascending: false,
        },
        audit: { principalId: randomUUID(), action: 'statements.read', query: {} },
        attachments: true,
      });
    };

    const redacted = await read([
      'result.response',
      'result.score',
      'context.platform',
      'context.instructor',
      'attachments',
    ]);
    expect(redacted.statements).toEqual([
      {
        ...statement,
        result: { completion: true },
        object: {
          objectType: 'SubStatement',
          actor: statement.object.actor,
          verb: statement.object.verb,
          object: statement.object.object,
          result: { success: true },
          context: { language: 'en' },
        },
      },
    ]);
    expect(redacted.attachments).toEqual([]);

    // The same read under a policy redacting nothing: whole, with the SubStatement's attachment data.
    const whole = await read([]);
    expect(whole.statements).toEqual([statement]);
    expect(whole.attachments?.map((a) => a.sha2)).toEqual([sha2]);
  });
});
