// xAPI 1.0.3 Communication §2.1.3 (GET statements parameters and their requirements) and Data §2.2
// ("the LRS MUST validate parameter values to the same standards required for values of the same types
// in Statements") and IEEE 9274.1.1 §4.1.6.1 — parsing the statement query.

import { parseAgentParam } from './agent-param.js';
import { isUuid } from './primitives/identifiers.js';
import { isIri } from './primitives/iri.js';
import { normalizeTimestamp, parseTimestamp } from './primitives/timestamp.js';
import type { XapiVersion } from './types.js';
import type { ValidationError } from './validate/report.js';

/** Every parameter GET /statements accepts (names are case-sensitive). */
export const STATEMENT_QUERY_PARAMS = [
  'statementId',
  'voidedStatementId',
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
] as const;

/** One of {@link STATEMENT_QUERY_PARAMS}. */
export type StatementQueryParam = (typeof STATEMENT_QUERY_PARAMS)[number];

/** The statement formats of the `format` parameter. */
export type StatementFormat = 'ids' | 'exact' | 'canonical';

/** A validated GET /statements query. The agent travels only as the hash of its IFI. */
export interface StatementQuery {
  statementId?: string;
  voidedStatementId?: string;
  agentIfiHash?: string;
  verb?: string;
  activity?: string;
  registration?: string;
  relatedActivities: boolean;
  relatedAgents: boolean;
  /** Normalized to UTC ("…Z"), exclusive bound on stored. */
  since?: string;
  /** Normalized to UTC ("…Z"), inclusive bound on stored. */
  until?: string;
  /** 0 means the server maximum. */
  limit: number;
  format: StatementFormat;
  attachments: boolean;
  ascending: boolean;
}

/** A malformed statement query; answer 400 with the message. */
export class XapiQueryError extends Error {
  readonly status = 400;

  constructor(
    message: string,
    /** Each problem, located by parameter name. */
    readonly errors: ValidationError[] = [],
  ) {
    super(message);
    this.name = 'XapiQueryError';
  }
}

// With statementId or voidedStatementId only these may accompany it (Communication §2.1.3).
const SINGLE_STATEMENT_COMPANIONS: readonly string[] = ['attachments', 'format'];
const FORMATS: readonly StatementFormat[] = ['ids', 'exact', 'canonical'];

type RawParams = Record<string, string | string[] | undefined>;

/**
 * Parses and validates GET /statements parameters. Throws {@link XapiQueryError} listing every problem:
 * unknown or repeated parameters, malformed values, statementId / voidedStatementId combined with each
 * other or with anything but attachments and format.
 */
export function parseStatementQuery(params: RawParams, version: XapiVersion): StatementQuery {
  void version; // both rule sets define the same parameters; kept so callers need not change if one diverges
  const errors: ValidationError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const values = new Map<string, string>();

  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    if (!(STATEMENT_QUERY_PARAMS as readonly string[]).includes(name)) {
      fail(name, `unknown parameter "${name}"; GET /statements accepts ${STATEMENT_QUERY_PARAMS.join(', ')}`);
      continue;
    }
    if (Array.isArray(raw)) {
      if (raw.length > 1) {
        fail(name, `parameter "${name}" was given ${raw.length} times; give it once`);
        continue;
      }
      const [only] = raw;
      if (only !== undefined) values.set(name, only);
    } else {
      values.set(name, raw);
    }
  }

  const query: StatementQuery = {
    relatedActivities: false,
    relatedAgents: false,
    limit: 0,
    format: 'exact',
    attachments: false,
    ascending: false,
  };

  const uuid = (name: 'statementId' | 'voidedStatementId' | 'registration') => {
    const value = values.get(name);
    if (value === undefined) return;
    if (isUuid(value)) query[name] = value.toLowerCase();
    else fail(name, `${name} must be a UUID; got ${JSON.stringify(value)}`);
  };
  uuid('statementId');
  uuid('voidedStatementId');
  uuid('registration');

  const agent = values.get('agent');
  if (agent !== undefined) {
    const hash = parseAgentParam(agent, fail)?.ifiHash;
    if (hash !== undefined) query.agentIfiHash = hash;
  }

  for (const name of ['verb', 'activity'] as const) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (isIri(value)) query[name] = value;
    else fail(name, `${name} must be an absolute IRI; got ${JSON.stringify(value)}`);
  }

  for (const name of ['since', 'until'] as const) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (parseTimestamp(value)) query[name] = normalizeTimestamp(value);
    else {
      fail(
        name,
        `${name} must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T10:00:00Z; got ${JSON.stringify(value)}`,
      );
    }
  }

  const limit = values.get('limit');
  if (limit !== undefined) {
    if (/^\d+$/.test(limit) && Number.isSafeInteger(Number(limit))) query.limit = Number(limit);
    else {
      fail(
        'limit',
        `limit must be a non-negative integer (0 = server maximum); got ${JSON.stringify(limit)}`,
      );
    }
  }

  const format = values.get('format');
  if (format !== undefined) {
    if ((FORMATS as readonly string[]).includes(format)) query.format = format as StatementFormat;
    else fail('format', `format must be one of ids, exact, canonical; got ${JSON.stringify(format)}`);
  }

  const booleans = {
    related_activities: 'relatedActivities',
    related_agents: 'relatedAgents',
    attachments: 'attachments',
    ascending: 'ascending',
  } as const;
  for (const [name, key] of Object.entries(booleans)) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (value === 'true' || value === 'false') query[key] = value === 'true';
    else fail(name, `${name} must be true or false; got ${JSON.stringify(value)}`);
  }

  checkSingleStatementRules(values, fail);

  if (errors.length > 0) {
    throw new XapiQueryError(errors.map((error) => error.message).join('; '), errors);
  }
  return query;
}

function checkSingleStatementRules(
  values: Map<string, string>,
  fail: (path: string, message: string) => void,
): void {
  const single = ['statementId', 'voidedStatementId'].filter((name) => values.has(name));
  if (single.length === 2) {
    fail('statementId', 'statementId and voidedStatementId cannot be used together');
    return;
  }
  const [lookup] = single;
  if (lookup !== undefined) {
    const others = [...values.keys()].filter(
      (name) => name !== lookup && !SINGLE_STATEMENT_COMPANIONS.includes(name),
    );
    if (others.length > 0) {
      fail(lookup, `${lookup} can only be combined with attachments and format; remove ${others.join(', ')}`);
    }
  }
}
