// xAPI 2.0 Communication §1.5.1 / §1.5.2 (JSON and multipart/mixed statement requests), §2.1.3
// (GET Statements with attachments=true), Data §2.4.11 (Attachments) and §2.6 (Signed Statements).
import {
  anAttachment,
  aSigner,
  aStatement,
  aVerb,
  binaryXapi,
  multipartStatements,
  readMultipart,
  sha256Hex,
  signStatement,
  type Signer,
  xapiClient,
} from '@custos/testing';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from './lrs.js';

const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';

const lrs = useConformanceLrs();
let signer: Signer;
beforeAll(async () => {
  signer = aSigner();
});

const client = async (scopes: string[] = ['all'], tenantId?: string) => {
  const c = await lrs.credentials.create(scopes, tenantId);
  return {
    ...c,
    raw: binaryXapi(lrs.baseUrl, c.key, c.secret),
    xapi: xapiClient(lrs.baseUrl, c.key, c.secret),
  };
};
type Client = Awaited<ReturnType<typeof client>>;

const postMultipart = (
  c: Client,
  statements: unknown,
  parts: { data: Buffer; contentType?: string; hash?: string }[],
  path = '/xapi/statements',
  method = 'POST',
) => {
  const { body, contentType } = multipartStatements(statements, parts);
  return c.raw(method, path, { body, contentType });
};

/** GET with attachments=true, split into the JSON part and the attachment parts. */
const getWithAttachments = async (c: Client, params: Record<string, string>) => {
  const query = new URLSearchParams({ ...params, attachments: 'true' }).toString();
  const res = await c.raw('GET', `/xapi/statements?${query}`);
  expect(res.status).toBe(200);
  const contentType = res.headers.get('content-type') ?? '';
  expect(contentType).toMatch(/^multipart\/mixed;\s*boundary=/);
  const [first, ...attachments] = readMultipart(contentType, res.body);
  return {
    json: JSON.parse(first!.body.toString('utf8')) as Record<string, unknown>,
    first: first!,
    attachments,
  };
};

/** A statement signed over its content, with the signature attachment and its JWS part. */
const signed = async (original: Record<string, unknown>, jws?: string) => {
  const token = jws ?? (await signStatement(original, signer));
  const signature = anAttachment(token, {
    usageType: SIGNATURE,
    display: { 'en-US': 'Signature' },
    contentType: 'application/octet-stream',
  });
  return { statement: { ...original, attachments: [signature.metadata] }, part: { data: signature.data } };
};

