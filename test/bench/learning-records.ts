// Who and what the consent bench's statements are about: a school year of LMS traffic. The
// statements themselves are generated in SQL (bulk-load.ts) from these definitions. Pure, no I/O.

export const LEARNERS = 20_000;
export const STATEMENTS = 1_000_000;

/** Learner i (0-based) grants the consumer's policy when i is even: half of them. */
export const grantsConsent = (learner: number): boolean => learner % 2 === 0;

export const learnerUsername = (learner: number): string => `learner-${learner}`;
export const learnerMbox = (learner: number): string => `mailto:learner-${learner}@school.example.org`;

/** The learner index behind an actor of this data set, or undefined for anything else. */
export function learnerOfActor(actor: unknown): number | undefined {
  const mbox = (actor as { mbox?: unknown } | null)?.mbox;
  const match = typeof mbox === 'string' ? /^mailto:learner-(\d+)@school\.example\.org$/.exec(mbox) : null;
  return match ? Number(match[1]) : undefined;
}

export const COURSES = 40;
export const MODULES_PER_COURSE = 25;
export const COURSE_IRI_PREFIX = 'https://lms.school.example.org/courses/c';

export const moduleIri = (course: number, module: number): string =>
  `${COURSE_IRI_PREFIX}${course}/modules/m${module}`;

export const VERB_IRI_PREFIX = 'http://adlnet.gov/expapi/verbs/';
export const verbIri = (name: string): string => `${VERB_IRI_PREFIX}${name}`;

/** The verbs an LMS sends, with how often (percent) it sends each. */
export const VERB_MIX: readonly (readonly [name: string, percent: number])[] = [
  ['experienced', 30],
  ['progressed', 15],
  ['answered', 15],
  ['launched', 10],
  ['initialized', 10],
  ['completed', 6],
  ['attempted', 5],
  ['terminated', 5],
  ['passed', 3],
  ['failed', 1],
];
