// The OpenAPI description of ./portable.controller.ts (see ./openapi-route.ts); GET /.well-known/jwks.json is
// outside /api/v1 and described in docs/flows.md.
import { PortableArchiveV1, PortableImportReplyV1 } from '@custos/contracts';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

import { documentRoute, LEARNER, named } from './openapi-route.js';

export function documentPortable(registry: OpenAPIRegistry): void {
  const Archive = named(
    'PortableArchive',
    PortableArchiveV1.describe(
      'A JWS (RFC 7515 flattened JSON serialization, EdDSA) whose payload is the base64url of the archive content ' +
        '(format `custos-portable-records/1`: issuer, subject, issuedAt, statements, receipts); the key is at ' +
        "the issuer's /.well-known/jwks.json",
    ),
  );
  documentRoute(registry, {
    method: 'get',
    path: '/api/v1/me/portable',
    operationId: 'getMyPortableRecords',
    tag: 'exports',
    summary:
      "The signed-in learner's records with their consent receipts, as an archive signed by this Custos",
    description:
      `${LEARNER} The statements their self access selects (as GET /api/v1/me/export; audited as an export) and ` +
      'their consent receipts, for another Custos (POST /api/v1/me/imports there) or, the statements alone, any ' +
      "LRS's POST /statements. 403 when no xAPI identifier is linked to them; 503 when this installation issues no " +
      'archives.',
    auth: 'person',
    ok: { status: 200, description: 'The signed archive (application/jose+json)', json: Archive },
    errors: [403],
  });
  documentRoute(registry, {
    method: 'post',
    path: '/api/v1/me/imports',
    operationId: 'importMyPortableRecords',
    tag: 'exports',
    summary: 'Brings a portable archive from another Custos: its statements are kept here',
    description:
      `${LEARNER} The issuer must be trusted here (CUSTOS_PORTABLE_TRUSTED_ISSUERS) and the signature must verify ` +
      "under the issuer's published key, else 400 saying why (a changed archive is refused whole); 403 when the " +
      "archive's subject shares no identifier with the signed-in person. Statements keep their ids, authority " +
      "and stored time (as provenance); who else reads them is decided by this installation's policies and the " +
      "learner's grants here. Repeating an import is harmless.",
    auth: 'person',
    body: Archive,
    ok: {
      status: 201,
      description: 'What was kept',
      json: named('PortableImportReply', PortableImportReplyV1),
    },
    errors: [403],
  });
}
