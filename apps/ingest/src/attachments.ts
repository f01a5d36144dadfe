// xAPI 2.0 Communication §1.5.1 / §1.5.2 and Data §2.4.11 / §2.6 — matching the attachment data
// a request carried with the attachment metadata of its statements, then checking signatures:
// - every attachment without a fileUrl must have a part whose SHA-2 equals its sha2 (a JSON body
//   has no parts, so there each attachment needs a fileUrl);
// - every part must belong to an attachment of some statement (matched by hash, and no other way);
// - signature attachments must verify (signature.ts).
// The gateway already checked each part's bytes against its X-Experience-API-Hash; the hash is
// checked again here because storage trusts what ingest forwards.
import { createHash } from 'node:crypto';

import { type AttachmentPartV1, BadRequestError } from '@custos/contracts';
import type { Attachment, Statement, XapiVersion } from '@custos/xapi';

import { verifyStatementSignatures } from './signature.js';

const SHA2_BY_HEX_LENGTH = new Map([
  [64, 'sha256'],
  [96, 'sha384'],
  [128, 'sha512'],
]);

/** A statement's attachments, its SubStatement's included (Data §2.4.11 lets both carry them). */
function attachmentsOf(statement: Statement): Attachment[] {
  const own = statement.attachments ?? [];
  const object = statement.object;
  return object.objectType === 'SubStatement' ? [...own, ...(object.attachments ?? [])] : own;
}

/**
 * Matches parts to attachment metadata and verifies signatures. Returns the parts to store, each
 * with the contentType its metadata declares. Throws BadRequestError (400) on any mismatch.
 */
export async function checkAttachments(
  statements: Statement[],
  parts: AttachmentPartV1[],
  version: XapiVersion,
  putStatementId?: string,
): Promise<AttachmentPartV1[]> {
  const data = new Map<string, Uint8Array>();
  for (const part of parts) {
    const bytes = Buffer.from(part.content, 'base64');
    const algorithm = SHA2_BY_HEX_LENGTH.get(part.sha2.length);
    if (!algorithm || createHash(algorithm).update(bytes).digest('hex') !== part.sha2) {
      throw new BadRequestError(`attachment data does not match its hash ${part.sha2}`);
    }
    data.set(part.sha2, bytes);
  }

  const declared = new Map<string, Attachment>();
  statements.forEach((statement, index) => {
    for (const attachment of attachmentsOf(statement)) {
      const sha2 = attachment.sha2.toLowerCase();
      if (!declared.has(sha2)) declared.set(sha2, attachment);
      if (attachment.fileUrl === undefined && !data.has(sha2)) {
        throw new BadRequestError(
          `statement ${index}: attachment ${sha2} has no fileUrl and no attachment part with that hash`,
        );
      }
    }
  });
  for (const sha2 of data.keys()) {
    if (!declared.has(sha2)) {
      throw new BadRequestError(
        `the attachment part with hash ${sha2} belongs to no attachment of the statements`,
      );
    }
  }

  for (const statement of statements) {
    await verifyStatementSignatures(statement, data, version, statement.id ?? putStatementId);
  }

  return parts.map((part) => ({ ...part, contentType: declared.get(part.sha2)!.contentType }));
}
