// The readable records of processing: the HTML page holds no script and escapes what admins typed; the Markdown
// cannot be broken open by it either.
import type { RecordsOfProcessingV1 } from '@custos/contracts';
import { describe, expect, it } from 'vitest';

import { recordsAsHtml, recordsAsMarkdown } from './records-of-processing.document.js';

const hostile = '<script>alert(1)</script> & "quotes" # heading | cell';
const records: RecordsOfProcessingV1 = {
  tenantId: 't1',
  generatedAt: '2026-12-07T00:00:00.000Z',
  activities: [
    {
      policyId: '00000000-0000-4000-8000-000000000001',
      version: 1,
      since: '2026-11-01T00:00:00.000Z',
      purpose: { code: 'tutoring', text: hostile },
      lawfulBasis: 'legitimate-interest',
      learnerChoice: 'objection',
      recipients: [{ kind: 'role', id: 'consumer' }],
      dataSubjects: 'Learners whose xAPI statements fall in its scope, except those who objected',
      categories: { scope: { verbs: ['http://x.example/v'] }, disclosed: ['actor', 'verb'], removed: [] },
      retentionRuleIds: [],
    },
  ],
  retentionRules: [
    {
      id: '00000000-0000-4000-8000-0000000000aa',
      name: hostile,
      verb: null,
      activityPrefix: null,
      registration: null,
      olderThanDays: 30,
      createdAt: '2026-11-01T00:00:00.000Z',
    },
  ],
  safeguards: [{ id: 'audit-log', text: 'Every read is recorded.' }],
};

describe('records of processing as HTML', () => {
  const html = recordsAsHtml(records);
  it('is a standalone page without scripts, styles or external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<style|style=|<link|src=|on\w+=/i);
  });
  it('escapes every value', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('Legitimate interest (Art. 6(1)(f))');
    expect(html).toContain('No retention rule reaches these statements');
  });
});

describe('records of processing as Markdown', () => {
  const md = recordsAsMarkdown(records);
  it('keeps typed text from opening headings, tables or HTML', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# Records of processing (GDPR Art. 30)',
      '## tutoring: \\<script\\>alert(1)\\</script\\> & "quotes" \\# heading \\| cell',
      '## Retention rules of the tenant',
      '## Safeguards',
    ]);
  });
});
