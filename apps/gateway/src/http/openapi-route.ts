// How a controller documents its routes: each `<name>.openapi.ts` beside a controller registers its operations
// with `documentRoute`, in @asteasolutions/zod-to-openapi's registry, with the zod contracts the controller
// parses with. This helper adds what every route shares (security, path ids, the implied errors); ./openapi.ts
// assembles the document. docs/adr/0009-openapi-from-zod.md says why the helper exists.
import {
  extendZodWithOpenApi,
  type OpenAPIRegistry,
  type ResponseConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// `.openapi()` reaches only schemas built after this call: the contracts are built when they are imported, so
// `named` registers a clone (built now) rather than the contract itself.
extendZodWithOpenApi(z);

/** `schema` as the component `#/components/schemas/<name>`, referenced wherever it is used. */
export const named = <T extends z.ZodType>(name: string, schema: T): T => schema.clone().openapi(name);

/** A query parameter with its description (the parameter's, not its schema's). */
export const param = <T extends z.ZodType>(schema: T, description: string): T =>
  schema.openapi({ param: { description } });

/**
 * Who may call: nobody needs to sign in; a person (Bearer JWT; a credential is authenticated but answered
 * 403); or a person or an xAPI credential (HTTP Basic).
 */
export type Auth = 'none' | 'person' | 'person-or-credential';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 423 | 429;

export type Tag =
  | 'auth'
  | 'people'
  | 'credentials'
  | 'policies'
  | 'retention'
  | 'forwarding'
  | 'privacy'
  | 'consent'
  | 'access'
  | 'exports'
  | 'audit'
  | 'analytics'
  | 'imports'
  | 'meta';

export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path as OpenAPI writes it (`/api/v1/people/{id}`); every `{param}` is a uuid. */
  path: `/api/v1/${string}`;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  auth: Auth;
  query?: z.ZodObject;
  /** A JSON body (a `named` schema). */
  body?: z.ZodType;
  ok: {
    status: 200 | 201;
    description: string;
    /** A JSON body, or NDJSON lines of it (and, with `csv`, CSV rows instead, by `format`). */
    json?: z.ZodType;
    ndjson?: z.ZodType;
    csv?: string;
    /** Other renderings of the same answer by `format`: media type → what it is (e.g. `text/html`). */
    documents?: Record<string, string>;
  };
  /**
   * Errors beyond those implied: 401 for any `auth` but `none`, 400 when there is a body or a query, 404 when
   * the path has a `{param}` (a malformed id is a 404 like an unknown one).
   */
  errors?: ErrorStatus[];
}

const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  none: [],
  person: [{ person: [] }],
  'person-or-credential': [{ person: [] }, { credential: [] }],
};

function okContent({ json, ndjson, csv, documents = {} }: ApiRoute['ok']): ResponseConfig['content'] {
  return {
    ...(json && { 'application/json': { schema: json } }),
    ...(ndjson && { 'application/x-ndjson': { schema: ndjson } }),
    ...(csv && { 'text/csv': { schema: { type: 'string', description: csv } } }),
    ...Object.fromEntries(
      Object.entries(documents).map(([type, description]) => [
        type,
        { schema: { type: 'string', description } },
      ]),
    ),
  };
}

export function documentRoute(registry: OpenAPIRegistry, op: ApiRoute): void {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const errors = new Set<ErrorStatus>(op.errors);
  // Every authenticated route takes HTTP Basic (a credential on a person's route is a 403 after it), and Basic
  // secrets are throttled like logins.
  if (op.auth !== 'none') for (const s of [401, 423, 429] as const) errors.add(s);
  if (op.body || op.query) errors.add(400);
  if (pathParams.length > 0) errors.add(404);
  registry.registerPath({
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description && { description: op.description }),
    security: SECURITY[op.auth],
    request: {
      ...(pathParams.length > 0 && {
        params: z.object(Object.fromEntries(pathParams.map((p) => [p, z.uuid()]))),
      }),
      ...(op.query && { query: op.query }),
      ...(op.body && { body: { required: true, content: { 'application/json': { schema: op.body } } } }),
    },
    responses: {
      [op.ok.status]: { description: op.ok.description, content: okContent(op.ok) },
      ...Object.fromEntries([...errors].sort().map((s) => [s, { $ref: `#/components/responses/E${s}` }])),
      500: { $ref: '#/components/responses/E500' },
    },
  });
}

/** Who may call the admin routes (in descriptions). */
export const ADMIN =
  'Needs the `admin` role in the tenant (403 otherwise); another tenant is invisible (404).';
/** Who may call a learner's own routes (in descriptions). */
export const LEARNER = 'The signed-in person acts for themself; an xAPI credential gets 403.';
