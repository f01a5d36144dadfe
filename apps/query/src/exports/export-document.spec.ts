import type { StoredExportDocumentV1 } from '@custos/contracts';
import { ifiHash } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { exportDocumentOf } from './export-document.js';

const hash = ifiHash('mbox:mailto:ana@example.org');
const agents = [{ agent: { mbox: 'mailto:ana@example.org' }, ifiHash: hash }];
const stored = (over: Partial<StoredExportDocumentV1>): StoredExportDocumentV1 => ({
  kind: 'state',
  activityId: 'https://example.org/a',
  agentIfiHash: hash,
  registration: null,
  documentId: 'bookmark',
  contentType: 'application/json',
  updated: '2026-01-01T00:00:00.000Z',
  content: Buffer.from('{"page":3}').toString('base64'),
  ...over,
});

describe('exportDocumentOf', () => {
  it('addresses a State document as the State resource does, with the learner as agent and JSON content', () => {
    expect(
      exportDocumentOf(stored({ registration: 'a1b2c3d4-0000-4000-8000-000000000000' }), agents),
    ).toEqual({
      kind: 'state',
      activityId: 'https://example.org/a',
      agent: { mbox: 'mailto:ana@example.org' },
      stateId: 'bookmark',
      registration: 'a1b2c3d4-0000-4000-8000-000000000000',
      contentType: 'application/json',
      updated: '2026-01-01T00:00:00.000Z',
      encoding: 'json',
      content: { page: 3 },
    });
  });

  it('gives an Agent Profile document its profileId and no activity', () => {
    const doc = exportDocumentOf(
      stored({ kind: 'agentProfile', activityId: null, documentId: 'prefs' }),
      agents,
    );
    expect(doc).toMatchObject({ kind: 'agentProfile', profileId: 'prefs' });
    expect(doc).not.toHaveProperty('activityId');
    expect(doc).not.toHaveProperty('stateId');
  });

  it('keeps non-JSON content, and JSON-labelled content that does not parse, as base64 bytes', () => {
    const bytes = Buffer.from([0xff, 0x00, 0x7b]);
    for (const contentType of ['application/octet-stream', 'application/json']) {
      expect(
        exportDocumentOf(stored({ contentType, content: bytes.toString('base64') }), agents),
      ).toMatchObject({
        encoding: 'base64',
        content: bytes.toString('base64'),
      });
    }
  });

  it('names no agent when the hash is not one of the linked identifiers', () => {
    expect(exportDocumentOf(stored({ agentIfiHash: 'f'.repeat(64) }), agents)).not.toHaveProperty('agent');
  });
});
