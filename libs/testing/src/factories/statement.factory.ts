// Valid xAPI statements with fresh identifiers, so tests never collide or depend on order.
import { randomUUID } from 'node:crypto';

export interface StatementShape {
  id?: string;
  actor: Record<string, unknown>;
  verb: { id: string; display?: Record<string, string> };
  object: Record<string, unknown>;
  [key: string]: unknown;
}

export const aLearner = (tag: string = randomUUID()) => ({
  objectType: 'Agent',
  name: 'Test Learner',
  mbox: `mailto:learner-${tag}@example.org`,
});

export const anActivity = (tag = randomUUID()) => ({
  objectType: 'Activity',
  id: `https://example.org/activities/${tag}`,
  definition: { name: { 'en-US': 'Activity' } },
});

export const aVerb = (name = 'completed') => ({
  id: `http://adlnet.gov/expapi/verbs/${name}`,
  display: { 'en-US': name },
});

export function aStatement(overrides: Partial<StatementShape> = {}): StatementShape {
  return { actor: aLearner(), verb: aVerb(), object: anActivity(), ...overrides };
}
