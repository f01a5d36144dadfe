// The records of processing as a document a person reads (GET /api/v1/records-of-processing?format=markdown|html;
// docs/privacy-operations.md "Records of processing"). The HTML is a standalone page that the strict CSP serves
// as it is: no script, no style attribute, no external resource; every value is escaped, since purposes and rule
// names are text admins typed.
import type { ProcessingActivityV1, RecordsOfProcessingV1, RetentionRuleV1 } from '@custos/contracts';

const BASIS: Record<ProcessingActivityV1['lawfulBasis'], string> = {
  consent: 'Consent (GDPR Art. 6(1)(a))',
  contract: 'Contract (Art. 6(1)(b))',
  'legal-obligation': 'Legal obligation (Art. 6(1)(c))',
  'public-task': 'Public task (Art. 6(1)(e))',
  'legitimate-interest': 'Legitimate interest (Art. 6(1)(f))',
};

const CHOICE: Record<ProcessingActivityV1['learnerChoice'], string> = {
  consent: 'The learner grants consent and may revoke it at any time.',
  objection: 'The learner may object at any time, and withdraw the objection.',
  none: 'No choice: the basis does not rest on the learner’s consent.',
};

const recipient = (r: ProcessingActivityV1['recipients'][number]) =>
  r.kind === 'role' ? `people with the role ${r.id}` : `${r.kind} ${r.id}`;

const scopeLines = (scope: ProcessingActivityV1['categories']['scope']): string[] => {
  const lines: string[] = [];
  if (scope.verbs) lines.push(`verbs: ${scope.verbs.join(', ')}`);
  if (scope.activityPrefixes) lines.push(`activities starting with: ${scope.activityPrefixes.join(', ')}`);
  if (scope.registrations) lines.push(`registrations: ${scope.registrations.join(', ')}`);
  if (scope.storedFrom) lines.push(`stored from ${scope.storedFrom}`);
  if (scope.storedUntil) lines.push(`stored before ${scope.storedUntil}`);
  for (const [kind, prefixes] of Object.entries(scope.contextActivities ?? {})) {
    lines.push(`context ${kind} activities starting with: ${(prefixes ?? []).join(', ')}`);
  }
  return lines.length > 0 ? lines : ['every statement of the tenant'];
};

const ruleText = (rule: RetentionRuleV1): string => {
  const criteria = [
    rule.verb && `verb ${rule.verb}`,
    rule.activityPrefix && `activities starting with ${rule.activityPrefix}`,
    rule.registration && `registration ${rule.registration}`,
  ].filter(Boolean);
  return `${rule.name}: statements${criteria.length > 0 ? ` with ${criteria.join(', ')}` : ''} are deleted ${rule.olderThanDays} days after they were stored`;
};

const retentionOf = (activity: ProcessingActivityV1, rules: readonly RetentionRuleV1[]): string[] => {
  const reaching = rules.filter((r) => activity.retentionRuleIds.includes(r.id));
  return reaching.length > 0
    ? reaching.map(ruleText)
    : ['No retention rule reaches these statements: they are kept until erased or a rule is added.'];
};

/** One section per activity, as label and lines: shared by both formats so they always say the same. */
function sections(records: RecordsOfProcessingV1) {
  return records.activities.map((a) => ({
    title: `${a.purpose.code}: ${a.purpose.text}`,
    rows: [
      ['Policy', [`${a.policyId}, version ${a.version}, in effect since ${a.since}`]],
      ['Lawful basis', [BASIS[a.lawfulBasis], CHOICE[a.learnerChoice]]],
      ['Data subjects', [a.dataSubjects]],
      ['Categories of data', scopeLines(a.categories.scope)],
      ['Statement parts disclosed', [a.categories.disclosed.join(', ')]],
      [
        'Statement parts removed',
        [a.categories.removed.length > 0 ? a.categories.removed.join(', ') : 'none'],
      ],
      ['Recipients', a.recipients.map(recipient)],
      ['Retention', retentionOf(a, records.retentionRules)],
    ] as [string, string[]][],
  }));
}

const TITLE = 'Records of processing (GDPR Art. 30)';

/** Markdown, with every value on its own line item: nothing typed by an admin can open a heading or a table. */
export function recordsAsMarkdown(records: RecordsOfProcessingV1): string {
  const md = (text: string) => text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');
  const out = [`# ${TITLE}`, '', `Tenant: ${md(records.tenantId)}. Generated: ${records.generatedAt}.`, ''];
  if (records.activities.length === 0) {
    out.push(
      'No institution policy: nothing is processed for anyone but the learners themselves and the xAPI clients that wrote the statements.',
      '',
    );
  }
  for (const section of sections(records)) {
    out.push(`## ${md(section.title)}`, '');
    for (const [label, lines] of section.rows) {
      out.push(`- **${label}**:`);
      for (const line of lines) out.push(`  - ${md(line)}`);
    }
    out.push('');
  }
  out.push('## Retention rules of the tenant', '');
  if (records.retentionRules.length === 0) out.push('- none', '');
  else out.push(...records.retentionRules.map((r) => `- ${md(ruleText(r))}`), '');
  out.push('## Safeguards', '');
  out.push(...records.safeguards.map((s) => `- ${md(s.text)}`), '');
  return out.join('\n');
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A standalone HTML page: semantic markup only, every value escaped. */
export function recordsAsHtml(records: RecordsOfProcessingV1): string {
  const e = escapeHtml;
  const list = (lines: readonly string[]) => `<ul>${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`;
  const body = sections(records)
    .map(
      (section) =>
        `<section><h2>${e(section.title)}</h2><dl>${section.rows
          .map(([label, lines]) => `<dt>${e(label)}</dt><dd>${list(lines)}</dd>`)
          .join('')}</dl></section>`,
    )
    .join('\n');
  const none =
    records.activities.length === 0
      ? '<p>No institution policy: nothing is processed for anyone but the learners themselves and the xAPI clients that wrote the statements.</p>'
      : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${e(TITLE)}</title></head>`,
    '<body>',
    `<main><h1>${e(TITLE)}</h1>`,
    `<p>Tenant: ${e(records.tenantId)}. Generated: <time datetime="${e(records.generatedAt)}">${e(records.generatedAt)}</time>.</p>`,
    none,
    body,
    `<section><h2>Retention rules of the tenant</h2>${list(records.retentionRules.length > 0 ? records.retentionRules.map(ruleText) : ['none'])}</section>`,
    `<section><h2>Safeguards</h2>${list(records.safeguards.map((s) => s.text))}</section>`,
    '</main></body></html>',
    '',
  ].join('\n');
}
