// xAPI 1.0.3 Data §2.4 / Appendix A and IEEE 9274.1.1 §4.2.2 — fully populated valid statements used by
// the unit tests of this library (test-only; not exported from the package).

import type { Statement } from '../types.js';

/** A statement that uses every 1.0.3 property, including an interaction Activity and OAuth authority. */
export function richStatement103(): Statement {
  return {
    id: 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D',
    actor: {
      objectType: 'Group',
      name: 'Team Ann',
      account: { homePage: 'https://lms.example.com', name: 'team-17' },
      member: [
        { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.com' },
        { mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e364975' },
        { openid: 'https://openid.example.org/bob' },
      ],
    },
    verb: {
      id: 'http://adlnet.gov/expapi/verbs/answered',
      display: { 'en-US': 'answered', 'fr-CA': 'a répondu', 'zh-Hans-CN': '回答了' },
    },
    object: {
      objectType: 'Activity',
      id: 'https://example.com/quiz/1/question/3',
      definition: {
        name: { 'en-US': 'Question 3', es: 'Pregunta 3' },
        description: { 'en-US': 'Which of these are prime?' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        moreInfo: 'https://example.com/quiz/1/question/3/info',
        interactionType: 'choice',
        correctResponsesPattern: ['two[,]three', 'three'],
        choices: [
          { id: 'two', description: { 'en-US': '2' } },
          { id: 'three', description: { 'en-US': '3' } },
          { id: 'four', description: { 'en-US': '4' } },
        ],
        extensions: { 'https://example.com/ext/difficulty': { level: 3, tags: ['math', null] } },
      },
    },
    result: {
      score: { scaled: 0.5, raw: 5, min: 0, max: 10 },
      success: true,
      completion: false,
      response: 'two[,]three',
      duration: 'PT1M30.25S',
      extensions: { 'https://example.com/ext/attempt': 2, 'urn:example:nullable': null },
    },
    context: {
      registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
      instructor: { name: 'Prof', account: { homePage: 'https://lms.example.com', name: 'prof-1' } },
      team: { objectType: 'Group', mbox: 'mailto:team@example.com' },
      contextActivities: {
        parent: [{ id: 'https://example.com/quiz/1' }],
        grouping: { objectType: 'Activity', id: 'https://example.com/course/algebra' },
        category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }],
        other: [{ id: 'https://example.com/textbook', definition: { name: { en: 'Textbook' } } }],
      },
      revision: 'r2',
      platform: 'Example LMS',
      language: 'en-US',
      statement: { objectType: 'StatementRef', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' },
      extensions: { 'https://example.com/ext/seat': 'A7' },
    },
    timestamp: '2024-05-01T10:15:30.123+02:00',
    stored: '2024-05-01T08:15:31.000Z',
    authority: {
      objectType: 'Group',
      member: [
        { account: { homePage: 'https://lrs.example.com/OAuth/token', name: 'consumer-key' } },
        { mbox: 'mailto:ann@example.com' },
      ],
    },
    version: '1.0.0',
    attachments: [
      {
        usageType: 'http://adlnet.gov/expapi/attachments/signature',
        display: { 'en-US': 'Signature' },
        description: { 'en-US': 'JWS of the statement' },
        contentType: 'application/octet-stream',
        length: 4235,
        sha2: '672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634',
      },
      {
        usageType: 'https://example.com/attachment-usage/certificate',
        display: { en: 'Certificate' },
        contentType: 'application/pdf',
        length: 0,
        sha2: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        fileUrl: 'https://files.example.com/cert.pdf',
      },
    ],
  };
}

/** The 1.0.3 statement plus the 2.0-only contextAgents and contextGroups, versioned 2.0.0. */
export function richStatement200(): Statement {
  const statement = richStatement103();
  statement.version = '2.0.0';
  statement.context = {
    ...statement.context,
    contextAgents: [
      {
        objectType: 'contextAgent',
        agent: { objectType: 'Agent', mbox: 'mailto:coach@example.com' },
        relevantTypes: ['https://example.com/activity-types/coach'],
      },
      { objectType: 'contextAgent', agent: { mbox: 'mailto:observer@example.com' } },
    ],
    contextGroups: [
      {
        objectType: 'contextGroup',
        group: {
          objectType: 'Group',
          mbox: 'mailto:team-b@example.com',
          member: [{ mbox: 'mailto:carl@example.com' }],
        },
        relevantTypes: ['https://example.com/activity-types/opponent'],
      },
    ],
  };
  return statement;
}

/** A statement whose object is a SubStatement with its own result, context and attachments. */
export function subStatementStatement(): Statement {
  return {
    actor: { mbox: 'mailto:ann@example.com' },
    verb: { id: 'https://example.com/verbs/planned', display: { en: 'planned' } },
    object: {
      objectType: 'SubStatement',
      actor: {
        objectType: 'Group',
        member: [{ mbox: 'mailto:ann@example.com' }, { mbox: 'mailto:bob@example.com' }],
      },
      verb: { id: 'https://example.com/verbs/visit', display: { en: 'will visit' } },
      object: { id: 'https://example.com/website', definition: { name: { en: 'Website' } } },
      result: { completion: true },
      context: {
        instructor: { mbox: 'mailto:prof@example.com' },
        contextActivities: { parent: { id: 'https://example.com/course' } },
        platform: 'Web',
      },
      timestamp: '2030-01-01T00:00:00Z',
      attachments: [
        {
          usageType: 'https://example.com/usage/plan',
          display: { en: 'Plan' },
          contentType: 'text/plain',
          length: 12,
          sha2: 'a'.repeat(64),
        },
      ],
    },
  };
}

/** The smallest valid statement. */
export function minimalStatement(): Statement {
  return {
    actor: { mbox: 'mailto:xapi@adlnet.gov' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/created' },
    object: { id: 'http://example.adlnet.gov/xapi/example/activity' },
  };
}
