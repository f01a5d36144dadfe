// xAPI Data §2.2–§2.4 and §4 — the statement validation rules an LRS enforces, over real HTTP, for
// both versions. Every invalid row is a valid statement with one thing broken; the LRS must answer
// 400, name the offending property path, and store nothing (each row gets a fresh tenant, which must
// still be empty afterwards).
//
// Citations: "Data §x" is the section of xAPI 1.0.3 Part Two (Data), whose numbering the ADL
// conformance suite also uses for its 2.0.0 battery; rules that exist only in 2.0 also name the
// IEEE 9274.1.1 (xAPI 2.0) section.
import { randomUUID } from 'node:crypto';

import { aLearner, anActivity, aStatement, aVerb, type XapiResponse } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

type Version = '1.0.3' | '2.0.0';
type Json = Record<string, unknown>;

const VERSIONS: Version[] = ['1.0.3', '2.0.0'];
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
const SHA256_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA1_HEX = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';

interface Row {
  /** What is wrong with the statement. */
  rule: string;
  /** The spec section that makes it invalid. */
  cite: string;
  /** The error path the LRS must report. */
  path: string;
  /** Builds the invalid statement (fresh identifiers every time). */
  statement: () => unknown;
  /** Set when the rule applies to one version only. */
  only?: Version;
}

// Valid building blocks; each is used unchanged by a positive control below.
const anAccountAgent = (name = `user-${randomUUID()}`): Json => ({
  objectType: 'Agent',
  account: { homePage: 'https://lms.example.org', name },
});
const anAttachment = (overrides: Json = {}): Json => ({
  usageType: 'http://id.tincanapi.com/attachment/certificate_of_completion',
  display: { 'en-US': 'Certificate' },
  description: { 'en-US': 'Certificate of completion' },
  contentType: 'application/pdf',
  length: 12345,
  sha2: SHA256_HEX,
  fileUrl: 'https://example.org/certificates/1.pdf',
  ...overrides,
});
const aSubStatement = (overrides: Json = {}): Json => ({
  objectType: 'SubStatement',
  actor: aLearner(),
  verb: aVerb('attempted'),
  object: anActivity(),
  ...overrides,
});
const withResult = (result: Json) => aStatement({ result });
const withContext = (context: Json, object: Json = anActivity()) => aStatement({ object, context });
const withDefinition = (definition: Json) =>
  aStatement({ object: { objectType: 'Activity', id: `https://example.org/q/${randomUUID()}`, definition } });
const without = (key: 'actor' | 'verb' | 'object') => {
  const { [key]: _dropped, ...rest } = aStatement();
  return rest;
};
const omit = (obj: Json, key: string): Json => {
  const { [key]: _dropped, ...rest } = obj;
  return rest;
};

