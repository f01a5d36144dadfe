// The audit log's filters as the form holds them, and as the API takes them (docs/audit.md "Listing records"):
// days become instants at the auditor's local midnight, an e-mail address becomes the xAPI Agent the `learner`
// parameter wants. Pure, so it is unit-tested (filter.spec.ts).

export interface AuditFilterFields {
  /** yyyy-mm-dd: records written from the start of this day (local time). */
  from: string;
  /** yyyy-mm-dd: records written up to the end of this day (local time). */
  to: string;
  principal: string;
  /** An e-mail address, or an xAPI Agent as JSON. */
  learner: string;
  person: string;
  action: string;
  outcome: '' | 'allow' | 'deny';
  policy: string;
  grant: string;
}

export const NO_FILTER: AuditFilterFields = {
  from: '',
  to: '',
  principal: '',
  learner: '',
  person: '',
  action: '',
  outcome: '',
  policy: '',
  grant: '',
};

/** The API's parameters (every value a string, as a query string carries it). */
export interface AuditQuery {
  since?: string;
  until?: string;
  principal?: string;
  learner?: string;
  person?: string;
  action?: string;
  outcome?: 'allow' | 'deny';
  policy?: string;
  grant?: string;
}

/** What the form cannot send: the API refuses `learner` and `person` together. */
export type FilterProblem = 'learnerAndPerson';

export function problemOf(fields: AuditFilterFields): FilterProblem | undefined {
  return fields.learner.trim() && fields.person.trim() ? 'learnerAndPerson' : undefined;
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00`);
function startOfNextDay(day: string): Date {
  const d = startOfDay(day);
  d.setDate(d.getDate() + 1);
  return d;
}

/**
 * `{"mbox":"mailto:…"}` for an e-mail address; anything else (an Agent in JSON, e.g. an LMS account) as typed, for
 * the server to judge.
 */
export function learnerAgent(value: string): string {
  const v = value.trim();
  if (v.startsWith('{')) return v;
  const address = v.replace(/^mailto:/i, '');
  return JSON.stringify({ mbox: `mailto:${address}` });
}

export function toQuery(fields: AuditFilterFields): AuditQuery {
  const query: AuditQuery = {};
  // `since` is exclusive: a millisecond before midnight includes a record written at midnight itself.
  if (fields.from) query.since = new Date(startOfDay(fields.from).getTime() - 1).toISOString();
  // `until` is inclusive: the last millisecond of the day.
  if (fields.to) query.until = new Date(startOfNextDay(fields.to).getTime() - 1).toISOString();
  const text = ['principal', 'person', 'action', 'policy', 'grant'] as const;
  for (const name of text) {
    const value = fields[name].trim();
    if (value) query[name] = value;
  }
  if (fields.learner.trim()) query.learner = learnerAgent(fields.learner);
  if (fields.outcome) query.outcome = fields.outcome;
  return query;
}
