// The statements the bench writes: what a SCORM course wrapped for xAPI sends (the ADL SCORM
// profile), about 1.2 KB of JSON each — a learner's account, an interaction with its definition,
// a scored result with duration, the registration and the course/SCO/profile context activities,
// and the extensions an LMS adds. aStatement() (libs/testing) is ~250 bytes, too small to weigh
// what a real write costs. Pure, no I/O.
import { randomUUID } from 'node:crypto';

const LMS = 'https://lms.example.org';
const SCORM_PROFILE = 'https://w3id.org/xapi/scorm';

export interface ScormStatement {
  id: string;
  actor: Record<string, unknown>;
  verb: { id: string; display: Record<string, string> };
  object: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Statement `n` of learner `learner` in course `course`: an answered interaction of one of 20 SCOs,
 * with a fresh id (so writes never collide) and a registration per learner and course.
 */
export function aScormStatement(learner = 0, course = 0, n = 0): ScormStatement {
  const sco = n % 20;
  const raw = (n * 37 + learner) % 101;
  const courseIri = `${LMS}/courses/${course}`;
  return {
    id: randomUUID(),
    actor: {
      objectType: 'Agent',
      name: `Learner ${learner}`,
      account: { homePage: LMS, name: `learner-${learner}` },
    },
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
    object: {
      objectType: 'Activity',
      id: `${courseIri}/scos/${sco}/interactions/q${n % 10}`,
      definition: {
        name: { 'en-US': `Question ${n % 10} of SCO ${sco}` },
        description: { 'en-US': 'Which of these reports progress?' },
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        interactionType: 'choice',
        correctResponsesPattern: ['b'],
      },
    },
    result: {
      score: { scaled: raw / 100, raw, min: 0, max: 100 },
      success: raw >= 50,
      completion: true,
      response: 'b',
      duration: `PT${(n % 300) + 5}S`,
      extensions: { [`${LMS}/xapi/extensions/attempt`]: (n % 3) + 1 },
    },
    context: {
      registration: registrationOf(learner, course),
      contextActivities: {
        parent: [{ objectType: 'Activity', id: `${courseIri}/scos/${sco}` }],
        grouping: [{ objectType: 'Activity', id: courseIri }],
        category: [{ objectType: 'Activity', id: SCORM_PROFILE }],
      },
      platform: 'Example LMS 4.2',
      language: 'en-US',
      extensions: {
        [`${LMS}/xapi/extensions/session-id`]: `s-${learner}-${course}-${Math.floor(n / 50)}`,
      },
    },
    timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
  };
}

/** A stable UUID per learner and course (the LMS's attempt registration). */
function registrationOf(learner: number, course: number): string {
  const hex = (learner * 1_000 + course).toString(16).padStart(12, '0').slice(-12);
  return `5c0a7f3e-1b2c-4d3e-8f4a-${hex}`;
}