const ROWS: Row[] = [
  // Data §2.2 — formatting requirements
  {
    rule: 'a statement without actor',
    cite: 'Data §2.2.s2.b3',
    path: 'statement.actor',
    statement: () => without('actor'),
  },
  {
    rule: 'a statement without verb',
    cite: 'Data §2.2.s2.b3',
    path: 'statement.verb',
    statement: () => without('verb'),
  },
  {
    rule: 'a statement without object',
    cite: 'Data §2.2.s2.b3',
    path: 'statement.object',
    statement: () => without('object'),
  },
  {
    rule: 'an unknown top-level property',
    cite: 'Data §2.2.s4.b1.b7, §2.2.s4.b8',
    path: 'statement.grade',
    statement: () => ({ ...aStatement(), grade: 'A' }),
  },
  {
    rule: 'an unknown property inside result',
    cite: 'Data §2.2.s4.b1.b7, §2.4.5',
    path: 'statement.result.grade',
    statement: () => withResult({ success: true, grade: 'A' }),
  },
  {
    rule: 'a null value outside extensions',
    cite: 'Data §2.2.s4.b1.b1',
    path: 'statement.result.success',
    statement: () => withResult({ success: null }),
  },
  {
    rule: 'a key in the wrong case',
    cite: 'Data §2.2.s4.b1.b5',
    path: 'statement.result.Success',
    statement: () => withResult({ Success: true }),
  },
  {
    rule: 'an enumerated value in the wrong case (objectType "activity")',
    cite: 'Data §2.2.s4.b1.b6, §2.4.4',
    path: 'statement.object.objectType',
    statement: () => aStatement({ object: { ...anActivity(), objectType: 'activity' } }),
  },
  {
    rule: 'verb given as a string',
    cite: 'Data §2.2.s4.b1.b2, §2.4.3',
    path: 'statement.verb',
    statement: () => ({ ...aStatement(), verb: 'http://adlnet.gov/expapi/verbs/completed' }),
  },
  {
    rule: 'actor given as an array',
    cite: 'Data §2.2.s4.b1.b2, §2.4.2',
    path: 'statement.actor',
    statement: () => aStatement({ actor: [aLearner()] as unknown as Json }),
  },

  // Data §2.4.1 and §4.4 — id
  {
    rule: 'an id that is not a UUID',
    cite: 'Data §2.4.1, §4.4',
    path: 'statement.id',
    statement: () => aStatement({ id: 'not-a-uuid' }),
  },

  // Data §2.4.2 — Actor: Agents, Groups, IFIs, accounts
  {
    rule: 'an Agent with two IFIs',
    cite: 'Data §2.4.2.1.s2.b2',
    path: 'statement.actor',
    statement: () => aStatement({ actor: { ...aLearner(), mbox_sha1sum: SHA1_HEX } }),
  },
  {
    rule: 'an Agent without an IFI',
    cite: 'Data §2.4.2.1.s2.b1',
    path: 'statement.actor',
    statement: () => aStatement({ actor: { objectType: 'Agent', name: 'Nobody' } }),
  },
  {
    rule: 'an mbox without "mailto:"',
    cite: 'Data §2.4.2.3 (mbox is a mailto IRI), §2.2.s4.b1.b4',
    path: 'statement.actor.mbox',
    statement: () =>
      aStatement({ actor: { objectType: 'Agent', mbox: `learner-${randomUUID()}@example.org` } }),
  },
  {
    rule: 'an mbox_sha1sum that is not a hex SHA-1',
    cite: 'Data §2.4.2.3, §2.2.s4.b1.b4',
    path: 'statement.actor.mbox_sha1sum',
    statement: () => aStatement({ actor: { objectType: 'Agent', mbox_sha1sum: 'not-a-sha1' } }),
  },
  {
    rule: 'an account without homePage',
    cite: 'Data §2.4.2.4.s2 (homePage required)',
    path: 'statement.actor.account.homePage',
    statement: () => aStatement({ actor: { objectType: 'Agent', account: { name: 'ana' } } }),
  },
  {
    rule: 'an account without name',
    cite: 'Data §2.4.2.4.s2 (name required)',
    path: 'statement.actor.account.name',
    statement: () =>
      aStatement({ actor: { objectType: 'Agent', account: { homePage: 'https://lms.example.org' } } }),
  },
  {
    rule: 'a Group actor without objectType (read as an Agent, "member" is not allowed)',
    cite: 'Data §2.4.2.2.s2 (objectType "Group" required)',
    path: 'statement.actor.member',
    statement: () =>
      aStatement({ actor: { mbox: `mailto:team-${randomUUID()}@example.org`, member: [aLearner()] } }),
  },
  {
    rule: 'a context.team Group without objectType',
    cite: 'Data §2.4.2.2.s2 (objectType "Group" required), §2.4.6 (team is a Group)',
    path: 'statement.context.team.objectType',
    statement: () => withContext({ team: { name: 'Team', member: [aLearner()] } }),
  },
  {
    rule: 'an anonymous Group without member',
    cite: 'Data §2.4.2.2.s4.b1',
    path: 'statement.actor.member',
    statement: () => aStatement({ actor: { objectType: 'Group', name: 'Ad hoc team' } }),
  },
  {
    rule: 'a Group member that is a Group',
    cite: 'Data §2.4.2.2.s4.b2, §2.4.2.2.s5.b2',
    path: 'statement.actor.member[0].objectType',
    statement: () =>
      aStatement({
        actor: {
          objectType: 'Group',
          mbox: `mailto:team-${randomUUID()}@example.org`,
          member: [{ objectType: 'Group', mbox: `mailto:sub-${randomUUID()}@example.org` }],
        },
      }),
  },

  // Data §2.4.3 — Verb
  {
    rule: 'a verb id that is not an IRI (no scheme)',
    cite: 'Data §2.4.3.s3 (id is an IRI), §2.2.s4.b1.b8',
    path: 'statement.verb.id',
    statement: () => aStatement({ verb: { id: 'completed', display: { 'en-US': 'completed' } } }),
  },
  {
    rule: 'a verb display keyed by an invalid language tag',
    cite: 'Data §2.4.3.s3 (display is a language map), §4.2, §2.2.s4.b2',
    path: 'statement.verb.display.en_US',
    statement: () => aStatement({ verb: { id: aVerb().id, display: { en_US: 'completed' } } }),
  },

  // Data §2.4.4 — Object
  {
    rule: 'an Activity id that is not an IRI (no scheme)',
    cite: 'Data §2.4.4.1.s1 (id is an IRI), §2.2.s4.b1.b8',
    path: 'statement.object.id',
    statement: () => aStatement({ object: { objectType: 'Activity', id: 'example.org/activities/1' } }),
  },
  {
    rule: 'an Activity id that is the empty string',
    cite: 'Data §2.2.s4.b1.b4',
    path: 'statement.object.id',
    statement: () => aStatement({ object: { objectType: 'Activity', id: '' } }),
  },
  {
    rule: 'an interactionType not in the spec list',
    cite: 'Data §2.4.4.1.s8, §2.4.4.1.s13.b1',
    path: 'statement.object.definition.interactionType',
    statement: () => withDefinition({ interactionType: 'multiple-choice' }),
  },
  {
    rule: 'choices on a true-false interaction',
    cite: 'Data §2.4.4.1.s15 (component lists per interactionType), §2.4.4.1.s13.b3',
    path: 'statement.object.definition.choices',
    statement: () =>
      withDefinition({
        interactionType: 'true-false',
        choices: [{ id: 'yes', description: { 'en-US': 'Yes' } }],
      }),
  },
  {
    rule: 'a StatementRef whose id is not a UUID',
    cite: 'Data §2.4.4.3.s4.b2',
    path: 'statement.object.id',
    statement: () => aStatement({ object: { objectType: 'StatementRef', id: 'not-a-uuid' } }),
  },
  ...(['id', 'stored', 'version', 'authority'] as const).map((key): Row => ({
    rule: `a SubStatement with "${key}"`,
    cite: 'Data §2.4.4.3.s8.b3',
    path: `statement.object.${key}`,
    statement: () => {
      const valid = {
        id: randomUUID(),
        stored: '2024-05-01T10:00:00.000Z',
        version: '1.0.0',
        authority: anAccountAgent(),
      };
      return aStatement({ object: aSubStatement({ [key]: valid[key] }) });
    },
  })),
  {
    rule: 'a SubStatement nested in a SubStatement',
    cite: 'Data §2.4.4.3.s8.b4',
    path: 'statement.object.object.objectType',
    statement: () => aStatement({ object: aSubStatement({ object: aSubStatement() }) }),
  },

  // Data §2.4.5 — Result and Score
  {
    rule: 'score.scaled above 1',
    cite: 'Data §2.4.5.1.s2 (scaled between -1 and 1)',
    path: 'statement.result.score.scaled',
    statement: () => withResult({ score: { scaled: 1.5 } }),
  },
  {
    rule: 'score.raw above max',
    cite: 'Data §2.4.5.1.s2 (raw between min and max)',
    path: 'statement.result.score.raw',
    statement: () => withResult({ score: { raw: 120, min: 0, max: 100 } }),
  },
  {
    rule: 'score.raw below min',
    cite: 'Data §2.4.5.1.s2 (raw between min and max)',
    path: 'statement.result.score.raw',
    statement: () => withResult({ score: { raw: -5, min: 0, max: 100 } }),
  },
  {
    rule: 'score.min greater than max',
    cite: 'Data §2.4.5.1.s2 (min less than max)',
    path: 'statement.result.score.min',
    statement: () => withResult({ score: { min: 10, max: 5 } }),
  },
  {
    rule: 'a duration that is not ISO 8601',
    cite: 'Data §2.4.5.s2, §4.6.s1.b1',
    path: 'statement.result.duration',
    statement: () => withResult({ duration: '1 hour' }),
  },
  {
    rule: 'a duration in the ISO 8601 alternative format',
    cite: 'Data §4.6.s1.b1 (the alternative format MUST NOT be used)',
    path: 'statement.result.duration',
    statement: () => withResult({ duration: 'P0000-00-00T01:00:00' }),
  },
  {
    rule: 'completion given as a string',
    cite: 'Data §2.4.5.s2 (Boolean), §2.2.s4.b1.b3',
    path: 'statement.result.completion',
    statement: () => withResult({ completion: 'true' }),
  },
  {
    rule: 'an extensions key that is not an IRI',
    cite: 'Data §4.1.s3.b1',
    path: 'statement.result.extensions["not an iri"]',
    statement: () => withResult({ extensions: { 'not an iri': 1 } }),
  },

  // Data §2.4.6 — Context
  {
    rule: 'a registration that is not a UUID',
    cite: 'Data §2.4.6.s3 (registration is a UUID), §4.4',
    path: 'statement.context.registration',
    statement: () => withContext({ registration: 'registration-1' }),
  },
  {
    rule: 'context.revision when the object is an Agent',
    cite: 'Data §2.4.6.s4.b1',
    path: 'statement.context.revision',
    statement: () => withContext({ revision: 'r2' }, aLearner()),
  },
  {
    rule: 'context.platform when the object is a StatementRef',
    cite: 'Data §2.4.6.s4.b2',
    path: 'statement.context.platform',
    statement: () =>
      withContext({ platform: 'Example LMS' }, { objectType: 'StatementRef', id: randomUUID() }),
  },
  {
    rule: 'a contextActivities entry that is an Agent',
    cite: 'Data §2.4.6.2.s4.b2',
    path: 'statement.context.contextActivities.parent[0].objectType',
    statement: () => withContext({ contextActivities: { parent: [aLearner()] } }),
  },
  {
    rule: 'a context extensions key that is not an IRI',
    cite: 'Data §4.1.s3.b1',
    path: 'statement.context.extensions.session',
    statement: () => withContext({ extensions: { session: 42 } }),
  },

  // Data §2.4.7, §2.4.8 and §4.5 — timestamp and stored
  {
    rule: 'a timestamp that is not a date-time (30 February)',
    cite: 'Data §2.4.7.s3.b1, §4.5.s1.b1',
    path: 'statement.timestamp',
    statement: () => aStatement({ timestamp: '2024-02-30T10:00:00.000Z' }),
  },
  {
    rule: 'a stored value that is not a date-time (month 13)',
    cite: 'Data §2.4.8.s3.b1, §4.5.s1.b1',
    path: 'statement.stored',
    statement: () => aStatement({ stored: '2024-13-01T10:00:00.000Z' }),
  },

  // Data §2.4.9 — authority
  {
    rule: 'an authority Group of three Agents',
    cite: 'Data §2.4.9.s3.b1 (a Group with two Agents)',
    path: 'statement.authority.member',
    statement: () =>
      aStatement({
        authority: { objectType: 'Group', member: [anAccountAgent(), anAccountAgent(), anAccountAgent()] },
      }),
  },

  // Data §2.4.10 — version
  ...['0.9', '3.0.0'].map((version): Row => ({
    rule: `statement version "${version}"`,
    cite: 'Data §2.4.10.s3.b2 (2.0: IEEE 9274.1.1 §4.2.4.3)',
    path: 'statement.version',
    statement: () => aStatement({ version }),
  })),
  {
    rule: 'statement version "2.0.0" sent as 1.0.3',
    cite: 'Data §2.4.10.s3.b2 (1.0.3 accepts only 1.0.x)',
    path: 'statement.version',
    statement: () => aStatement({ version: '2.0.0' }),
    only: '1.0.3',
  },

  // Data §2.4.11 — attachment metadata
  ...(['usageType', 'contentType', 'length', 'sha2'] as const).map((key): Row => ({
    rule: `an attachment without ${key}`,
    cite: `Data §2.4.11.s2 (${key} required)`,
    path: `statement.attachments[0].${key}`,
    statement: () => aStatement({ attachments: [omit(anAttachment(), key)] }),
  })),

  // Data §2.3.2 — voiding
  {
    rule: 'a voiding statement whose object is an Activity',
    cite: 'Data §2.3.2.s2.b1',
    path: 'statement.object',
    statement: () => aStatement({ verb: { id: VOIDED, display: { 'en-US': 'voided' } } }),
  },

  // Context participants: defined by 2.0 only
  ...(['contextAgents', 'contextGroups'] as const).map((key): Row => ({
    rule: `context.${key} sent as 1.0.3`,
    cite: 'Data §2.4.6.s3 and §2.2.s4.b1.b7 (1.0.3 has no such property)',
    path: `statement.context.${key}`,
    statement: () =>
      withContext({
        [key]:
          key === 'contextAgents'
            ? [{ objectType: 'contextAgent', agent: aLearner() }]
            : [{ objectType: 'contextGroup', group: { objectType: 'Group', member: [aLearner()] } }],
      }),
    only: '1.0.3',
  })),
  {
    rule: 'a contextAgents entry with objectType other than "contextAgent"',
    cite: 'IEEE 9274.1.1 §4.2.2.5 (contextAgents)',
    path: 'statement.context.contextAgents[0].objectType',
    statement: () => withContext({ contextAgents: [{ objectType: 'Agent', agent: aLearner() }] }),
    only: '2.0.0',
  },
  {
    rule: 'a contextGroups entry whose group is an Agent',
    cite: 'IEEE 9274.1.1 §4.2.2.5 (contextGroups)',
    path: 'statement.context.contextGroups[0].group.objectType',
    statement: () => withContext({ contextGroups: [{ objectType: 'contextGroup', group: aLearner() }] }),
    only: '2.0.0',
  },
  {
    rule: 'an empty relevantTypes',
    cite: 'IEEE 9274.1.1 §4.2.2.5 (relevantTypes)',
    path: 'statement.context.contextAgents[0].relevantTypes',
    statement: () =>
      withContext({ contextAgents: [{ objectType: 'contextAgent', agent: aLearner(), relevantTypes: [] }] }),
    only: '2.0.0',
  },
  {
    rule: 'a relevantTypes entry that is not an IRI',
    cite: 'IEEE 9274.1.1 §4.2.2.5 (relevantTypes)',
    path: 'statement.context.contextAgents[0].relevantTypes[0]',
    statement: () =>
      withContext({
        contextAgents: [{ objectType: 'contextAgent', agent: aLearner(), relevantTypes: ['mentor'] }],
      }),
    only: '2.0.0',
  },
];

