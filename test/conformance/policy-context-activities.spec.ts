// DESIGN "Access model" step 4 — an institution policy's scope may name context activities (parent, grouping,
// category, other; xAPI Data §2.4.6.2) by IRI prefix: the grantee reads exactly the statements whose own
// context lists such an activity of that kind, and a bad scope is a 400 naming the field.
import { aLearner, aStatement, aVerb } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const COURSE_A = 'https://example.org/courses/a/';
const activity = (id: string) => ({ objectType: 'Activity', id });

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

async function readIds(call: Call): Promise<{ status: number; ids: string[] }> {
  const r = await call('GET', '/xapi/statements');
  const statements = (r.body as { statements?: { id: string }[] }).statements ?? [];
  return { status: r.status, ids: statements.map((s) => s.id).sort() };
}

/** A tenant with statements in and around course A, an admin and a consumer signed in. */
async function aTenantWithCourses() {
  const lms = await lrs.client();
  const tenantId = lms.tenantId;
  const ana = aLearner();
  const bob = aLearner();
  const inCourse = (parent: unknown, extra: Record<string, unknown> = {}) => ({
    contextActivities: { parent, ...extra },
  });
  const posted = await lms.postStatements([
    // Under course A: as an array, as a single Activity (xAPI 1.0.3), among other parents, other learners.
    aStatement({
      actor: ana,
      object: activity(`${COURSE_A}unit-1`),
      context: inCourse([activity(COURSE_A)]),
    }),
    aStatement({ actor: ana, verb: aVerb('attempted'), context: inCourse(activity(`${COURSE_A}module-2`)) }),
    aStatement({
      actor: bob,
      context: inCourse([activity('https://example.org/programmes/x'), activity(`${COURSE_A}unit-3`)]),
    }),
    // Not under course A: another course, a look-alike IRI, course A only as grouping, no context at all,
    // and course A only in the context of a SubStatement object.
    aStatement({ actor: ana, context: inCourse([activity('https://example.org/courses/b/')]) }),
    aStatement({ actor: ana, context: inCourse([activity('https://example.org/courses/ab/')]) }),
    aStatement({ actor: bob, context: { contextActivities: { grouping: [activity(COURSE_A)] } } }),
    aStatement({ actor: bob, object: activity(`${COURSE_A}unit-1`) }),
    aStatement({
      actor: ana,
      verb: aVerb('planned'),
      object: {
        objectType: 'SubStatement',
        actor: ana,
        verb: aVerb('attempted'),
        object: activity(`${COURSE_A}unit-9`),
        context: inCourse([activity(COURSE_A)]),
      },
    }),
  ]);
  expect(posted.status).toBe(200);
  const ids = posted.body;
  await lrs.people.create(tenantId, { username: 'admin', password: 'admin-password-123', roles: ['admin'] });
  await lrs.people.create(tenantId, {
    username: 'consumer',
    password: 'consumer-password-123',
    roles: ['consumer'],
  });
  return {
    underCourseA: ids.slice(0, 3).sort(),
    groupedUnderA: ids[5]!,
    admin: (await lrs.signIn(tenantId, 'admin', 'admin-password-123')).call,
    consumer: (await lrs.signIn(tenantId, 'consumer', 'consumer-password-123')).call,
  };
}

const policy = (scope: Record<string, unknown>) => ({
  grantee: { kind: 'role', id: 'consumer' },
  purpose: { code: 'course-a', text: 'Teachers of course A follow what happens in it' },
  lawfulBasis: 'legitimate-interest',
  scope,
});

describe('policies scoped to context activities', () => {
  it('a policy scoped to a parent course prefix lets the consumer read exactly the statements under that course', async () => {
    const t = await aTenantWithCourses();
    expect((await readIds(t.consumer)).status).toBe(403);
    const created = await t.admin(
      'POST',
      '/api/v1/policies',
      policy({ contextActivities: { parent: [COURSE_A] } }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: { contextActivities: { parent: [COURSE_A] } } });

    expect(await readIds(t.consumer)).toEqual({ status: 200, ids: t.underCourseA });
    const byId = await t.consumer('GET', `/xapi/statements?statementId=${t.groupedUnderA}`);
    expect(byId.status).toBe(404);
  });

  it('requires every kind named, any prefix within a kind', async () => {
    const t = await aTenantWithCourses();
    const created = await t.admin(
      'POST',
      '/api/v1/policies',
      policy({
        contextActivities: {
          parent: ['https://example.org/programmes/', 'https://example.org/courses/b/'],
          grouping: [COURSE_A],
        },
      }),
    );
    expect(created.status).toBe(201);
    // No statement has both a programme/course-b parent and course A as grouping.
    expect(await readIds(t.consumer)).toEqual({ status: 200, ids: [] });
    const grouping = await t.admin(
      'POST',
      '/api/v1/policies',
      policy({ contextActivities: { grouping: [COURSE_A] } }),
    );
    expect(grouping.status).toBe(201);
    expect((await readIds(t.consumer)).ids).toEqual([t.groupedUnderA]);
  });

  it.each([
    ['an empty prefix list', { parent: [] }, 'scope.contextActivities.parent'],
    ['an empty IRI', { category: [''] }, 'scope.contextActivities.category'],
    ['an unknown kind', { parents: [COURSE_A] }, 'scope.contextActivities'],
    ['no kind at all', {}, 'scope.contextActivities'],
    ['a prefix that is not a string', { other: [42] }, 'scope.contextActivities.other'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_, contextActivities, field) => {
    const t = await aTenantWithCourses();
    const res = await t.admin('POST', '/api/v1/policies', policy({ contextActivities }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(field);
    expect((await t.admin('GET', '/api/v1/policies')).body).toEqual([]);
  });
});
