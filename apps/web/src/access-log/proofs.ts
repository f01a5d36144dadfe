// Checking the audit log's proofs in the browser (docs/audit.md "Proofs", ADR 0010): that a signed tree head
// is signed by the key that came with it, that an access-log entry's record is a leaf of that tree
// (RFC 9162 §2.1.3), and that a newer tree extends a tree head the auditor kept (§2.1.4). Pure except for
// WebCrypto's Ed25519 (async, passed in so tests can use their own keys); SHA-256 is @noble/hashes', because
// @custos/merkle needs it synchronously and WebCrypto's digest is async only.
import { fromHex, leafHash, toHex, verifyConsistency, verifyInclusion } from '@custos/merkle';
import { sha256 } from '@noble/hashes/sha2.js';

/** A signed checkpoint as the API gives it (AuditCheckpointV1); a tree head has `treeSize` and `rootHash`. */
export interface TreeHead {
  tenantId: string;
  seq: string;
  hash: string;
  at: string;
  kind: string;
  treeSize?: string;
  rootHash?: string;
  publicKeyId: string;
  signature: string;
}

/** An access-log entry's proof (AccessLogEntryV1's `proof`): its record's chain hash and audit path. */
export interface InclusionProof {
  seq: string;
  leafIndex: string;
  treeSize: string;
  path: string[];
  recordHash: string;
}

/** A consistency proof (AuditConsistencyProofV1): the tree of `to` leaves extends the tree of `from`. */
export interface ConsistencyProof {
  from: string;
  to: string;
  path: string[];
}

const DECIMAL = /^\d{1,15}$/;

/** A tree size or leaf index as a number; anything that is not a safe decimal count is undefined. */
function count(text: string | undefined): number | undefined {
  return text !== undefined && DECIMAL.test(text) ? Number(text) : undefined;
}

/** Hex that @custos/merkle reads strictly; a malformed value is a failed check, never an exception. */
function hashes(hex: readonly string[]): Uint8Array[] | undefined {
  try {
    return hex.map(fromHex);
  } catch {
    return undefined;
  }
}

/**
 * The exact bytes storage signs (apps/storage/src/audit/audit-checkpoint.ts `checkpointMessage`): the canonical
 * JSON — keys sorted, no spaces, UTF-8 — of the head's claim. Every value is a string, so JSON.stringify of each
 * is the canonical form. A checkpoint signed before the tree existed has no `treeSize`/`rootHash` and its
 * message leaves them out.
 */
export function treeHeadMessage(head: TreeHead): Uint8Array {
  const claim: Record<string, string | undefined> = {
    at: head.at,
    hash: head.hash,
    kind: head.kind,
    rootHash: head.rootHash,
    seq: head.seq,
    tenantId: head.tenantId,
    treeSize: head.treeSize,
  };
  const json = Object.entries(claim)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',');
  return new TextEncoder().encode(`{${json}}`);
}

/** The DER bytes of a PEM public key (SPKI); undefined when it is not PEM. */
function derOf(pem: string): Uint8Array<ArrayBuffer> | undefined {
  const match = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem);
  if (!match) return undefined;
  return base64(match[1]!.replace(/\s+/g, ''));
}

function base64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Is the head signed (Ed25519) by `publicKeyPem`, and does it name that key? The key id is the first 16 hex
 * characters of SHA-256 of the key's DER (AuditCheckpointV1 `publicKeyId`). Malformed input is `false`.
 */
