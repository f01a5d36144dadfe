// xAPI 2.0 Data §2.6 (Signed Statements; IEEE 9274.1.1 §4.2.7) — what the LRS checks before it
// stores a statement that carries a JWS signature attachment, and rejects with 400 otherwise:
// - the JWS decodes (compact serialization, RFC 7515 §7.1) and its payload is a statement;
// - its algorithm is RS256, RS384 or RS512;
// - the signed statement is logically equivalent to the received one (Data §2.3.1 Statement
//   Comparison Requirements): differences that LRS processing could have caused are ignored
//   (authority, stored, version, attachments, Activity definitions, Verb display …), so the
//   id and timestamp may be missing from the payload but, when signed, must not differ;
// - when the JWS header carries an X.509 chain (x5c), the signature verifies with its first
//   certificate. Without x5c there is no key to check against, and the spec asks for none.
// The spec calls the x5c check a way to catch mistakes, not a trust decision; so is this.
import {
  jsonNestingExceeds,
  parseTimestamp,
  SIGNATURE_USAGE_TYPE,
  type Statement,
  statementsEquivalent,
  tooDeepMessage,
  validateStatement,
  type XapiVersion,
} from '@custos/xapi';
import { BadRequestError } from '@custos/contracts';
import { base64url, compactVerify, decodeProtectedHeader, importX509 } from 'jose';

/** Data §2.6: "the RSA + SHA series of JWS algorithms". */
export const SIGNATURE_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

const invalid = (why: string): BadRequestError => new BadRequestError(`invalid statement signature: ${why}`);

/**
 * Verifies the signature attachments of one statement. `dataBySha2` maps lowercase sha2 to the
 * attachment bytes received in the request; `effectiveId` is the id the statement will be stored
 * under when the client gave one (its own `id`, or PUT's statementId).
 */
export async function verifyStatementSignatures(
  statement: Statement,
  dataBySha2: ReadonlyMap<string, Uint8Array>,
  version: XapiVersion,
  effectiveId: string | undefined,
): Promise<void> {
  for (const attachment of statement.attachments ?? []) {
    if (attachment.usageType !== SIGNATURE_USAGE_TYPE) continue;
    const data = dataBySha2.get(attachment.sha2.toLowerCase());
    if (!data) {
      // Data §2.6: the LRS must decode the JWS; a signature only at fileUrl cannot be checked.
      throw invalid('the signature attachment must be sent as a multipart part, not only as a fileUrl');
    }
    await verifyJws(new TextDecoder().decode(data).trim(), statement, version, effectiveId);
  }
}

async function verifyJws(
  jws: string,
  received: Statement,
  version: XapiVersion,
  effectiveId: string | undefined,
): Promise<void> {
  const segments = jws.split('.');
  if (segments.length !== 3 || segments.some((s) => !/^[A-Za-z0-9_-]*$/.test(s))) {
    throw invalid('the signature is not a JWS in compact serialization');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw invalid('the JWS header does not decode');
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !(SIGNATURE_ALGORITHMS as readonly string[]).includes(alg)) {
    throw invalid(`the JWS algorithm must be RS256, RS384 or RS512; got ${JSON.stringify(alg ?? null)}`);
  }
  if (header.b64 === false) throw invalid('an unencoded JWS payload (b64: false) is not a statement');

  let signed: unknown;
  try {
    const text = new TextDecoder().decode(base64url.decode(segments[1]!));
    // Checked before parsing: what follows (validation, the comparison) walks the statement recursively.
    if (jsonNestingExceeds(text)) throw invalid(tooDeepMessage('the JWS payload'));
    signed = JSON.parse(text);
  } catch (err) {
    if (err instanceof BadRequestError) throw err;
    throw invalid('the JWS payload is not JSON');
  }
  if (signed === null || typeof signed !== 'object' || Array.isArray(signed)) {
    throw invalid('the JWS payload is not a statement object');
  }
  const errors = validateStatement(signed, version);
  if (errors.length > 0) {
    throw invalid(`the JWS payload is not a valid statement (${errors[0]!.path}: ${errors[0]!.message})`);
  }
  if (!signedMatches(signed as Statement, received, effectiveId)) {
    throw invalid('the signed statement differs from the statement received');
  }

  if (header.x5c !== undefined) {
    const [leaf] = Array.isArray(header.x5c) ? header.x5c : [];
    if (typeof leaf !== 'string' || leaf === '') throw invalid('the JWS x5c header holds no certificate');
    let key;
    try {
      key = await importX509(toPem(leaf), alg);
    } catch {
      throw invalid('the x5c certificate is not an RSA X.509 certificate');
    }
    try {
      await compactVerify(jws, key, { algorithms: [alg] });
    } catch {
      throw invalid('the signature does not verify with the x5c certificate');
    }
  }
}

/** Data §2.3.1 comparison, plus: what the signer fixed (id, timestamp) must not have changed. */
function signedMatches(signed: Statement, received: Statement, effectiveId: string | undefined): boolean {
  if (!statementsEquivalent(signed, received)) return false;
  if (signed.id !== undefined && signed.id.toLowerCase() !== effectiveId?.toLowerCase()) return false;
  if (signed.timestamp !== undefined) {
    const a = parseTimestamp(signed.timestamp)?.epochMs;
    const b = received.timestamp === undefined ? undefined : parseTimestamp(received.timestamp)?.epochMs;
    if (a === undefined || a !== b) return false;
  }
  return true;
}

/** x5c entries are base64 DER (RFC 7515 §4.1.6); importX509 takes PEM. */
function toPem(der: string): string {
  const body = der.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
