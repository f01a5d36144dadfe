import { createHash } from 'node:crypto';

import { BadRequestError } from '@custos/contracts';
import { ifiHash } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { agentLinksOf, agentOfIfi, agentsOfIfis, linksOfAgent } from './agent-link.js';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('agent links (xAPI Data §2.4.2.1)', () => {
  it('stores an mbox in both its mbox and mbox_sha1sum forms', () => {
    const links = linksOfAgent({ mbox: 'mailto:Ana@Example.ORG' });
    const twin = `mbox_sha1sum:${sha1('mailto:Ana@example.org')}`;
    expect(links).toEqual([
      { ifi: 'mbox:mailto:Ana@example.org', ifiHash: ifiHash('mbox:mailto:Ana@example.org') },
      { ifi: twin, ifiHash: ifiHash(twin) },
    ]);
  });

  it('links an agent known only by its mbox_sha1sum to the same hash as the mbox twin', () => {
    const fromMbox = linksOfAgent({ mbox: 'mailto:ana@example.org' });
    const fromSha = linksOfAgent({ mbox_sha1sum: sha1('mailto:ana@example.org').toUpperCase() });
    expect(fromSha).toHaveLength(1);
    expect(fromMbox.map((l) => l.ifiHash)).toContain(fromSha[0]!.ifiHash);
  });

  it('stores openid and account as one row each', () => {
    expect(linksOfAgent({ openid: 'https://id.example.org/ana' })).toHaveLength(1);
    const [account] = linksOfAgent({ account: { homePage: 'https://lms.example.org', name: 'a|1' } });
    expect(account!.ifi).toBe('account:https://lms.example.org|a|1');
  });

  it('rejects a non-Agent with 400 naming the field', () => {
    let error: unknown;
    try {
      agentLinksOf([{ mbox: 'mailto:ok@example.org' }, { name: 'no ifi' }]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).errors?.[0]?.path).toMatch(/^agents\[1\]/);
  });

  it('rejects a Group', () => {
    expect(() =>
      agentLinksOf([{ objectType: 'Group', mbox: 'mailto:team@example.org', member: [] }]),
    ).toThrow(BadRequestError);
  });

  it('shows the linked agents back without the derived sha1 twin', () => {
    const links = agentLinksOf([
      { mbox: 'mailto:ana@example.org' },
      { account: { homePage: 'https://lms.example.org', name: 'ana' } },
    ]);
    expect(agentsOfIfis(links.map((l) => l.ifi))).toEqual([
      { mbox: 'mailto:ana@example.org' },
      { account: { homePage: 'https://lms.example.org', name: 'ana' } },
    ]);
  });

  it('turns every stored form, the sha1 twin included, back into an Agent with that same identifier', () => {
    const links = agentLinksOf([
      { mbox: 'mailto:ana@example.org' },
      { account: { homePage: 'https://lms.example.org', name: 'a|1' } },
      { openid: 'https://id.example.org/ana' },
    ]);
    for (const link of links) {
      const agent = agentOfIfi(link.ifi);
      expect(linksOfAgent(agent as never)[0]!.ifiHash).toBe(link.ifiHash);
    }
    expect(links.map((l) => agentOfIfi(l.ifi))).toContainEqual({
      mbox_sha1sum: sha1('mailto:ana@example.org'),
    });
  });
});
