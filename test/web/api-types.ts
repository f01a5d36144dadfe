// The web app's typed API (apps/web/src/api/schema.d.ts) is generated from the gateway's OpenAPI
// document with openapi-typescript, so a page calls /api/v1 with the types the gateway checks.
// Regenerate after changing a route or contract: `npm run web:api-types` (./write-api-types.ts).
// ./api-types.spec.ts fails while the committed file differs from what the document generates.
import { openApiDocument } from '@custos/gateway';
import openapiTS, { astToString } from 'openapi-typescript';

/** Relative to the repository root. */
export const API_TYPES_PATH = 'apps/web/src/api/schema.d.ts';

const HEADER =
  '// Generated from the gateway OpenAPI document (apps/gateway/src/http/openapi.ts) by\n' +
  '// test/web/api-types.ts: run `npm run web:api-types`. Do not edit by hand.\n\n';

export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as unknown as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}
