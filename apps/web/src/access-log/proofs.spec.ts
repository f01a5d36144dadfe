import { assemble, consistencyPlan, Frontier, fromHex, inclusionPlan, leafHash, toHex } from '@custos/merkle';
import { sha256 } from '@noble/hashes/sha2.js';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  checkConsistency,
  canCheckProofs,
  entryCheck,
  inHead,
  type InclusionProof,
  parseTreeHead,
  type TreeHead,
  treeHeadMessage,
  verifyTreeHead,
} from './proofs';

// A tenant's log as storage keeps it: records 1..40 whose chain hashes are the leaves (leaf i is record i + 1,
// the tree having started with the first record), every completed subtree stored, a root per size.
const SIZE = 40;
const recordHashes = Array.from({ length: SIZE }, (_, i) => toHex(sha256(new TextEncoder().encode(`r${i}`))));
const nodes = new Map<string, Uint8Array>();
const roots: string[] = [];
{
  const frontier = Frontier.empty(sha256);
  roots.push(toHex(frontier.root()));
  for (const hex of recordHashes) {
    const leaf = leafHash(sha256, fromHex(hex));
    for (const node of frontier.append(leaf)) nodes.set(`${node.ref.level}:${node.ref.index}`, node.hash);
    roots.push(toHex(frontier.root()));
  }
}
const lookup = (ref: { level: number; index: number }) => nodes.get(`${ref.level}:${ref.index}`)!;

function inclusion(leafIndex: number, treeSize: number): InclusionProof {
  return {
    seq: String(leafIndex + 1),
    leafIndex: String(leafIndex),
    treeSize: String(treeSize),
    path: assemble(sha256, inclusionPlan(leafIndex, treeSize), lookup).map(toHex),
    recordHash: recordHashes[leafIndex]!,
  };
}

const consistency = (from: number, to: number) => ({
  from: String(from),
  to: String(to),
  path: assemble(sha256, consistencyPlan(from, to), lookup).map(toHex),
});

interface Signer {
  pem: string;
  keyId: string;
  sign(claim: Omit<TreeHead, 'publicKeyId' | 'signature'>): Promise<TreeHead>;
}

