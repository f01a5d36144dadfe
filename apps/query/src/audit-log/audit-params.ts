// The query string of the audit log's routes (docs/audit.md "Auditor API", "Learners' access log"), parsed once:
// unknown or malformed parameters are a 400 naming them. A learner named by an xAPI agent travels on only as the
// hash of its identifier (the `agent` parameter of xAPI, one parser for both); a person only as their id.
import { type AuditFilterV1, type AuditOrderV1, BadRequestError, type ErrorDetail } from '@custos/contracts';
import { isUuid, parseAgentParam } from '@custos/xapi';
import { z } from 'zod';

/** Records per page when `limit` is absent, and the most a page holds. */
export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

/** The parameters each route takes. */
export const AUDIT_ROUTE_PARAMS = {
  records: [
    'since',
    'until',
    'principal',
    'learner',
    'person',
    'action',
    'outcome',
    'policy',
    'grant',
    'order',
    'limit',
    'cursor',
  ],
  export: [
    'since',
    'until',
    'principal',
    'learner',
    'person',
    'action',
    'outcome',
    'policy',
    'grant',
    'order',
  ],
  stats: ['since', 'until'],
  accessLog: ['since', 'until', 'order', 'limit', 'cursor'],
} as const;

export type AuditRoute = keyof typeof AUDIT_ROUTE_PARAMS;

export interface AuditParams {
  /** The filter, except the learners of `person`, which consent resolves. */
  filter: AuditFilterV1;
  /** `person`: every identifier linked to this person of the tenant. */
  personId?: string;
  order: AuditOrderV1;
  limit: number;
  /** Continue after this seq (from `cursor`). */
  position?: string;
  /** What the read's own audit record keeps of the request: the learner only as a hash or a person id. */
  recorded: Record<string, unknown>;
}

const Instant = z.iso.datetime({ offset: true });
const MAX_TEXT = 200;

/**
 * Parses `params` for `route`. Each name at most once (the gateway checks that), none the route does not take.
 *
 * @throws BadRequestError naming every bad parameter.
 */
export function parseAuditParams(route: AuditRoute, params: Readonly<Record<string, string>>): AuditParams {
  const allowed: readonly string[] = AUDIT_ROUTE_PARAMS[route];
  const errors: ErrorDetail[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) {
      fail(name, `unknown parameter ${name}; this route takes ${allowed.join(', ')}`);
    }
  }
  const text = (name: string): string | undefined => {
    const value = params[name];
    if (value === undefined) return undefined;
    if (value === '' || value.length > MAX_TEXT) fail(name, `${name} must be 1 to ${MAX_TEXT} characters`);
    return value;
  };
  const instant = (name: string): string | undefined => {
    const value = params[name];
    if (value !== undefined && !Instant.safeParse(value).success) {
      fail(name, `${name} must be an ISO 8601 timestamp with a time zone, e.g. 2026-01-31T12:00:00Z`);
    }
    return value;
  };

  const filter: AuditFilterV1 = {};
  const recorded: Record<string, unknown> = {};
  const set = <K extends keyof AuditFilterV1>(key: K, param: string, value: AuditFilterV1[K] | undefined) => {
    if (value === undefined) return;
    filter[key] = value;
    recorded[param] = value;
  };
  set('since', 'since', instant('since'));
  set('until', 'until', instant('until'));
  set('principalId', 'principal', text('principal'));
  set('action', 'action', text('action'));
  set('policyId', 'policy', text('policy'));
  set('grantId', 'grant', text('grant'));
  const outcome = params.outcome;
  if (outcome !== undefined && outcome !== 'allow' && outcome !== 'deny') {
    fail('outcome', 'outcome must be allow or deny');
  } else {
    set('decision', 'outcome', outcome);
  }

  let personId: string | undefined;
  if (params.learner !== undefined && params.person !== undefined) {
    fail('learner', 'give learner or person, not both');
  } else if (params.learner !== undefined) {
    const hash = parseAgentParam(params.learner, (path, message) =>
      fail(path.replace(/^agent/, 'learner'), message.replace(/^agent/, 'learner')),
    )?.ifiHash;
    if (hash !== undefined) {
      filter.learnerIfiHashes = [hash];
      recorded.learnerIfiHash = hash;
    }
  } else if (params.person !== undefined) {
    if (isUuid(params.person)) {
      personId = params.person.toLowerCase();
      recorded.person = personId;
    } else {
      fail('person', 'person must be the id (a UUID) of a person of the tenant');
    }
  }

  const order = params.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    fail('order', 'order must be asc (oldest first) or desc (newest first)');
  }

  let limit = DEFAULT_AUDIT_LIMIT;
  if (params.limit !== undefined) {
    limit = /^\d{1,4}$/.test(params.limit) ? Number(params.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_AUDIT_LIMIT)) {
      fail('limit', `limit must be a whole number from 1 to ${MAX_AUDIT_LIMIT}`);
    }
  }

  let position: string | undefined;
  if (params.cursor !== undefined) {
    const cursor = decodeAuditCursor(params.cursor);
    if (cursor === undefined) fail('cursor', 'cursor is not one this route gave out');
    else if (cursor.order !== order) {
      fail('cursor', 'cursor belongs to the other order; keep the order parameter');
    } else position = cursor.after;
  }

  if (errors.length > 0) throw new BadRequestError(errors.map((e) => e.message).join('; '), errors);
  return {
    filter,
    ...(personId !== undefined && { personId }),
    order: order as AuditOrderV1,
    limit,
    ...(position !== undefined && { position }),
    recorded: {
      ...recorded,
      ...(allowed.includes('order') && { order }),
      ...(allowed.includes('limit') && { limit }),
      ...(position !== undefined && { after: position }),
    },
  };
}