interface ErrorBody {
  message: string;
  errors?: { path: string; message: string }[];
}

/** POSTs the body as a fresh tenant, expects a 400 naming `path`, and that the tenant is still empty. */
async function expectRejected(version: Version, body: unknown, path: string): Promise<void> {
  const xapi = await lrs.client({ version });
  const res = (await xapi.postStatements(body)) as unknown as XapiResponse<ErrorBody>;
  expect(res.status, res.text).toBe(400);
  expect(res.body.message).toMatch(/^invalid statement: /);
  expect(
    (res.body.errors ?? []).map((e) => e.path),
    res.text,
  ).toContain(path);
  const stored = await xapi.getStatements();
  expect(stored.status).toBe(200);
  expect(stored.body.statements).toEqual([]);
}

describe.each(VERSIONS)('statement validation with X-Experience-API-Version %s', (version) => {
  describe('rejects an invalid statement with 400, names the property and stores nothing', () => {
    it.each(ROWS.filter((row) => row.only === undefined || row.only === version))(
      '$rule ($cite)',
      async (row) => {
        await expectRejected(version, row.statement(), row.path);
      },
    );
  });

  it('rejects a batch whose last statement alone is invalid, storing none of it (Communication §2.1.2, Data §2.4.3)', async () => {
    const invalid = aStatement({ verb: { id: 'completed', display: { 'en-US': 'completed' } } });
    await expectRejected(version, [aStatement(), aStatement(), invalid], 'statements[2].verb.id');
  });

  it('accepts a fully populated statement and returns every property as sent (Data §2.4)', async () => {
    const xapi = await lrs.client({ version });
    const sent = richStatement(version);
    const posted = await xapi.postStatements(sent);
    expect(posted.status, posted.text).toBe(200);
    expect(posted.body).toEqual([sent.id]);
    const got = await xapi.getStatements<Json>({ statementId: String(sent.id) });
    expect(got.status, got.text).toBe(200);
    for (const [key, value] of Object.entries(sent)) expect(got.body[key], key).toEqual(value);
    expect(Date.parse(String(got.body['stored']))).not.toBeNaN();
    expect(got.body['authority']).toBeDefined();
  });

  it('accepts a SubStatement with its own result, context and attachments (Data §2.4.4.3)', async () => {
    const xapi = await lrs.client({ version });
    const sent = aStatement({
      id: randomUUID(),
      verb: aVerb('planned'),
      object: aSubStatement({
        result: { completion: true },
        context: { registration: randomUUID(), platform: 'Example LMS' },
        timestamp: '2030-01-01T09:00:00.000Z',
        attachments: [anAttachment()],
      }),
    });
    const posted = await xapi.postStatements(sent);
    expect(posted.status, posted.text).toBe(200);
    const got = await xapi.getStatements<Json>({ statementId: sent.id! });
    expect(got.body['object']).toEqual(sent.object);
  });
});

