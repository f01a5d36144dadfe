// xAPI 2.0 Communication §1.5.1 / §1.5.2 — matching attachment parts with statement metadata.
import { BadRequestError } from '@custos/contracts';
import { anAttachment, aStatement } from '@custos/testing';
import type { Statement } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { checkAttachments } from './attachments.js';

const partOf = (a: ReturnType<typeof anAttachment>, contentType = 'text/plain') => ({
  sha2: a.metadata.sha2,
  contentType,
  content: a.data.toString('base64'),
});
const withAttachments = (...attachments: ReturnType<typeof anAttachment>['metadata'][]) =>
  ({ ...aStatement(), attachments }) as unknown as Statement;

describe('checkAttachments', () => {
  it('returns each part with the content type its metadata declares', async () => {
    const a = anAttachment('certificate', { contentType: 'application/pdf' });
    const stored = await checkAttachments([withAttachments(a.metadata)], [partOf(a)], '2.0.0');
    expect(stored).toEqual([{ ...partOf(a), contentType: 'application/pdf' }]);
  });

  it('accepts attachments that have a fileUrl and no part (§1.5.1)', async () => {
    const a = anAttachment('elsewhere', { fileUrl: 'https://example.org/cert.pdf' });
    await expect(checkAttachments([withAttachments(a.metadata)], [], '1.0.3')).resolves.toEqual([]);
  });

  it('accepts one part shared by two statements of a batch', async () => {
    const a = anAttachment('shared');
    const stored = await checkAttachments(
      [withAttachments(a.metadata), withAttachments(a.metadata)],
      [partOf(a)],
      '2.0.0',
    );
    expect(stored).toHaveLength(1);
  });

  it('matches upper-case sha2 metadata to its part', async () => {
    const a = anAttachment('upper');
    const upper = { ...a.metadata, sha2: a.metadata.sha2.toUpperCase() };
    await expect(checkAttachments([withAttachments(upper)], [partOf(a)], '2.0.0')).resolves.toHaveLength(1);
  });

  it('counts the attachments of a SubStatement', async () => {
    const a = anAttachment('nested');
    const statement = {
      ...aStatement(),
      object: { ...aStatement(), objectType: 'SubStatement', attachments: [a.metadata] },
    } as unknown as Statement;
    await expect(checkAttachments([statement], [partOf(a)], '2.0.0')).resolves.toHaveLength(1);
    await expect(checkAttachments([statement], [], '2.0.0')).rejects.toThrow(
      /no fileUrl and no attachment part/,
    );
  });

  it('rejects an attachment without fileUrl that has no part (§1.5.2)', async () => {
    const a = anAttachment('missing');
    const failed = checkAttachments([withAttachments(a.metadata)], [], '2.0.0');
    await expect(failed).rejects.toBeInstanceOf(BadRequestError);
    await expect(failed).rejects.toThrow(/no fileUrl and no attachment part/);
  });

  it('rejects a part that belongs to no attachment', async () => {
    const a = anAttachment('declared');
    const stray = anAttachment('stray');
    await expect(
      checkAttachments([withAttachments(a.metadata)], [partOf(a), partOf(stray)], '2.0.0'),
    ).rejects.toThrow(/belongs to no attachment/);
  });

  it('rejects a part whose data does not have its hash', async () => {
    const a = anAttachment('real');
    const forged = { ...partOf(a), content: Buffer.from('forged').toString('base64') };
    await expect(checkAttachments([withAttachments(a.metadata)], [forged], '2.0.0')).rejects.toThrow(
      /does not match its hash/,
    );
  });
});
