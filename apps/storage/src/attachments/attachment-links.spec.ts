// xAPI 2.0 Data §2.4.11 — a statement is linked only to the attachment data its request carried.
import { describe, expect, it } from 'vitest';

import { attachmentLinks } from './attachment-links.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const statement = (statementId: string, payload: Record<string, unknown>) => ({ statementId, payload });

describe('attachmentLinks', () => {
  it('links each statement to the received data its attachments reference, once per hash', () => {
    const links = attachmentLinks(
      [
        statement('s1', { attachments: [{ sha2: A }, { sha2: A.toUpperCase() }] }),
        statement('s2', { attachments: [{ sha2: A }, { sha2: B }] }),
      ],
      new Set([A, B]),
    );
    expect(links).toEqual([
      { statementId: 's1', sha2: A },
      { statementId: 's2', sha2: A },
      { statementId: 's2', sha2: B },
    ]);
  });

  it('does not link an attachment whose data the request did not carry (fileUrl only)', () => {
    expect(
      attachmentLinks([statement('s1', { attachments: [{ sha2: A, fileUrl: 'https://x' }] })], new Set([B])),
    ).toEqual([]);
  });

  it('links the attachments of a SubStatement, not those of other objects', () => {
    const sub = { objectType: 'SubStatement', attachments: [{ sha2: B }] };
    expect(attachmentLinks([statement('s1', { object: sub })], new Set([B]))).toEqual([
      { statementId: 's1', sha2: B },
    ]);
    expect(
      attachmentLinks([statement('s2', { object: { id: 'x', attachments: [{ sha2: B }] } })], new Set([B])),
    ).toEqual([]);
  });
});
