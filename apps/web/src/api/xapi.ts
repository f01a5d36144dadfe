// The learner's own statements through the standard xAPI resource (self access: a person's bearer
// token reads every statement about them and nothing else). Only the fields the pages use are typed.
import { ApiError, bearer, NO_BROWSER_CREDENTIALS } from './client';

export type LanguageMap = Record<string, string>;

export interface Statement {
  id: string;
  timestamp?: string;
  stored?: string;
  verb: { id: string; display?: LanguageMap };
  object: {
    objectType?: string;
    id?: string;
    name?: string;
    definition?: { name?: LanguageMap };
  };
  result?: {
    score?: { scaled?: number; raw?: number; min?: number; max?: number };
    success?: boolean;
    completion?: boolean;
  };
}

export interface StatementPage {
  statements: Statement[];
  more?: string;
}

/** What the learner narrowed their records to; every field optional. */
export interface StatementFilter {
  /** An activity IRI: statements about it, or with it as their course/context (related_activities). */
  activity?: string;
  /** ISO 8601 instants: stored at or after `since`, before `until`. */
  since?: string;
  until?: string;
}

export function statementsPath(filter: StatementFilter = {}): string {
  const params = new URLSearchParams({ limit: '50' });
  if (filter.activity) {
    params.set('activity', filter.activity);
    params.set('related_activities', 'true');
  }
  if (filter.since) params.set('since', filter.since);
  if (filter.until) params.set('until', filter.until);
  return `/xapi/statements?${params.toString()}`;
}

/** A page of the signed-in learner's statements: the first, or the one a `more` link names. */
export async function myStatements(
  token: string,
  filter: StatementFilter,
  more?: string,
): Promise<StatementPage> {
  // `more` is a same-origin path the LRS gave; anything else is not followed.
  const path = more?.startsWith('/xapi/statements') ? more : statementsPath(filter);
  const res = await fetch(path, {
    ...NO_BROWSER_CREDENTIALS,
    headers: { ...bearer(token), 'X-Experience-API-Version': '2.0.0', Accept: 'application/json' },
  });
  if (!res.ok) throw new ApiError(res.status, 'statements unavailable');
  return (await res.json()) as StatementPage;
}
