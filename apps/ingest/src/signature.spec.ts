// xAPI 2.0 Data §2.6 — signed statement checks, with keys and certificates made in the test.
import { BadRequestError } from '@custos/contracts';
import { aSigner, aStatement, aVerb, sha256Hex, signStatement, type Signer } from '@custos/testing';
import { SIGNATURE_USAGE_TYPE, type Statement } from '@custos/xapi';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { verifyStatementSignatures } from './signature.js';

let signer: Signer;
let stranger: Signer;
beforeAll(() => {
  signer = aSigner();
  stranger = aSigner('someone else');
});

/** The statement as received: the original plus the signature attachment, and the data map. */
function received(original: Record<string, unknown>, jws: string) {
  const data = Buffer.from(jws);
  const statement = {
    ...original,
    attachments: [
      {
        usageType: SIGNATURE_USAGE_TYPE,
        display: { 'en-US': 'Signature' },
        contentType: 'application/octet-stream',
        length: data.length,
        sha2: sha256Hex(data),
      },
    ],
  } as unknown as Statement;
  return { statement, data: new Map([[sha256Hex(data), new Uint8Array(data)]]) };
}

const verify = (original: Record<string, unknown>, jws: string, id?: string) => {
  const r = received(original, jws);
  return verifyStatementSignatures(r.statement, r.data, '2.0.0', id ?? (original.id as string | undefined));
};

describe('verifyStatementSignatures (Data §2.6)', () => {
  it.each(['RS256', 'RS384', 'RS512'])(
    'accepts a statement signed with %s and an x5c certificate',
    async (alg) => {
      const original = aStatement();
      await expect(verify(original, await signStatement(original, signer, { alg }))).resolves.toBeUndefined();
    },
  );

  it('accepts a signature without x5c (nothing to verify against)', async () => {
    const original = aStatement();
    await expect(
      verify(original, await signStatement(original, signer, { x5c: false })),
    ).resolves.toBeUndefined();
  });

  it('ignores what the LRS may assign: an id, stored and authority added after signing (§2.3.1)', async () => {
    const original = aStatement();
    const jws = await signStatement(original, signer);
    const later = { ...original, id: crypto.randomUUID(), stored: new Date().toISOString() };
    await expect(verify(later, jws)).resolves.toBeUndefined();
  });

  it('accepts a statement whose statement has no other attachments than its signature', async () => {
    const original = aStatement();
    const jws = await signStatement(original, signer);
    const r = received(original, jws);
    await expect(verifyStatementSignatures(r.statement, r.data, '1.0.3', undefined)).resolves.toBeUndefined();
  });

  it.each([
    ['a JWS that is not compact serialization', () => 'not a jws', /compact serialization/],
    ['a JWS with two segments', () => 'eyJhbGciOiJSUzI1NiJ9.e30', /compact serialization/],
    ['a header that does not decode', () => 'e30x.e30.AA', /header does not decode|algorithm/],
  ])('rejects %s', async (_name, make, message) => {
    const failed = verify(aStatement(), make());
    await expect(failed).rejects.toBeInstanceOf(BadRequestError);
    await expect(failed).rejects.toThrow(message);
  });

  it('rejects an algorithm other than RS256, RS384 or RS512 (HS256)', async () => {
    const original = aStatement();
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(original)))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32).fill(7));
    await expect(verify(original, jws)).rejects.toThrow(/must be RS256, RS384 or RS512; got "HS256"/);
  });

  it('rejects a payload that is not JSON', async () => {
    const jws = await new CompactSign(new TextEncoder().encode('not json'))
      .setProtectedHeader({ alg: 'RS256' })
      .sign(signer.privateKey);
    await expect(verify(aStatement(), jws)).rejects.toThrow(/payload is not JSON/);
  });

  it('rejects a payload that is not a valid statement', async () => {
    const jws = await signStatement({ hello: 'world' }, signer);
    await expect(verify(aStatement(), jws)).rejects.toThrow(/not a valid statement/);
  });

  it('rejects a statement that differs from what was signed (tampered verb)', async () => {
    const original = aStatement();
    const jws = await signStatement(original, signer);
    await expect(verify({ ...original, verb: aVerb('failed') }, jws)).rejects.toThrow(
      /differs from the statement/,
    );
  });

  it('rejects a signed id that differs from the id the statement is stored under', async () => {
    const original = { ...aStatement(), id: crypto.randomUUID() };
    const jws = await signStatement(original, signer);
    await expect(verify({ ...original, id: crypto.randomUUID() }, jws)).rejects.toThrow(/differs/);
    // PUT: the statementId parameter is the id it is stored under.
    const { id: _id, ...withoutId } = original;
    await expect(verify(withoutId, jws, original.id)).resolves.toBeUndefined();
  });

  it('rejects a signed timestamp that was changed', async () => {
    const original = { ...aStatement(), timestamp: '2024-01-01T10:00:00.000Z' };
    const jws = await signStatement(original, signer);
    await expect(verify({ ...original, timestamp: '2024-01-01T11:00:00.000Z' }, jws)).rejects.toThrow(
      /differs/,
    );
    await expect(
      verify({ ...original, timestamp: '2024-01-01T12:00:00+02:00' }, jws),
    ).resolves.toBeUndefined();
  });

  it('rejects a signature that does not verify with the x5c certificate', async () => {
    const original = aStatement();
    const [h, p] = (await signStatement(original, signer)).split('.');
    const [, , foreign] = (await signStatement(original, stranger)).split('.');
    await expect(verify(original, `${h}.${p}.${foreign}`)).rejects.toThrow(/does not verify with the x5c/);
  });

  it('rejects an x5c header without a certificate', async () => {
    const original = aStatement();
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(original)))
      .setProtectedHeader({ alg: 'RS256', x5c: [] })
      .sign(signer.privateKey);
    await expect(verify(original, jws)).rejects.toThrow(/x5c header holds no certificate/);
  });

  it('rejects a signature attachment that came without data (fileUrl only)', async () => {
    const original = aStatement();
    const r = received(original, await signStatement(original, signer));
    await expect(verifyStatementSignatures(r.statement, new Map(), '2.0.0', undefined)).rejects.toThrow(
      /must be sent as a multipart part/,
    );
  });
});