describe('attachments (Communication §1.5.2, Data §2.4.11)', () => {
  it('accepts a POST multipart/mixed batch with attachment parts matched by hash (Communication §1.5.2)', async () => {
    const c = await client();
    const a = anAttachment('certificate of completion', { contentType: 'text/plain' });
    const res = await postMultipart(
      c,
      [{ ...aStatement(), attachments: [a.metadata] }],
      [{ data: a.data, contentType: 'text/plain' }],
    );
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
  });

  it('accepts a PUT multipart/mixed statement with its attachment (Communication §2.1.1, §1.5.2)', async () => {
    const c = await client();
    const a = anAttachment();
    const id = crypto.randomUUID();
    const res = await postMultipart(
      c,
      { ...aStatement(), attachments: [a.metadata] },
      [{ data: a.data }],
      `/xapi/statements?statementId=${id}`,
      'PUT',
    );
    expect(res.status).toBe(204);
    const got = await getWithAttachments(c, { statementId: id });
    expect(got.attachments.map((p) => sha256Hex(p.body))).toEqual([a.metadata.sha2]);
  });

  it('rejects a part whose data does not match its X-Experience-API-Hash with 400 (Communication §1.5.2)', async () => {
    const c = await client();
    const a = anAttachment('real data');
    const res = await postMultipart(c, { ...aStatement(), attachments: [a.metadata] }, [
      { data: Buffer.from('other data'), hash: a.metadata.sha2 },
    ]);
    expect(res.status).toBe(400);
  });

  it('rejects an attachment with neither fileUrl nor a matching part with 400 (Communication §1.5.2)', async () => {
    const c = await client();
    const a = anAttachment('declared but not sent');
    const other = anAttachment('sent but other');
    const missing = await postMultipart(c, { ...aStatement(), attachments: [a.metadata, other.metadata] }, [
      { data: other.data },
    ]);
    expect(missing.status).toBe(400);
    expect((await c.xapi.getStatements()).body.statements).toEqual([]); // nothing stored
  });

  it('rejects an application/json statement whose attachment has no fileUrl with 400 (Communication §1.5.1)', async () => {
    const c = await client();
    const res = await c.xapi.postStatements({ ...aStatement(), attachments: [anAttachment().metadata] });
    expect(res.status).toBe(400);
  });

  it('rejects an attachment part that no attachment of the statements declares with 400 (Communication §1.5.2)', async () => {
    const c = await client();
    const stray = anAttachment('nobody asked for this');
    const res = await postMultipart(c, aStatement(), [{ data: stray.data }]);
    expect(res.status).toBe(400);
  });

  it('accepts attachments that only have a fileUrl, as JSON and as multipart (Communication §1.5.1, §1.5.2)', async () => {
    const c = await client();
    const remote = anAttachment('hosted elsewhere', { fileUrl: 'https://example.org/files/cert.pdf' });
    const statement = { ...aStatement(), attachments: [remote.metadata] };
    expect((await c.xapi.postStatements(statement)).status).toBe(200);
    expect((await postMultipart(c, { ...statement, id: crypto.randomUUID() }, [])).status).toBe(200);
  });

  it('accepts a multipart/mixed batch without any attachment (Communication §1.5.2)', async () => {
    const c = await client();
    const res = await postMultipart(c, [aStatement(), aStatement()], []);
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(2);
  });

  it('rejects a multipart/mixed body whose first part is not application/json with 400 (Communication §1.5.2)', async () => {
    const c = await client();
    const boundary = 'xyz';
    const body = Buffer.from(`--${boundary}\r\nContent-Type: text/plain\r\n\r\n{}\r\n--${boundary}--`);
    const res = await c.raw('POST', '/xapi/statements', {
      body,
      contentType: `multipart/mixed; boundary=${boundary}`,
    });
    expect(res.status).toBe(400);
  });

  it('answers attachments=true with multipart/mixed: the statement first, then each attachment (Communication §2.1.3)', async () => {
    const c = await client();
    const text = anAttachment('plain text attachment', { contentType: 'text/plain' });
    const binary = anAttachment(Buffer.from([0, 255, 13, 10, 45, 45, 1, 2, 3]), { contentType: 'image/png' });
    const posted = await postMultipart(
      c,
      { ...aStatement(), attachments: [text.metadata, binary.metadata] },
      [
        { data: text.data, contentType: 'text/plain' },
        { data: binary.data, contentType: 'image/png' },
      ],
    );
    expect(posted.status).toBe(200);
    const id = (posted.json as string[])[0]!;

    const got = await getWithAttachments(c, { statementId: id });
    expect(got.first.headers['content-type']).toBe('application/json');
    expect(got.json.id).toBe(id);
    expect(got.attachments).toHaveLength(2);
    const byHash = new Map(got.attachments.map((p) => [p.headers['x-experience-api-hash'], p]));
    for (const a of [text, binary]) {
      const part = byHash.get(a.metadata.sha2)!;
      expect(part.body.equals(a.data)).toBe(true);
      expect(part.headers['content-type']).toBe(a.metadata.contentType);
      expect(part.headers['content-transfer-encoding']).toBe('binary');
    }
  });

  it('answers attachments=true on a statement list with a StatementResult first (Communication §2.1.3)', async () => {
    const c = await client();
    const shared = anAttachment('sent once, used twice');
    // Communication §1.5.2: the same data is sent once for several statements of a batch.
    const posted = await postMultipart(
      c,
      [
        { ...aStatement(), attachments: [shared.metadata] },
        { ...aStatement(), attachments: [shared.metadata] },
      ],
      [{ data: shared.data }],
    );
    expect(posted.status).toBe(200);
    const got = await getWithAttachments(c, {});
    expect((got.json.statements as unknown[]).length).toBe(2);
    expect(got.json.more).toBe('');
    expect(got.attachments.map((p) => p.body.toString())).toEqual(['sent once, used twice']);
  });

  it('answers without attachments=true with application/json and no attachment data (Communication §2.1.3)', async () => {
    const c = await client();
    const a = anAttachment('not to be sent');
    const posted = await postMultipart(c, { ...aStatement(), attachments: [a.metadata] }, [{ data: a.data }]);
    const id = (posted.json as string[])[0]!;
    for (const params of [`statementId=${id}`, `statementId=${id}&attachments=false`, '']) {
      const res = await c.raw('GET', `/xapi/statements?${params}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body.includes('not to be sent')).toBe(false);
    }
  });

  it('never gives attachment data to a reader who may not read the statement (Data §2.4.11, access in SQL)', async () => {
    const owner = await client(['statements/write', 'statements/read/mine']);
    const colleague = await client(['statements/write', 'statements/read/mine'], owner.tenantId);
    const outsider = await client(['all']);
    const secret = anAttachment('the owner’s private essay');
    const posted = await postMultipart(owner, { ...aStatement(), attachments: [secret.metadata] }, [
      { data: secret.data },
    ]);
    const id = (posted.json as string[])[0]!;

    // The colleague knows the hash and refers to it with a fileUrl-only attachment of its own.
    const probe = anAttachment('', { ...secret.metadata, fileUrl: 'https://example.org/guess' });
    expect(
      (await colleague.xapi.postStatements({ ...aStatement(), attachments: [probe.metadata] })).status,
    ).toBe(200);

    for (const reader of [colleague, outsider]) {
      const own = await getWithAttachments(reader, {});
      expect(own.attachments).toEqual([]);
      expect(own.first.body.includes(id)).toBe(false);
      const direct = await reader.raw('GET', `/xapi/statements?statementId=${id}&attachments=true`);
      expect(direct.status).toBe(404);
      expect(direct.body.includes('private essay')).toBe(false);
    }
    // The owner still gets its data.
    const mine = await getWithAttachments(owner, { statementId: id });
    expect(mine.attachments.map((p) => p.body.equals(secret.data))).toEqual([true]);
  });
});

describe('signed statements (Data §2.6)', () => {
  it('accepts a statement with a valid RS256 JWS signature and an x5c certificate (Data §2.6)', async () => {
    const c = await client();
    const { statement, part } = await signed(aStatement());
    const res = await postMultipart(c, statement, [part]);
    expect(res.status).toBe(200);
  });

  it('returns the signature as an attachment part with attachments=true (Data §2.6, Communication §2.1.3)', async () => {
    const c = await client();
    const original = { ...aStatement(), id: crypto.randomUUID() };
    const jws = await signStatement(original, signer, { alg: 'RS512' });
    const { statement, part } = await signed(original, jws);
    expect((await postMultipart(c, statement, [part])).status).toBe(200);
    const got = await getWithAttachments(c, { statementId: original.id });
    expect(got.attachments.map((p) => p.body.toString())).toEqual([jws]);
    expect(got.attachments[0]!.headers['content-type']).toBe('application/octet-stream');
  });

  it('rejects a signature that is not a JWS with 400 (Data §2.6 LRS Requirements)', async () => {
    const c = await client();
    const { statement, part } = await signed(aStatement(), 'this is not a signature');
    expect((await postMultipart(c, statement, [part])).status).toBe(400);
  });

  it('rejects a JWS with an algorithm other than RS256, RS384 or RS512 with 400 (Data §2.6)', async () => {
    const c = await client();
    const original = aStatement();
    const hs256 = await new CompactSign(new TextEncoder().encode(JSON.stringify(original)))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new Uint8Array(32).fill(1));
    const { statement, part } = await signed(original, hs256);
    expect((await postMultipart(c, statement, [part])).status).toBe(400);
  });

  it('rejects a statement that differs from its signed payload with 400 (Data §2.6, §2.3.1)', async () => {
    const c = await client();
    const original = aStatement();
    const jws = await signStatement(original, signer);
    const { statement, part } = await signed({ ...original, verb: aVerb('failed') }, jws);
    const res = await postMultipart(c, statement, [part]);
    expect(res.status).toBe(400);
    expect((await c.xapi.getStatements()).body.statements).toEqual([]);
  });

  it('rejects a signature that does not verify with its x5c certificate with 400 (Data §2.6)', async () => {
    const c = await client();
    const original = aStatement();
    const [header, payload] = (await signStatement(original, signer)).split('.');
    const [, , otherSignature] = (await signStatement(original, aSigner('impostor'))).split('.');
    const { statement, part } = await signed(original, `${header}.${payload}.${otherSignature}`);
    expect((await postMultipart(c, statement, [part])).status).toBe(400);
  });
});