export async function verifyTreeHead(
  head: TreeHead,
  publicKeyPem: string,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<boolean> {
  const der = derOf(publicKeyPem);
  const signature = base64(head.signature);
  if (!der || !signature) return false;
  if (toHex(sha256(der)).slice(0, 16) !== head.publicKeyId) return false;
  try {
    const key = await subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
    // A copy into a fresh ArrayBuffer: WebCrypto takes a BufferSource, which a view of a shared buffer is not.
    const message = new Uint8Array(treeHeadMessage(head));
    return await subtle.verify({ name: 'Ed25519' }, key, signature, message);
  } catch {
    // Not an Ed25519 key, or a signature of the wrong length.
    return false;
  }
}

/**
 * Does the proof show the entry's record in this (signed) tree head? Its tree is the head's, its leaf is the
 * record's place in the tree (leaf i is record `seq − treeSize + i + 1` of the head, AuditCheckpointV1), and
 * the audit path leads from SHA-256(0x00 || record hash) to the head's root.
 */
export function inHead(proof: InclusionProof, head: TreeHead): boolean {
  const size = count(head.treeSize);
  const index = count(proof.leafIndex);
  if (size === undefined || index === undefined || head.rootHash === undefined) return false;
  if (proof.treeSize !== head.treeSize) return false;
  if (!DECIMAL.test(proof.seq) || !/^\d+$/.test(head.seq)) return false;
  if (BigInt(head.seq) - BigInt(size) + BigInt(index) + 1n !== BigInt(proof.seq)) return false;
  const path = hashes(proof.path);
  const parts = hashes([proof.recordHash, head.rootHash]);
  if (!path || !parts || parts[0]!.length !== 32) return false;
  return verifyInclusion(sha256, leafHash(sha256, parts[0]!), index, size, path, parts[1]!);
}

/** An access-log entry's standing: checked into the signed head, not (yet) in one, or a failed check. */
export type EntryCheck = 'verified' | 'not-in-head' | 'failed' | 'checking' | 'unavailable';

/**
 * Whether this page can check signatures at all: WebCrypto exists only in secure contexts (HTTPS, or localhost).
 * Without it the page says it cannot check here, rather than reporting a check that failed.
 */
export const canCheckProofs = (crypto: { subtle?: unknown } | undefined = globalThis.crypto): boolean =>
  crypto?.subtle !== undefined;

/**
 * An entry's standing, given its page's tree head and whether that head's signature verified (undefined: still
 * checking). A proof without a head, or against a head whose signature failed, is a failure, never a pass.
 */
export function entryCheck(
  proof: InclusionProof | undefined,
  head: TreeHead | undefined,
  signed: boolean | undefined,
  checkable = true,
): EntryCheck {
  if (!proof) return 'not-in-head';
  if (!checkable) return 'unavailable';
  if (!head || signed === false) return 'failed';
  if (!inHead(proof, head)) return 'failed';
  return signed === undefined ? 'checking' : 'verified';
}

/** Why a kept tree head is not extended by the newest one; `undefined`: it is. */
export type ConsistencyProblem =
  | 'kept-not-a-tree-head'
  | 'kept-signature'
  | 'newest-signature'
  | 'other-tenant'
  | 'wrong-sizes'
  | 'not-extended';

/**
 * Does the newest head extend the kept one unchanged? Both signed by the key, the same tenant, a proof from the
 * kept size to the newest size, and the proof valid for both roots (RFC 9162 §2.1.4.2).
 */
export async function checkConsistency(
  kept: TreeHead,
  newest: TreeHead,
  proof: ConsistencyProof,
  publicKeyPem: string,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<ConsistencyProblem | undefined> {
  const from = count(kept.treeSize);
  const to = count(newest.treeSize);
  if (from === undefined || kept.rootHash === undefined) return 'kept-not-a-tree-head';
  if (!(await verifyTreeHead(kept, publicKeyPem, subtle))) return 'kept-signature';
  if (to === undefined || newest.rootHash === undefined) return 'newest-signature';
  if (!(await verifyTreeHead(newest, publicKeyPem, subtle))) return 'newest-signature';
  if (kept.tenantId !== newest.tenantId) return 'other-tenant';
  if (proof.from !== kept.treeSize || proof.to !== newest.treeSize) return 'wrong-sizes';
  const path = hashes(proof.path);
  const roots = hashes([kept.rootHash, newest.rootHash]);
  if (!path || !roots) return 'not-extended';
  return verifyConsistency(sha256, from, to, path, roots[0]!, roots[1]!) ? undefined : 'not-extended';
}

/** A tree head the auditor pasted: JSON with the fields of a signed checkpoint; undefined otherwise. */
export function parseTreeHead(text: string): TreeHead | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const strings = ['tenantId', 'seq', 'hash', 'at', 'kind', 'publicKeyId', 'signature'] as const;
  if (!strings.every((key) => typeof v[key] === 'string')) return undefined;
  if (v.treeSize !== undefined && typeof v.treeSize !== 'string') return undefined;
  if (v.rootHash !== undefined && typeof v.rootHash !== 'string') return undefined;
  return {
    tenantId: v.tenantId as string,
    seq: v.seq as string,
    hash: v.hash as string,
    at: v.at as string,
    kind: v.kind as string,
    ...(v.treeSize !== undefined && { treeSize: v.treeSize }),
    ...(v.rootHash !== undefined && { rootHash: v.rootHash }),
    publicKeyId: v.publicKeyId as string,
    signature: v.signature as string,
  };
}
