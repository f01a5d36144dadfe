// xAPI 1.0.3 Data §2.2–§2.4 and IEEE 9274.1.1 §4.2 — statement validation, one rejection per rule.

import { describe, expect, it } from 'vitest';

import { REMOVE, withValue } from './testing/mutate.js';
import {
  minimalStatement,
  richStatement103,
  richStatement200,
  subStatementStatement,
} from './testing/fixtures.js';
import type { XapiVersion } from './types.js';
import { validateActor, validateStatement, validateStatements } from './validate.js';

type Key = string | number;

describe('validateStatement accepts valid statements', () => {
  it('accepts a fully populated 1.0.3 statement', () => {
    expect(validateStatement(richStatement103(), '1.0.3')).toEqual([]);
  });

  it('accepts a fully populated 2.0 statement with contextAgents and contextGroups', () => {
    expect(validateStatement(richStatement200(), '2.0.0')).toEqual([]);
  });

  it('accepts a 1.0.x statement under the 2.0 rule set', () => {
    expect(validateStatement(richStatement103(), '2.0.0')).toEqual([]);
  });

  it.each<XapiVersion>(['1.0.3', '2.0.0'])(
    'accepts a SubStatement with result, context and attachments (%s)',
    (v) => {
      expect(validateStatement(subStatementStatement(), v)).toEqual([]);
    },
  );

  it('accepts the minimal statement', () => {
    expect(validateStatement(minimalStatement(), '1.0.3')).toEqual([]);
  });

  // prettier-ignore
  const variants: [string, Key[], unknown][] = [
    ['version "1.0" without patch', ['version'], '1.0'],
    ['version "1.0.9"', ['version'], '1.0.9'],
    ['an upper-case UUID id', ['id'], 'AA97B177-9383-4934-8543-0F91A7A02836'],
    ['a future timestamp', ['timestamp'], '2999-01-01T00:00:00Z'],
    ['a basic-format timestamp with +0000', ['timestamp'], '20240501T101530.5+0000'],
    ['a timestamp with microseconds', ['timestamp'], '2024-05-01T10:15:30.123456Z'],
    ['an authority Agent', ['authority'], { mbox: 'mailto:lrs@example.com' }],
    ['an empty extensions map', ['result', 'extensions'], {}],
    ['duration PT1H0M0.1S', ['result', 'duration'], 'PT1H0M0.1S'],
    ['duration P4W', ['result', 'duration'], 'P4W'],
    ['a grandfathered language tag', ['verb', 'display'], { 'i-klingon': 'x', 'sr-Latn-RS': 'y', cmn: 'z' }],
    ['an IRI with non-ASCII characters', ['verb', 'id'], 'http://example.com/فعل/خواندن'],
    ['an empty correctResponsesPattern', ['object', 'definition', 'correctResponsesPattern'], []],
    ['a Group instructor', ['context', 'instructor'], { objectType: 'Group', openid: 'https://id.example.com/g' }],
  ];
  it.each(variants)('accepts %s', (_name, path, value) => {
    expect(validateStatement(withValue(richStatement103(), path, value), '1.0.3')).toEqual([]);
  });

  // Objects other than Activities go on the minimal statement: the rich one has context.revision/platform.
  // prettier-ignore
  const objects: [string, unknown][] = [
    ['an Agent object with objectType', { objectType: 'Agent', mbox: 'mailto:bob@example.com' }],
    ['an anonymous Group object', { objectType: 'Group', member: [{ mbox: 'mailto:b@example.com' }] }],
    ['a StatementRef object', { objectType: 'StatementRef', id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' }],
  ];
  it.each(objects)('accepts %s', (_name, object) => {
    expect(validateStatement(withValue(minimalStatement(), ['object'], object), '1.0.3')).toEqual([]);
  });

  it('accepts a voiding statement whose object is a StatementRef', () => {
    const voiding = {
      actor: { mbox: 'mailto:admin@example.com' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' },
    };
    expect(validateStatement(voiding, '1.0.3')).toEqual([]);
  });

  it('accepts version 2.0.0 only under the 2.0 rule set', () => {
    const statement = withValue(minimalStatement(), ['version'], '2.0.0');
    expect(validateStatement(statement, '2.0.0')).toEqual([]);
    expect(validateStatement(statement, '1.0.3')).toEqual([
      { path: 'statement.version', message: expect.stringMatching(/must start with "1\.0"/) },
    ]);
  });
});

describe('validateStatement rejects each rule violation at its path', () => {
  const rich = richStatement103;
  const minimal = minimalStatement;
  const sub = subStatementStatement;
  // [rule, base, property path, new value (REMOVE deletes), reported path, message fragment]
  // prettier-ignore
  const cases: [string, () => unknown, Key[], unknown, string, RegExp][] = [
    // §2.2 formatting
    ['actor is required', minimal, ['actor'], REMOVE, 'statement.actor', /required property "actor"/],
    ['verb is required', minimal, ['verb'], REMOVE, 'statement.verb', /required property "verb"/],
    ['object is required', minimal, ['object'], REMOVE, 'statement.object', /required property "object"/],
    ['unknown properties', minimal, ['foo'], 1, 'statement.foo', /"foo" is not a property of a Statement/],
    ['keys are case-sensitive', minimal, ['Result'], {}, 'statement.Result', /not a property of a Statement/],
    ['null values', rich, ['result'], null, 'statement.result', /must not be null/],
    ['null inside a language map', rich, ['verb', 'display', 'en-US'], null, 'statement.verb.display["en-US"]', /values must be strings/],
    // §2.4.1 id
    ['id must be a UUID', minimal, ['id'], 'AA97B177-9383-4934-8543-0F91A7A028368', 'statement.id', /UUID in standard string form/],
    ['id hex digits only', minimal, ['id'], 'MA97B177-9383-4934-8543-0F91A7A02836', 'statement.id', /UUID/],
    ['id must be a string', minimal, ['id'], 12345, 'statement.id', /must be a string; got number/],
    // §2.4.7 / §2.4.8 / §4.5 timestamps
    ['timestamp needs a time zone', minimal, ['timestamp'], '2024-05-01T10:00:00', 'statement.timestamp', /time zone/],
    ['timestamp rejects -00:00', minimal, ['timestamp'], '2008-09-15T15:53:00.601-00:00', 'statement.timestamp', /not -00:00/],
    ['timestamp rejects -0000', minimal, ['timestamp'], '2008-09-15T15:53:00.601-0000', 'statement.timestamp', /ISO 8601/],
    ['timestamp rejects -00', minimal, ['timestamp'], '2008-09-15T15:53:00.601-00', 'statement.timestamp', /ISO 8601/],
    ['timestamp must be a date', minimal, ['timestamp'], '01/011/2015', 'statement.timestamp', /ISO 8601/],
    ['timestamp checks the calendar', minimal, ['timestamp'], '2023-02-29T00:00:00Z', 'statement.timestamp', /ISO 8601/],
    ['stored must be a timestamp', minimal, ['stored'], 'yesterday', 'statement.stored', /ISO 8601/],
    // §2.4.10 version
    ['version must start with 1.0', minimal, ['version'], '1.1.0', 'statement.version', /must start with "1\.0"/],
    ['version 0.9.9 is rejected', minimal, ['version'], '0.9.9', 'statement.version', /must start with/],
    ['version must be a string', minimal, ['version'], 1.0, 'statement.version', /must be a string/],
    // §2.4.9 authority
    ['authority Group has two members', rich, ['authority', 'member', 2], { mbox: 'mailto:c@example.com' }, 'statement.authority.member', /exactly two Agents.*found 3/],
    ['authority Group is anonymous', rich, ['authority', 'mbox'], 'mailto:g@example.com', 'statement.authority', /must be anonymous/],
    ['authority must be an Agent or Group', rich, ['authority'], 'me', 'statement.authority', /must be a JSON object; got string/],
    // §2.3.2 voiding
    ['voiding needs a StatementRef', minimal, ['verb', 'id'], 'http://adlnet.gov/expapi/verbs/voided', 'statement.object', /voiding statement .* must have a StatementRef object/],
    // §2.4.2 actor
    ['an Agent has exactly one IFI', minimal, ['actor', 'openid'], 'https://id.example.com/ann', 'statement.actor', /^actor must have exactly one inverse functional identifier \(mbox, mbox_sha1sum, openid, account\); found 2 \(mbox, openid\)$/],
    ['an Agent needs an IFI', minimal, ['actor'], { name: 'Ann' }, 'statement.actor', /exactly one inverse functional identifier.*found 0/],
    ['mbox is a mailto IRI', minimal, ['actor', 'mbox'], 'ann@example.com', 'statement.actor.mbox', /mailto IRI/],
    ['mbox holds an address', minimal, ['actor', 'mbox'], 'mailto:should.fail.com', 'statement.actor.mbox', /mailto IRI/],
    ['mbox is not another IRI', minimal, ['actor', 'mbox'], 'http://should.fail.com', 'statement.actor.mbox', /mailto IRI/],
    ['mbox_sha1sum is 40 hex digits', minimal, ['actor'], { mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e36497' }, 'statement.actor.mbox_sha1sum', /40 hex digits/],
    ['mbox_sha1sum is a string', minimal, ['actor'], { mbox_sha1sum: 42 }, 'statement.actor.mbox_sha1sum', /must be a string/],
    ['openid is a URI', minimal, ['actor'], { openid: 'ab=c://should.fail.com' }, 'statement.actor.openid', /absolute URI/],
    ['account needs a name', minimal, ['actor'], { account: { homePage: 'https://x.example.com' } }, 'statement.actor.account.name', /required property "name"/],
    ['account needs a homePage', minimal, ['actor'], { account: { name: 'n' } }, 'statement.actor.account.homePage', /required property "homePage"/],
    ['account homePage is an IRL', minimal, ['actor'], { account: { homePage: 'ab=c://should.fail.com', name: 'n' } }, 'statement.actor.account.homePage', /IRL/],
    ['account name is a string', minimal, ['actor'], { account: { homePage: 'https://x.example.com', name: { key: 'v' } } }, 'statement.actor.account.name', /must be a string; got object/],
    ['account has no other properties', minimal, ['actor'], { account: { homePage: 'https://x.example.com', name: 'n', id: 1 } }, 'statement.actor.account.id', /not a property of an account/],
    ['actor objectType is case-sensitive', minimal, ['actor', 'objectType'], 'agent', 'statement.actor.objectType', /must be "Agent" or "Group"; got "agent"/],
    ['actor objectType is a string', minimal, ['actor', 'objectType'], 123, 'statement.actor.objectType', /must be "Agent" or "Group"/],
    ['actor name is a string', minimal, ['actor', 'name'], 123, 'statement.actor.name', /must be a string; got number/],
    ['an Agent has no member list', minimal, ['actor', 'member'], [], 'statement.actor.member', /not a property of an Agent/],
    ['an anonymous Group lists members', rich, ['actor'], { objectType: 'Group', name: 'x' }, 'statement.actor.member', /anonymous Group .* must list its Agents/],
    ['an anonymous Group has at least one member', rich, ['actor'], { objectType: 'Group', member: [] }, 'statement.actor.member', /at least one Agent/],
    ['an identified Group has one IFI', rich, ['actor', 'mbox'], 'mailto:t@example.com', 'statement.actor', /at most one inverse functional identifier.*found 2 \(mbox, account\)/],
    ['Groups do not nest', rich, ['actor', 'member', 0], { objectType: 'Group', mbox: 'mailto:g@example.com' }, 'statement.actor.member[0].objectType', /Groups cannot be nested/],
    ['members are valid Agents', rich, ['actor', 'member', 1], { name: 'no ifi' }, 'statement.actor.member[1]', /group member must have exactly one inverse functional identifier/],
    // §2.4.3 verb
    ['verb needs an id', minimal, ['verb'], { display: { en: 'x' } }, 'statement.verb.id', /required property "id"/],
    ['verb id is an IRI', minimal, ['verb', 'id'], 'attended', 'statement.verb.id', /absolute IRI/],
    ['verb id is not empty', minimal, ['verb', 'id'], '', 'statement.verb.id', /absolute IRI/],
    ['verb display keys are RFC 5646', rich, ['verb', 'display', 'en-something-AU'], 'x', 'statement.verb.display["en-something-AU"]', /RFC 5646/],
    ['verb display is a language map', rich, ['verb', 'display'], 'answered', 'statement.verb.display', /language map\) must be a JSON object/,
    ],
    // §2.4.4 object
    ['object objectType is case-sensitive', minimal, ['object', 'objectType'], 'activity', 'statement.object.objectType', /one of Activity, Agent, Group, StatementRef, SubStatement/],
    ['an Activity needs an id', minimal, ['object'], { objectType: 'Activity' }, 'statement.object.id', /required property "id"/],
    ['an Activity id is an IRI', minimal, ['object', 'id'], 'not an iri', 'statement.object.id', /absolute IRI/],
    ['an Agent object needs objectType', minimal, ['object'], { mbox: 'mailto:bob@example.com' }, 'statement.object.objectType', /required when the object is an Agent or Group/],
    ['a StatementRef needs an id', minimal, ['object'], { objectType: 'StatementRef' }, 'statement.object.id', /required property "id"/],
    ['a StatementRef id is a UUID', minimal, ['object'], { objectType: 'StatementRef', id: 'should fail' }, 'statement.object.id', /UUID/],
    ['a StatementRef has only objectType and id', minimal, ['object'], { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0', definition: {} }, 'statement.object.definition', /not a property of a StatementRef/],
    // §2.4.4.1 activity definition
    ['interactionType is an enumerated value', rich, ['object', 'definition', 'interactionType'], 'Choice', 'statement.object.definition.interactionType', /one of true-false, .* \(case-sensitive\); got "Choice"/],
    ['component lists follow the interactionType', rich, ['object', 'definition', 'interactionType'], 'true-false', 'statement.object.definition.choices', /"true-false" does not support choices; it allows no component lists/],
    ['matching allows only source and target', rich, ['object', 'definition', 'interactionType'], 'matching', 'statement.object.definition.choices', /allows only source and target/],
    ['correctResponsesPattern needs an interaction', minimal, ['object', 'definition'], { correctResponsesPattern: ['a'] }, 'statement.object.definition.correctResponsesPattern', /only allowed on interaction Activities/],
    ['correctResponsesPattern holds strings', rich, ['object', 'definition', 'correctResponsesPattern', 1], 3, 'statement.object.definition.correctResponsesPattern[1]', /must be a string; got number/],
    ['interaction component ids are distinct', rich, ['object', 'definition', 'choices', 2, 'id'], 'two', 'statement.object.definition.choices[2].id', /distinct within choices; "two" repeats choices\[0\]/],
    ['interaction components need an id', rich, ['object', 'definition', 'choices', 0], { description: { en: 'x' } }, 'statement.object.definition.choices[0].id', /required property "id"/],
    ['definition type is an IRI', rich, ['object', 'definition', 'type'], 'cmi.interaction', 'statement.object.definition.type', /absolute IRI/],
    ['definition moreInfo is an IRL', rich, ['object', 'definition', 'moreInfo'], 'urn:example:info', 'statement.object.definition.moreInfo', /IRL/],
    ['definition has no other properties', rich, ['object', 'definition', 'title'], 'x', 'statement.object.definition.title', /not a property of an Activity Definition/],
    ['definition name is a language map', rich, ['object', 'definition', 'name', 'zh-something-ccc'], 'x', 'statement.object.definition.name["zh-something-ccc"]', /RFC 5646/],
    // §4.1 extensions
    ['extension keys are IRIs', rich, ['result', 'extensions', 'attempt'], 2, 'statement.result.extensions.attempt', /extension keys must be absolute IRIs/],
    ['extensions are an object', rich, ['context', 'extensions'], 'x', 'statement.context.extensions', /extensions must be a JSON object; got string/],
    // §2.4.5 result
    ['success is a boolean', rich, ['result', 'success'], 'true', 'statement.result.success', /JSON boolean/],
    ['completion is a boolean', rich, ['result', 'completion'], 'false', 'statement.result.completion', /JSON boolean/],
    ['response is a string', rich, ['result', 'response'], 12345, 'statement.result.response', /must be a string/],
    ['duration is ISO 8601', rich, ['result', 'duration'], 'PA1H0M0S', 'statement.result.duration', /ISO 8601 duration/],
    ['weeks do not combine', rich, ['result', 'duration'], 'P4W1D', 'statement.result.duration', /ISO 8601 duration/],
    ['score is an object', rich, ['result', 'score'], 12345, 'statement.result.score', /must be a JSON object/],
    ['score values are numbers', rich, ['result', 'score', 'raw'], '5', 'statement.result.score.raw', /JSON number/],
    ['scaled is at most 1', rich, ['result', 'score', 'scaled'], 1.01, 'statement.result.score.scaled', /between -1 and 1/],
    ['scaled is at least -1', rich, ['result', 'score', 'scaled'], -1.00001, 'statement.result.score.scaled', /between -1 and 1/],
    ['min is less than max', rich, ['result', 'score', 'min'], 10, 'statement.result.score.min', /less than score.max/],
    ['raw is not below min', rich, ['result', 'score', 'raw'], -1, 'statement.result.score.raw', /not be below score.min/],
    ['raw is not above max', rich, ['result', 'score', 'raw'], 10.5, 'statement.result.score.raw', /not be above score.max/],
    ['score has no other properties', rich, ['result', 'score', 'percent'], 50, 'statement.result.score.percent', /not a property of a Score/],
    // §2.4.6 context
    ['registration is a UUID', rich, ['context', 'registration'], 'should fail', 'statement.context.registration', /UUID/],
    ['team is a Group', rich, ['context', 'team'], { mbox: 'mailto:t@example.com' }, 'statement.context.team.objectType', /context.team must have objectType "Group"/],
    ['team objectType Agent is rejected', rich, ['context', 'team', 'objectType'], 'Agent', 'statement.context.team.objectType', /must be a Group/],
    ['instructor is an Agent or Group', rich, ['context', 'instructor'], { key: 'should fail' }, 'statement.context.instructor.key', /not a property of an Agent/],
    ['contextActivities keys are the four types', rich, ['context', 'contextActivities', 'consequences'], [], 'statement.context.contextActivities.consequences', /not a property of contextActivities/],
    ['contextActivities values are Activities', rich, ['context', 'contextActivities', 'parent'], 'quiz', 'statement.context.contextActivities.parent', /an Activity or an array of Activities; got string/],
    ['contextActivities entries are valid Activities', rich, ['context', 'contextActivities', 'parent', 0, 'id'], 'nope', 'statement.context.contextActivities.parent[0].id', /absolute IRI/],
    ['revision only with an Activity object', rich, ['object'], { objectType: 'Agent', mbox: 'mailto:b@example.com' }, 'statement.context.revision', /only allowed when the statement's object is an Activity/],
    ['platform only with an Activity object', rich, ['object'], { objectType: 'StatementRef', id: 'e05aa883-acaf-40ad-bf54-02c8ce485fb0' }, 'statement.context.platform', /only allowed when/],
    ['revision is a string', rich, ['context', 'revision'], 2, 'statement.context.revision', /must be a string/],
    ['context.language is RFC 5646', rich, ['context', 'language'], 'something', 'statement.context.language', /RFC 5646/],
    ['context.statement is a StatementRef', rich, ['context', 'statement', 'objectType'], 'Activity', 'statement.context.statement.objectType', /must be "StatementRef"/],
    ['contextAgents is 2.0-only', rich, ['context', 'contextAgents'], [], 'statement.context.contextAgents', /defined only by xAPI 2\.0/],
    ['contextGroups is 2.0-only', rich, ['context', 'contextGroups'], [], 'statement.context.contextGroups', /defined only by xAPI 2\.0/],
    // §2.4.11 attachments
    ['attachments are an array', rich, ['attachments'], {}, 'statement.attachments', /must be a JSON array/],
    ['attachments need sha2', rich, ['attachments', 1, 'sha2'], REMOVE, 'statement.attachments[1].sha2', /required property "sha2"/],
    ['attachments need display', rich, ['attachments', 1, 'display'], REMOVE, 'statement.attachments[1].display', /required property "display"/],
    ['attachment length is a non-negative integer', rich, ['attachments', 1, 'length'], -1, 'statement.attachments[1].length', /non-negative JSON integer/],
    ['attachment length is an integer', rich, ['attachments', 1, 'length'], 1.5, 'statement.attachments[1].length', /non-negative JSON integer/],
    ['attachment sha2 is a SHA-2 hex digest', rich, ['attachments', 1, 'sha2'], 'abc', 'statement.attachments[1].sha2', /hex SHA-2 digest/],
    ['attachment contentType is a media type', rich, ['attachments', 1, 'contentType'], 'pdf', 'statement.attachments[1].contentType', /Internet media type/],
    ['signature attachments are octet-stream', rich, ['attachments', 0, 'contentType'], 'application/jose', 'statement.attachments[0].contentType', /signature attachment .* application\/octet-stream/],
    ['attachment fileUrl is an IRL', rich, ['attachments', 1, 'fileUrl'], 'cert.pdf', 'statement.attachments[1].fileUrl', /IRL/],
    ['attachment usageType is an IRI', rich, ['attachments', 1, 'usageType'], 'certificate', 'statement.attachments[1].usageType', /absolute IRI/],
    // §2.4.4.3 SubStatement
    ['a SubStatement has no id', sub, ['object', 'id'], 'e05aa883-acaf-40ad-bf54-02c8ce485fb0', 'statement.object.id', /a SubStatement must not have "id"/],
    ['a SubStatement has no stored', sub, ['object', 'stored'], '2024-01-01T00:00:00Z', 'statement.object.stored', /must not have "stored"/],
    ['a SubStatement has no version', sub, ['object', 'version'], '1.0.0', 'statement.object.version', /must not have "version"/],
    ['a SubStatement has no authority', sub, ['object', 'authority'], { mbox: 'mailto:a@example.com' }, 'statement.object.authority', /must not have "authority"/],
    ['SubStatements do not nest', sub, ['object', 'object'], { objectType: 'SubStatement', actor: { mbox: 'mailto:a@example.com' }, verb: { id: 'https://e.com/v' }, object: { id: 'https://e.com/a' } }, 'statement.object.object.objectType', /must not contain another SubStatement/],
    ['a SubStatement needs a verb', sub, ['object', 'verb'], REMOVE, 'statement.object.verb', /SubStatement must have the required property "verb"/],
    ['a SubStatement timestamp is validated', sub, ['object', 'timestamp'], 'should fail', 'statement.object.timestamp', /ISO 8601/],
    ['SubStatement context obeys the Activity rule', sub, ['object', 'object'], { objectType: 'Agent', mbox: 'mailto:b@example.com' }, 'statement.object.context.platform', /only allowed when/],
    ['SubStatement verb display is validated', sub, ['object', 'verb', 'display'], { 's-something': 'x' }, 'statement.object.verb.display["s-something"]', /RFC 5646/],
    ['SubStatement objectType is case-sensitive', sub, ['object', 'objectType'], 'substatement', 'statement.object.objectType', /one of Activity/],
  ];

  it.each(cases)('%s', (_rule, base, path, value, expectedPath, message) => {
    const errors = validateStatement(withValue(base(), path, value), '1.0.3');
    expect(errors).toContainEqual({ path: expectedPath, message: expect.stringMatching(message) });
  });

  it('rejects a statement that is not an object', () => {
    expect(validateStatement([minimalStatement()], '1.0.3')).toEqual([
      { path: 'statement', message: 'a Statement must be a JSON object; got array' },
    ]);
  });

  it('reports every problem, not only the first', () => {
    const statement = {
      actor: { mbox: 'ann@example.com' },
      verb: { id: 'x' },
      object: { id: 'y' },
      extra: true,
    };
    expect(validateStatement(statement, '1.0.3').map((e) => e.path)).toEqual([
      'statement.extra',
      'statement.actor.mbox',
      'statement.verb.id',
      'statement.object.id',
    ]);
  });

  it('does not reject null values inside extensions', () => {
    const statement = withValue(minimalStatement(), ['result'], { extensions: { 'https://e.com/x': null } });
    expect(validateStatement(statement, '1.0.3')).toEqual([]);
  });
});

describe('validateStatement — xAPI 2.0 context rules', () => {
  const rich = richStatement200;
  // prettier-ignore
  const cases: [string, Key[], unknown, string, RegExp][] = [
    ['contextAgents is an array', ['context', 'contextAgents'], {}, 'statement.context.contextAgents', /must be a JSON array/],
    ['contextAgent objectType', ['context', 'contextAgents', 0, 'objectType'], 'Should fail', 'statement.context.contextAgents[0].objectType', /must be "contextAgent"/],
    ['contextAgent needs an agent', ['context', 'contextAgents', 0, 'agent'], REMOVE, 'statement.context.contextAgents[0].agent', /required property "agent"/],
    ['contextAgent agent is valid', ['context', 'contextAgents', 0, 'agent'], { key: 'Should fail' }, 'statement.context.contextAgents[0].agent.key', /not a property of an Agent/],
    ['contextAgent agent is not a Group', ['context', 'contextAgents', 0, 'agent'], { objectType: 'Group', mbox: 'mailto:g@example.com' }, 'statement.context.contextAgents[0].agent.objectType', /must be an Agent, not a Group/],
    ['relevantTypes is not empty', ['context', 'contextAgents', 0, 'relevantTypes'], [], 'statement.context.contextAgents[0].relevantTypes', /at least one IRI/],
    ['relevantTypes holds IRIs', ['context', 'contextAgents', 0, 'relevantTypes'], ['abc'], 'statement.context.contextAgents[0].relevantTypes[0]', /absolute IRI/],
    ['contextGroup objectType', ['context', 'contextGroups', 0, 'objectType'], 'contextAgent', 'statement.context.contextGroups[0].objectType', /must be "contextGroup"/],
    ['contextGroup group is a Group', ['context', 'contextGroups', 0, 'group'], { mbox: 'mailto:g@example.com' }, 'statement.context.contextGroups[0].group.objectType', /must have objectType "Group"/],
    ['contextGroup has no member list of its own', ['context', 'contextGroups', 0, 'member'], [], 'statement.context.contextGroups[0].member', /not a property of a contextGroup object/],
    ['version must start with 1.0 or 2.0', ['version'], '3.0.0', 'statement.version', /start with "1\.0" or "2\.0"/],
    ['timestamp rejects -00:00 under 2.0 too', ['timestamp'], '2008-09-15T15:53:00.601-00:00', 'statement.timestamp', /ISO 8601/],
  ];

  it.each(cases)('%s', (_rule, path, value, expectedPath, message) => {
    const errors = validateStatement(withValue(rich(), path, value), '2.0.0');
    expect(errors).toContainEqual({ path: expectedPath, message: expect.stringMatching(message) });
  });

  it('rejects the 2.0 statement under the 1.0.3 rule set', () => {
    expect(validateStatement(richStatement200(), '1.0.3').map((e) => e.path)).toEqual([
      'statement.context.contextAgents',
      'statement.context.contextGroups',
      'statement.version',
    ]);
  });

  it('accepts a single contextActivity object under 2.0 (conformance suite)', () => {
    const statement = withValue(minimalStatement(), ['context'], {
      contextActivities: { category: { id: 'https://example.com/profile' } },
    });
    expect(validateStatement(statement, '2.0.0')).toEqual([]);
  });
});

describe('validateStatements', () => {
  it('accepts an empty array as zero statements', () => {
    expect(validateStatements([], '1.0.3')).toEqual({ ok: true, statements: [] });
  });

  it('accepts a single statement and returns it in an array', () => {
    const statement = minimalStatement();
    expect(validateStatements(statement, '1.0.3')).toEqual({ ok: true, statements: [statement] });
  });

  it('locates errors in a batch by index', () => {
    const batch = [minimalStatement(), withValue(minimalStatement(), ['actor', 'mbox'], 'nope')];
    expect(validateStatements(batch, '1.0.3')).toEqual({
      ok: false,
      errors: [{ path: 'statements[1].actor.mbox', message: expect.stringMatching(/mailto IRI/) }],
    });
  });

  it('locates errors in a single statement under "statement"', () => {
    const result = validateStatements(withValue(minimalStatement(), ['verb', 'id'], 'x'), '1.0.3');
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'statement.verb.id', message: expect.any(String) }],
    });
  });

  it.each([
    ['a string', 'statement'],
    ['a number', 42],
    ['null', null],
  ])('rejects %s as body', (_name, body) => {
    expect(validateStatements(body, '1.0.3')).toEqual({
      ok: false,
      errors: [
        { path: 'body', message: expect.stringMatching(/Statement object or an array of Statements/) },
      ],
    });
  });

  it('rejects non-object entries of a batch', () => {
    const result = validateStatements([minimalStatement(), 'x'], '1.0.3');
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'statements[1]', message: expect.stringMatching(/JSON object/) }],
    });
  });

  it('rejects a batch that repeats an id (case-insensitively)', () => {
    const id = 'e05aa883-acaf-40ad-bf54-02c8ce485fb0';
    const batch = [
      withValue(minimalStatement(), ['id'], id),
      minimalStatement(),
      withValue(minimalStatement(), ['id'], id.toUpperCase()),
    ];
    expect(validateStatements(batch, '1.0.3')).toEqual({
      ok: false,
      errors: [{ path: 'statements[2].id', message: expect.stringMatching(/repeats statements\[0\]\.id/) }],
    });
  });

  describe('for PUT (statementId option)', () => {
    const id = 'e05aa883-acaf-40ad-bf54-02c8ce485fb0';

    it('accepts a statement without id or with the same id in another case', () => {
      expect(validateStatements(minimalStatement(), '1.0.3', { statementId: id }).ok).toBe(true);
      const same = withValue(minimalStatement(), ['id'], id.toUpperCase());
      expect(validateStatements(same, '1.0.3', { statementId: id }).ok).toBe(true);
    });

    it('rejects a statement whose id differs from statementId', () => {
      const other = withValue(minimalStatement(), ['id'], '6690e6c9-3ef0-4ed3-8b37-7f3964730bee');
      expect(validateStatements(other, '1.0.3', { statementId: id })).toEqual({
        ok: false,
        errors: [
          { path: 'statement.id', message: expect.stringMatching(/must match the statementId parameter/) },
        ],
      });
    });

    it('rejects an array body and a malformed statementId', () => {
      expect(validateStatements([minimalStatement()], '1.0.3', { statementId: id })).toMatchObject({
        ok: false,
        errors: [{ path: 'body' }],
      });
      expect(validateStatements(minimalStatement(), '1.0.3', { statementId: 'nope' })).toMatchObject({
        ok: false,
        errors: [{ path: 'statementId' }],
      });
    });
  });
});

describe('validateActor', () => {
  it('accepts an Agent and an identified Group', () => {
    expect(validateActor({ mbox: 'mailto:ann@example.com' })).toEqual([]);
    expect(
      validateActor({ objectType: 'Group', account: { homePage: 'https://a.example.com', name: 'g' } }),
    ).toEqual([]);
  });

  it('rejects an anonymous Group, which has nothing to match on', () => {
    const errors = validateActor({ objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] });
    expect(errors).toEqual([
      { path: 'agent', message: expect.stringMatching(/anonymous Group cannot be matched/) },
    ]);
  });

  it('reports paths under the given root', () => {
    expect(validateActor({ mbox: 'x' }, 'agent')).toEqual([
      { path: 'agent.mbox', message: expect.stringMatching(/mailto/) },
    ]);
  });
});
