// xAPI 1.0.3 Communication §2.3 (State Resource), §2.6 (Agent Profile Resource), §2.7 (Activity Profile
// Resource) and IEEE 9274.1.1 §4.1.6.2, §4.1.6.5, §4.1.6.6 — the parameters of the three Document Resources,
// validated "to the same standards required for values of the same types in Statements" (1.0.3 Data §2.2).

import { parseAgentParam } from './agent-param.js';
import { isUuid } from './primitives/identifiers.js';
import { isIri } from './primitives/iri.js';
import { normalizeTimestamp, parseTimestamp } from './primitives/timestamp.js';
import { XapiQueryError } from './query-params.js';
import type { ValidationError } from './validate/report.js';

/** The three Document Resources: /activities/state, /activities/profile, /agents/profile. */
export type DocumentKind = 'state' | 'activityProfile' | 'agentProfile';

/** Every {@link DocumentKind}. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['state', 'activityProfile', 'agentProfile'];

/** The HTTP methods a Document Resource answers (HEAD is answered as GET). */
export type DocumentMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/**
 * A validated Document Resource request. The agent travels only as the hash of its inverse functional
 * identifier, so nothing downstream ever holds the learner's identifier.
 */
export interface DocumentParams {
  activityId?: string;
  agentIfiHash?: string;
  /** Lowercased UUID. State only. */
  registration?: string;
  /** The stateId or profileId. Absent for the multiple-document GET, and for a State DELETE of all documents. */
  documentId?: string;
  /** Multiple-document GET only: ids of documents updated after this instant (exclusive), UTC. */
  since?: string;
}

interface KindRules {
  /** The name of the document id parameter. */
  idParam: 'stateId' | 'profileId';
  activity: boolean;
  agent: boolean;
  registration: boolean;
  /** Methods that may leave out the id: they then act on every document of the context. */
  idOptional: readonly DocumentMethod[];
}

const RULES: Readonly<Record<DocumentKind, KindRules>> = {
  // 1.0.3 Communication §2.3: GET without stateId lists ids, DELETE without stateId deletes all state.
  state: {
    idParam: 'stateId',
    activity: true,
    agent: true,
    registration: true,
    idOptional: ['GET', 'DELETE'],
  },
  // §2.7 and §2.6: only GET may leave out profileId (it then lists ids).
  activityProfile: {
    idParam: 'profileId',
    activity: true,
    agent: false,
    registration: false,
    idOptional: ['GET'],
  },
  agentProfile: {
    idParam: 'profileId',
    activity: false,
    agent: true,
    registration: false,
    idOptional: ['GET'],
  },
};

/** The parameters a request of this kind and method accepts; anything else is rejected. */
export function documentParamNames(kind: DocumentKind, method: DocumentMethod): string[] {
  const rules = RULES[kind];
  return [
    ...(rules.activity ? ['activityId'] : []),
    ...(rules.agent ? ['agent'] : []),
    ...(rules.registration ? ['registration'] : []),
    rules.idParam,
    // `since` belongs to the multiple-document GET. It is tolerated (and ignored) next to an id: the ADL
    // conformance suite notes that a GET with both is intentionally left unspecified.
    ...(method === 'GET' ? ['since'] : []),
  ];
}

type RawParams = Record<string, string | string[] | undefined>;

/**
 * Parses and validates the query parameters of a Document Resource request. Throws {@link XapiQueryError}
 * listing every problem: unknown or repeated parameters, missing required ones, an activityId that is not
 * an IRI, an agent that is not a JSON Agent or Identified Group with an identifier, a registration that is
 * not a UUID, an empty id, a since that is not a timestamp.
 */
export function parseDocumentParams(
  kind: DocumentKind,
  method: DocumentMethod,
  params: RawParams,
): DocumentParams {
  const rules = RULES[kind];
  const allowed = documentParamNames(kind, method);
  const errors: ValidationError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  const values = new Map<string, string>();

  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    if (!allowed.includes(name)) {
      fail(
        name,
        `unknown parameter "${name}"; ${method} ${resourceName(kind)} accepts ${allowed.join(', ')}`,
      );
      continue;
    }
    if (Array.isArray(raw)) {
      if (raw.length !== 1) {
        fail(name, `parameter "${name}" was given ${raw.length} times; give it once`);
        continue;
      }
      values.set(name, raw[0]!);
    } else {
      values.set(name, raw);
    }
  }

  const result: DocumentParams = {};
  const required = (name: string): string | undefined => {
    const value = values.get(name);
    if (value === undefined) fail(name, `${method} ${resourceName(kind)} requires the "${name}" parameter`);
    return value;
  };

  if (rules.activity) {
    const activityId = required('activityId');
    if (activityId !== undefined) {
      if (isIri(activityId)) result.activityId = activityId;
      else fail('activityId', `activityId must be an absolute IRI; got ${JSON.stringify(activityId)}`);
    }
  }

  if (rules.agent) {
    const agent = required('agent');
    if (agent !== undefined) {
      const hash = parseAgentParam(agent, fail)?.ifiHash;
      if (hash !== undefined) result.agentIfiHash = hash;
    }
  }

  if (rules.registration) {
    const registration = values.get('registration');
    if (registration !== undefined) {
      if (isUuid(registration)) result.registration = registration.toLowerCase();
      else fail('registration', `registration must be a UUID; got ${JSON.stringify(registration)}`);
    }
  }

  const id = rules.idOptional.includes(method) ? values.get(rules.idParam) : required(rules.idParam);
  if (id !== undefined) {
    if (id === '') fail(rules.idParam, `${rules.idParam} must not be empty`);
    else result.documentId = id;
  }

  const since = values.get('since');
  if (since !== undefined) {
    if (!parseTimestamp(since)) {
      fail(
        'since',
        `since must be an ISO 8601 timestamp with a time zone, e.g. 2024-05-01T10:00:00Z; got ${JSON.stringify(since)}`,
      );
    } else if (id === undefined) {
      result.since = normalizeTimestamp(since);
    }
  }

  if (errors.length > 0) {
    throw new XapiQueryError(errors.map((error) => error.message).join('; '), errors);
  }
  return result;
}

function resourceName(kind: DocumentKind): string {
  switch (kind) {
    case 'state':
      return '/activities/state';
    case 'activityProfile':
      return '/activities/profile';
    case 'agentProfile':
      return '/agents/profile';
  }
}