async function signer(): Promise<Signer> {
  const keys = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const der = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const b64 = btoa(String.fromCharCode(...der));
  const pem = `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
  const keyId = toHex(sha256(der)).slice(0, 16);
  return {
    pem,
    keyId,
    async sign(claim) {
      const unsigned = { ...claim, publicKeyId: keyId, signature: '' };
      const signature = await crypto.subtle.sign(
        { name: 'Ed25519' },
        keys.privateKey,
        new Uint8Array(treeHeadMessage(unsigned)),
      );
      return { ...unsigned, signature: btoa(String.fromCharCode(...new Uint8Array(signature))) };
    },
  };
}

const claimAt = (treeSize: number) => ({
  tenantId: 'acme',
  seq: String(treeSize),
  hash: recordHashes[treeSize - 1]!,
  at: '2026-12-07T10:00:00.000Z',
  kind: 'periodic',
  treeSize: String(treeSize),
  rootHash: roots[treeSize]!,
});

/** The same hex with one digit changed. */
const flipDigit = (hex: string, at = 0) =>
  `${hex.slice(0, at)}${hex[at] === '0' ? '1' : '0'}${hex.slice(at + 1)}`;

let institution: Signer;
let someoneElse: Signer;
let head: TreeHead;
beforeAll(async () => {
  institution = await signer();
  someoneElse = await signer();
  head = await institution.sign(claimAt(SIZE));
});

describe('treeHeadMessage', () => {
  it('is the canonical JSON storage signs: keys sorted, no spaces', () => {
    const message = new TextDecoder().decode(
      treeHeadMessage({
        tenantId: 't',
        seq: '7',
        hash: 'h',
        at: 'a',
        kind: 'periodic',
        treeSize: '7',
        rootHash: 'r',
        publicKeyId: 'k',
        signature: 's',
      }),
    );
    expect(message).toBe(
      '{"at":"a","hash":"h","kind":"periodic","rootHash":"r","seq":"7","tenantId":"t","treeSize":"7"}',
    );
  });

  it('leaves out the tree of a checkpoint signed before the tree existed', () => {
    const message = new TextDecoder().decode(
      treeHeadMessage({
        tenantId: 't',
        seq: '7',
        hash: 'h',
        at: 'a',
        kind: 'periodic',
        publicKeyId: 'k',
        signature: 's',
      }),
    );
    expect(message).toBe('{"at":"a","hash":"h","kind":"periodic","seq":"7","tenantId":"t"}');
  });
});

describe('verifyTreeHead', () => {
  it('accepts a head signed with the key that came with it', async () => {
    await expect(verifyTreeHead(head, institution.pem)).resolves.toBe(true);
  });

  it('rejects a head signed by another key, under either key id', async () => {
    const forged = await someoneElse.sign(claimAt(SIZE));
    await expect(verifyTreeHead(forged, institution.pem)).resolves.toBe(false);
    await expect(
      verifyTreeHead({ ...forged, publicKeyId: institution.keyId }, institution.pem),
    ).resolves.toBe(false);
  });

  it('rejects a head whose root, size or time was altered after signing', async () => {
    await expect(
      verifyTreeHead({ ...head, rootHash: flipDigit(head.rootHash!) }, institution.pem),
    ).resolves.toBe(false);
    await expect(verifyTreeHead({ ...head, treeSize: '39' }, institution.pem)).resolves.toBe(false);
    await expect(verifyTreeHead({ ...head, at: '2026-12-08T10:00:00.000Z' }, institution.pem)).resolves.toBe(
      false,
    );
  });

  it('rejects what is not a PEM key or a base64 signature, without throwing', async () => {
    await expect(verifyTreeHead(head, 'not a key')).resolves.toBe(false);
    await expect(verifyTreeHead({ ...head, signature: '***' }, institution.pem)).resolves.toBe(false);
    await expect(verifyTreeHead({ ...head, signature: btoa('short') }, institution.pem)).resolves.toBe(false);
  });
});

describe('inHead', () => {
  it('accepts every record’s real proof in a tree of 40', () => {
    for (let i = 0; i < SIZE; i++) expect(inHead(inclusion(i, SIZE), head), `leaf ${i}`).toBe(true);
  });

  it('rejects a proof with a flipped path element', () => {
    for (const i of [0, 17, 39]) {
      const proof = inclusion(i, SIZE);
      proof.path.forEach((_, k) => {
        const path = proof.path.map((h, j) => (j === k ? flipDigit(h, 5) : h));
        expect(inHead({ ...proof, path }, head), `leaf ${i} element ${k}`).toBe(false);
      });
    }
  });

  it('rejects a proof claimed at another index, or for another record', () => {
    const proof = inclusion(12, SIZE);
    expect(inHead({ ...proof, leafIndex: '13', seq: '14' }, head)).toBe(false);
    expect(inHead({ ...proof, leafIndex: '13' }, head)).toBe(false);
    expect(inHead({ ...proof, seq: '14' }, head)).toBe(false);
    expect(inHead({ ...proof, recordHash: recordHashes[13]! }, head)).toBe(false);
  });

  it('rejects a proof against a head whose root was altered, or another tree size', () => {
    expect(inHead(inclusion(3, SIZE), { ...head, rootHash: flipDigit(head.rootHash!) })).toBe(false);
    expect(inHead(inclusion(3, 39), head)).toBe(false);
  });

  it('rejects malformed proofs without throwing', () => {
    const proof = inclusion(3, SIZE);
    expect(inHead({ ...proof, path: ['zz'] }, head)).toBe(false);
    expect(inHead({ ...proof, recordHash: 'ABC' }, head)).toBe(false);
    expect(inHead({ ...proof, leafIndex: '-1' }, head)).toBe(false);
    expect(inHead(proof, { ...head, treeSize: undefined, rootHash: undefined })).toBe(false);
  });
});

describe('entryCheck', () => {
  it('verifies an entry only when its proof holds and the head’s signature verified', () => {
    const proof = inclusion(5, SIZE);
    expect(entryCheck(proof, head, true)).toBe('verified');
    expect(entryCheck(proof, head, undefined)).toBe('checking');
    expect(entryCheck(proof, head, false)).toBe('failed');
    expect(entryCheck(proof, undefined, undefined)).toBe('failed');
    expect(entryCheck({ ...proof, leafIndex: '6' }, head, true)).toBe('failed');
    expect(entryCheck(undefined, head, true)).toBe('not-in-head');
  });

  it('says an entry cannot be checked where the browser has no WebCrypto (plain http), never verified or failed', () => {
    const proof = inclusion(5, SIZE);
    expect(canCheckProofs({ subtle: undefined })).toBe(false);
    expect(canCheckProofs({})).toBe(false);
    expect(canCheckProofs(globalThis.crypto)).toBe(true);
    expect(entryCheck(proof, head, undefined, false)).toBe('unavailable');
    expect(entryCheck({ ...proof, leafIndex: '6' }, head, undefined, false)).toBe('unavailable');
    expect(entryCheck(undefined, head, undefined, false)).toBe('not-in-head');
  });
});

describe('checkConsistency', () => {
  it('accepts the newest head extending a kept one, from every earlier size', async () => {
    for (const from of [1, 2, 7, 8, 16, 25, 40]) {
      const kept = await institution.sign(claimAt(from));
      await expect(
        checkConsistency(kept, head, consistency(from, SIZE), institution.pem),
        `from ${from}`,
      ).resolves.toBe(undefined);
    }
  });

  it('rejects a rewritten history: the kept root is not in the newest tree', async () => {
    const kept = await institution.sign({ ...claimAt(25), rootHash: roots[24]! });
    await expect(checkConsistency(kept, head, consistency(25, SIZE), institution.pem)).resolves.toBe(
      'not-extended',
    );
  });

  it('rejects a proof with a flipped element, or for other sizes', async () => {
    const kept = await institution.sign(claimAt(25));
    const proof = consistency(25, SIZE);
    const flipped = { ...proof, path: proof.path.map((h, j) => (j === 1 ? flipDigit(h, 9) : h)) };
    await expect(checkConsistency(kept, head, flipped, institution.pem)).resolves.toBe('not-extended');
    await expect(checkConsistency(kept, head, consistency(24, SIZE), institution.pem)).resolves.toBe(
      'wrong-sizes',
    );
  });

  it('names a head that is not signed by the key, or not a tree head', async () => {
    const kept = await institution.sign(claimAt(25));
    const forgedKept = await someoneElse.sign(claimAt(25));
    const proof = consistency(25, SIZE);
    await expect(checkConsistency(forgedKept, head, proof, institution.pem)).resolves.toBe('kept-signature');
    await expect(
      checkConsistency(kept, { ...head, rootHash: flipDigit(head.rootHash!) }, proof, institution.pem),
    ).resolves.toBe('newest-signature');
    const { treeSize: _size, rootHash: _root, ...chainOnly } = kept;
    await expect(checkConsistency(chainOnly, head, proof, institution.pem)).resolves.toBe(
      'kept-not-a-tree-head',
    );
  });
});

describe('parseTreeHead', () => {
  it('reads a saved checkpoint and refuses what is not one', () => {
    expect(parseTreeHead(JSON.stringify(head))).toEqual(head);
    expect(parseTreeHead('{')).toBeUndefined();
    expect(parseTreeHead('[]')).toBeUndefined();
    expect(parseTreeHead(JSON.stringify({ ...head, treeSize: 40 }))).toBeUndefined();
  });
});
