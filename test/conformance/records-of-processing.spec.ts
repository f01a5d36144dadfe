// Issue 15 item 6, over HTTP (docs/privacy-operations.md "Records of processing"): GET
// /api/v1/records-of-processing gives a tenant's admins and auditors one activity per current policy with its
// purpose, basis, recipients, categories and the retention rules reaching it, as JSON, Markdown or a standalone
// HTML page; anyone else gets 403; a bad format is a 400.
import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const COURSE = 'https://lms.example.org/course/a/';
const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';

async function aTenant() {
  const lms = await lrs.client();
  const { tenantId } = lms;
  const person = async (username: string, roles: ('auditor' | 'admin' | 'consumer' | 'learner')[]) => {
    await lrs.people.create(tenantId, {
      username,
      password: `${username}-password-123`,
      roles,
      agents: roles.includes('learner') ? [{ mbox: `mailto:${randomUUID()}@example.org` }] : [],
    });
    return lrs.signIn(tenantId, username, `${username}-password-123`);
  };
  return {
    lms,
    admin: await person('admin', ['admin']),
    auditor: await person('auditor', ['auditor']),
    consumer: await person('consumer', ['consumer']),
    learner: await person('learner', ['learner']),
  };
}

describe('GET /api/v1/records-of-processing', () => {
  it('gives an admin and an auditor each policy as a processing activity, with the rules that reach it', async () => {
    const t = await aTenant();
    const policy = await t.admin.call('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'tutoring', text: 'Tutors follow the progress of <their> students' },
      lawfulBasis: 'legitimate-interest',
      scope: { activityPrefixes: [COURSE], verbs: [COMPLETED] },
      redactFields: ['result.response'],
    });
    expect(policy.status).toBe(201);
    const reaching = await t.admin.call('POST', '/api/v1/retention/rules', {
      name: 'Course A after a year',
      activityPrefix: COURSE,
      olderThanDays: 365,
    });
    const elsewhere = await t.admin.call('POST', '/api/v1/retention/rules', {
      name: 'Course B after a month',
      activityPrefix: 'https://lms.example.org/course/b/',
      olderThanDays: 30,
    });
    expect([reaching.status, elsewhere.status]).toEqual([201, 201]);
    const { id: policyId } = policy.body as { id: string };
    for (const who of [t.admin, t.auditor]) {
      const res = await who.call('GET', '/api/v1/records-of-processing');
      expect(res.status).toBe(200);
      const body = res.body as Record<string, unknown> & { activities: unknown[]; retentionRules: unknown[] };
      expect(body.activities).toEqual([
        expect.objectContaining({
          policyId,
          version: 1,
          purpose: { code: 'tutoring', text: 'Tutors follow the progress of <their> students' },
          lawfulBasis: 'legitimate-interest',
          learnerChoice: 'objection',
          recipients: [{ kind: 'role', id: 'consumer' }],
          categories: expect.objectContaining({ removed: ['result.response'] }),
          retentionRuleIds: [(reaching.body as { id: string }).id],
        }),
      ]);
      expect(body.retentionRules).toHaveLength(2);
      expect(body.safeguards).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'audit-log' })]));
    }
  });

  it('gives the same as Markdown and as a standalone HTML page, escaped and without scripts', async () => {
    const t = await aTenant();
    await t.admin.call('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'x', text: '<script>alert(1)</script>' },
      lawfulBasis: 'consent',
    });
    const headers = { authorization: `Bearer ${t.auditor.token}` };
    const html = await fetch(`${lrs.baseUrl}/api/v1/records-of-processing?format=html`, { headers });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toMatch(/<script/i);
    const md = await fetch(`${lrs.baseUrl}/api/v1/records-of-processing?format=markdown`, { headers });
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await md.text()).toContain('## x: \\<script\\>alert(1)\\</script\\>');
  });

  it('answers 403 to a consumer, a learner and an xAPI credential', async () => {
    const t = await aTenant();
    for (const who of [t.consumer, t.learner]) {
      expect((await who.call('GET', '/api/v1/records-of-processing')).status).toBe(403);
    }
    expect((await t.lms.request('GET', '/api/v1/records-of-processing')).status).toBe(403);
  });

  it('answers 400 to an unknown format or parameter', async () => {
    const t = await aTenant();
    expect((await t.admin.call('GET', '/api/v1/records-of-processing?format=pdf')).status).toBe(400);
    expect((await t.admin.call('GET', '/api/v1/records-of-processing?tenant=other')).status).toBe(400);
  });

  it('shows another tenant nothing of this one', async () => {
    const a = await aTenant();
    const b = await aTenant();
    await a.admin.call('POST', '/api/v1/policies', {
      grantee: { kind: 'role', id: 'consumer' },
      purpose: { code: 'a-only', text: 'A' },
      lawfulBasis: 'consent',
    });
    const res = await b.auditor.call('GET', '/api/v1/records-of-processing');
    expect((res.body as { activities: unknown[] }).activities).toEqual([]);
  });
});
