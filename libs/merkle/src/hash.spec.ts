import { describe, expect, it } from 'vitest';

import { emptyRoot, Frontier, fromHex, leafHash, nodeHash, toHex } from '@custos/merkle';

import { sha256 } from '../test/reference.js';

// The eight leaves of the reference test vectors used by Certificate Transparency implementations;
// the roots below were computed independently (Python hashlib, the RFC's recursive MTH).
const VECTOR_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const VECTOR_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('RFC 9162 §2.1.1 hashes', () => {
  it('gives SHA-256("") as the root of the empty tree', () => {
    expect(toHex(emptyRoot(sha256))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(Frontier.empty(sha256).root())).toBe(toHex(emptyRoot(sha256)));
  });

  it('prefixes a leaf with 0x00 and a node with 0x01', () => {
    expect(toHex(leafHash(sha256, new Uint8Array(0)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const [a, b] = [leafHash(sha256, Uint8Array.of(1)), leafHash(sha256, Uint8Array.of(2))];
    expect(toHex(nodeHash(sha256, a, b))).toBe(toHex(sha256(Uint8Array.of(1, ...a, ...b))));
    // Domain separation: the two children's bytes hashed as a leaf give another hash.
    expect(toHex(leafHash(sha256, Uint8Array.of(...a, ...b)))).not.toBe(toHex(nodeHash(sha256, a, b)));
  });

  it('reproduces the reference roots of trees of 1 to 8 leaves', () => {
    const frontier = Frontier.empty(sha256);
    const roots = VECTOR_LEAVES.map((leaf) => {
      frontier.append(leafHash(sha256, fromHex(leaf)));
      return toHex(frontier.root());
    });
    expect(roots).toEqual(VECTOR_ROOTS);
  });
});

describe('hex', () => {
  it('round-trips bytes as lower-case hex', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(bytes).slice(0, 8)).toBe('00010203');
    expect(toHex(bytes).slice(-4)).toBe('feff');
    expect(fromHex(toHex(bytes))).toEqual(bytes);
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it.each(['0', 'abc', 'AB', '0g', ' 00', '00 ', '0x00', '+1', '-1'])('rejects %j', (hex) => {
    expect(() => fromHex(hex)).toThrow(RangeError);
  });
});