/** The `cursor` of the page after the record `after`: opaque to clients, it holds the order and the position. */
export const encodeAuditCursor = (order: AuditOrderV1, after: string): string =>
  Buffer.from(JSON.stringify({ v: 1, o: order, a: after })).toString('base64url');

function decodeAuditCursor(token: string): { order: AuditOrderV1; after: string } | undefined {
  try {
    const raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (raw.v !== 1 || (raw.o !== 'asc' && raw.o !== 'desc')) return undefined;
    if (typeof raw.a !== 'string' || !/^\d{1,19}$/.test(raw.a)) return undefined;
    return { order: raw.o, after: raw.a };
  } catch {
    return undefined;
  }
}

/** A period of an evidence pack: at most a year, so a pack stays one file a verifier can hold in memory. */
const MAX_EVIDENCE_DAYS = 366;

/**
 * `from` and `to` of GET /api/v1/audit/evidence: both required, ISO 8601 with a time zone, `from` before `to`,
 * at most {@link MAX_EVIDENCE_DAYS} days apart; returned in UTC.
 *
 * @throws BadRequestError naming every bad parameter.
 */
export function parseEvidencePeriod(params: Readonly<Record<string, string>>): { from: string; to: string } {
  const errors: ErrorDetail[] = [];
  for (const name of Object.keys(params)) {
    if (name !== 'from' && name !== 'to') {
      errors.push({ path: name, message: `unknown parameter ${name}; this route takes from, to` });
    }
  }
  const instant = (name: 'from' | 'to'): number | undefined => {
    const value = params[name];
    if (value === undefined || !Instant.safeParse(value).success) {
      errors.push({
        path: name,
        message: `${name} is required: an ISO 8601 timestamp with a time zone, e.g. 2026-01-31T12:00:00Z`,
      });
      return undefined;
    }
    return Date.parse(value);
  };
  const from = instant('from');
  const to = instant('to');
  if (from !== undefined && to !== undefined) {
    if (from >= to) errors.push({ path: 'to', message: 'to must be after from' });
    else if (to - from > MAX_EVIDENCE_DAYS * 86_400_000) {
      errors.push({ path: 'to', message: `a period is at most ${MAX_EVIDENCE_DAYS} days: ask for several` });
    }
  }
  if (errors.length > 0) throw new BadRequestError(errors.map((e) => e.message).join('; '), errors);
  return { from: new Date(from!).toISOString(), to: new Date(to!).toISOString() };
}
