// Signed statements for tests (xAPI Data §2.6): an RSA key with a self-signed X.509 certificate
// made here (a few lines of DER, so no OpenSSL or extra package is needed), and a JWS over a
// statement in compact serialization with the certificate in x5c.
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

import { CompactSign } from 'jose';

export interface Signer {
  privateKey: KeyObject;
  /** The self-signed certificate, base64 DER (the form of a JWS x5c entry). */
  certificate: string;
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  let length: Buffer;
  if (body.length < 0x80) {
    length = Buffer.from([body.length]);
  } else {
    const bytes: number[] = [];
    for (let n = body.length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const oid = (dotted: string): Buffer => {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
};
const utcTime = (d: Date) => tlv(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`));
const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

/** A fresh 2048-bit RSA key and a self-signed certificate for it, valid for a day. */
export function aSigner(commonName = 'Custos test signer'): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName)))));
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version 3
    tlv(0x02, Buffer.concat([Buffer.from([0x01]), randomBytes(8)])), // positive serial
    SHA256_WITH_RSA,
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = seq(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.from([0]), signature));
  return { privateKey, certificate: certificate.toString('base64') };
}

export interface SignOptions {
  alg?: string;
  /** Put the signer's certificate in the x5c header (default true). */
  x5c?: boolean;
}

/** A compact JWS whose payload is the statement's JSON. */
export async function signStatement(
  statement: unknown,
  signer: Signer,
  options: SignOptions = {},
): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const header = { alg, ...(options.x5c === false ? {} : { x5c: [signer.certificate] }) };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(statement)))
    .setProtectedHeader(header)
    .sign(signer.privateKey);
}