/** A valid statement that uses every property the version defines. */
function richStatement(version: Version): Json & { id: string } {
  const tag = randomUUID();
  const context: Json = {
    registration: randomUUID(),
    instructor: { objectType: 'Agent', name: 'Tutor', mbox_sha1sum: SHA1_HEX },
    team: {
      objectType: 'Group',
      name: 'Team A',
      account: { homePage: 'https://lms.example.org', name: `team-${tag}` },
      member: [aLearner(), { objectType: 'Agent', openid: `https://openid.example.org/${tag}` }],
    },
    contextActivities: {
      parent: [{ objectType: 'Activity', id: `https://example.org/courses/${tag}` }],
      grouping: [{ id: `https://example.org/programmes/${tag}` }],
      category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }],
      other: [anActivity()],
    },
    revision: 'r2',
    platform: 'Example LMS',
    language: 'en-US',
    statement: { objectType: 'StatementRef', id: randomUUID() },
    extensions: { 'https://example.org/ext/session': { nested: [1, null, 'x'] } },
  };
  if (version === '2.0.0') {
    context['contextAgents'] = [
      {
        objectType: 'contextAgent',
        agent: aLearner(),
        relevantTypes: ['https://example.org/types/mentor'],
      },
    ];
    context['contextGroups'] = [
      {
        objectType: 'contextGroup',
        group: { objectType: 'Group', name: 'Cohort', member: [aLearner()] },
        relevantTypes: ['https://example.org/types/cohort'],
      },
    ];
  }
  return {
    id: randomUUID(),
    actor: anAccountAgent(`ana-${tag}`),
    verb: {
      id: 'http://adlnet.gov/expapi/verbs/answered',
      display: { 'en-US': 'answered', 'de-DE': 'beantwortete' },
    },
    object: {
      objectType: 'Activity',
      id: `https://example.org/questions/${tag}`,
      definition: {
        name: { 'en-US': 'Favourite games' },
        description: { 'en-US': 'Which of these do you play?' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        moreInfo: 'https://example.org/questions/info',
        interactionType: 'choice',
        correctResponsesPattern: ['golf[,]tetris'],
        choices: [
          { id: 'golf', description: { 'en-US': 'Golf' } },
          { id: 'tetris', description: { 'en-US': 'Tetris' } },
          { id: 'chess', description: { 'en-US': 'Chess' } },
        ],
        extensions: { 'https://example.org/ext/difficulty': 'hard' },
      },
    },
    result: {
      score: { scaled: 0.85, raw: 85, min: 0, max: 100 },
      success: true,
      completion: true,
      response: 'golf[,]tetris',
      duration: 'PT1M30.5S',
      extensions: { 'https://example.org/ext/attempts': 2 },
    },
    context,
    timestamp: '2024-05-01T10:00:00.123Z',
    attachments: [anAttachment()],
    version: version === '2.0.0' ? '2.0.0' : '1.0.0',
  };
}
