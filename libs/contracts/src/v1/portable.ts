// A learner carries their records (issue 16, docs/flows.md "A learner carries their records"): the content of the
// signed archive GET /api/v1/me/portable hands out, and what POST /api/v1/me/imports answers. The archive itself is
// a JWS (RFC 7515, flattened JSON serialization) over this content, signed by the issuing Custos's portable-archive
// key, whose public half it publishes at /.well-known/jwks.json.
import { z } from 'zod';

import { ConsentReceiptV1 } from './policies.js';
import { PersonPrincipalV1 } from './principal.js';

/** `typ` of the JWS's protected header: an archive is never mistaken for another signed object. */
export const PORTABLE_ARCHIVE_TYPE = 'custos-portable+json';

/** A statement as JSON, as the issuer stored it (id, stored, authority included). */
const StatementJson = z.record(z.string(), z.unknown());

export const PortableArchiveContentV1 = z.object({
  /** The format of this object; a receiver refuses a version it does not know. */
  format: z.literal('custos-portable-records/1'),
  /** Who vouches for the records: the issuing Custos's public base URL (its JWKS is under it) and tenant. */
  issuer: z.object({ url: z.url(), tenant: z.string().min(1) }),
  /** Whom the records are about: the person at the issuer and their linked xAPI identifiers (agents). */
  subject: z.object({
    personId: z.uuid(),
    agents: z.array(z.record(z.string(), z.unknown())).min(1),
  }),
  issuedAt: z.iso.datetime({ offset: true }),
  /**
   * The statements about them, as their own self access at the issuer selects them (the same read as
   * GET /api/v1/me/export): valid input to any LRS's POST /statements.
   */
  statements: z.array(StatementJson),
  /** Their consent receipts at the issuer (evidence; consent does not travel, the receiver's policies decide). */
  receipts: z.array(ConsentReceiptV1),
});
export type PortableArchiveContentV1 = z.infer<typeof PortableArchiveContentV1>;

/** The archive: RFC 7515 §7.2.2 flattened JWS JSON serialization, `payload` the base64url of the content's JSON. */
export const PortableArchiveV1 = z.object({
  protected: z.string().min(1),
  payload: z.string().min(1),
  signature: z.string().min(1),
});
export type PortableArchiveV1 = z.infer<typeof PortableArchiveV1>;

/** POST /api/v1/me/imports: what was kept of an archive. */
export const PortableImportReplyV1 = z.object({
  issuer: z.object({ url: z.string(), tenant: z.string() }),
  /** Statements stored now, with their original ids. */
  imported: z.number().int().min(0),
  /** Statements already here (the same id, the same content): an import may be repeated. */
  alreadyPresent: z.number().int().min(0),
  /** Statements not kept, each with why (e.g. none of its data subjects is the signed-in person here). */
  refused: z.array(z.object({ id: z.string(), reason: z.string() })),
});
export type PortableImportReplyV1 = z.infer<typeof PortableImportReplyV1>;

/** GET /.well-known/jwks.json (RFC 7517): the public keys archives are signed with. */
export const JwksV1 = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string(),
      kid: z.string(),
      alg: z.literal('EdDSA'),
      use: z.literal('sig'),
    }),
  ),
});
export type JwksV1 = z.infer<typeof JwksV1>;

/**
 * `ingest.v1.portable.import`: the statements of an archive the gateway verified, for the signed-in person to keep.
 * Ingest keeps only those of which the person is a data subject (their linked identifiers here) and writes them as
 * an imported write (./imports.ts) with the issuer as the source.
 */
export const ImportPortableStatementsV1 = z.object({
  principal: PersonPrincipalV1,
  issuer: z.object({ url: z.url(), tenant: z.string().min(1) }),
  statements: z.array(z.unknown()),
});
export type ImportPortableStatementsV1 = z.infer<typeof ImportPortableStatementsV1>;
