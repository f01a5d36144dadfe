// xAPI 1.0.3 Data §2.4.11 (Attachments) and §2.6 (Signed Statements) and IEEE 9274.1.1 §4.2.2.6 /
// §4.2.6 — attachment metadata carried in the statement. Matching parts of a multipart body against
// these headers (sha2, length) is the transport's job.

import { isSha2Hex } from '../primitives/identifiers.js';
import { checkShape, child, expectObject, field, show, type Report } from './report.js';
import { checkArray, checkIri, checkIrl, checkLanguageMap, checkString } from './values.js';

/** usageType of the attachment carrying a statement's JWS signature (§2.6). */
export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature';

// RFC 6838 type "/" subtype, optionally followed by parameters.
const MEDIA_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(?:\s*;.*)?$/;

export function checkAttachments(value: unknown, path: string, report: Report): void {
  if (!checkArray(value, path, report, 'attachments')) return;
  value.forEach((attachment, index) => checkAttachment(attachment, child(path, index), report));
}

function checkAttachment(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'an attachment')) return;
  checkShape(value, path, report, 'an Attachment', {
    allowed: ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'],
    required: ['usageType', 'display', 'contentType', 'length', 'sha2'],
  });

  const usageType = field(value, 'usageType');
  if (usageType !== undefined) checkIri(usageType, child(path, 'usageType'), report, 'attachment usageType');
  const display = field(value, 'display');
  if (display !== undefined) checkLanguageMap(display, child(path, 'display'), report, 'attachment display');
  const description = field(value, 'description');
  if (description !== undefined) {
    checkLanguageMap(description, child(path, 'description'), report, 'attachment description');
  }

  const contentType = field(value, 'contentType');
  if (
    contentType !== undefined &&
    checkString(contentType, child(path, 'contentType'), report, 'contentType')
  ) {
    if (!MEDIA_TYPE.test(contentType)) {
      report.add(
        child(path, 'contentType'),
        `contentType must be an Internet media type such as image/png; got ${show(contentType)}`,
      );
    } else if (usageType === SIGNATURE_USAGE_TYPE && contentType !== 'application/octet-stream') {
      report.add(
        child(path, 'contentType'),
        `a signature attachment (usageType ${SIGNATURE_USAGE_TYPE}) must have contentType application/octet-stream; got ${show(contentType)}`,
      );
    }
  }

  const length = field(value, 'length');
  if (length !== undefined && !(typeof length === 'number' && Number.isInteger(length) && length >= 0)) {
    report.add(
      child(path, 'length'),
      `attachment length must be a non-negative JSON integer (octets); got ${show(length)}`,
    );
  }

  const sha2 = field(value, 'sha2');
  if (
    sha2 !== undefined &&
    checkString(sha2, child(path, 'sha2'), report, 'attachment sha2') &&
    !isSha2Hex(sha2)
  ) {
    report.add(
      child(path, 'sha2'),
      `attachment sha2 must be a hex SHA-2 digest (64 hex digits for SHA-256); got ${show(sha2)}`,
    );
  }

  const fileUrl = field(value, 'fileUrl');
  if (fileUrl !== undefined) checkIrl(fileUrl, child(path, 'fileUrl'), report, 'attachment fileUrl');
}
