// DESIGN "Access model" rule 2 and xAPI 2.0 Data §2.4.2.1 (Inverse Functional Identifier): whoever an xAPI
// identifier is linked to reads every statement about it as that learner ("self access"), so an identifier — in
// any of its forms: an mbox and its mbox_sha1sum are the same agent — belongs to at most one person of a tenant.
// A second link is a 409 naming the field on every path that links (person create, PATCH, the `custos users
// link-agent` service), decided by the database even for simultaneous requests; and every link and unlink shows
// in the learner's effective access (the identifiers and when they were linked) and access log (who, when).
import { createHash, randomBytes } from 'node:crypto';

import { PeopleService } from '@custos/consent';
import { aLearner, aStatement, aVerb, waitFor } from '@custos/testing';
import { describe, expect, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { type SignedIn, useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const password = (username: string) => `${username}-password-123`;

interface Problem {
  message: string;
  errors?: { path: string; message: string }[];
}

/** A tenant with two admins and Ana, a learner linked to her mbox, all signed in. */
async function aTenantWithAna() {
  const tenantId = aTenant();
  const mbox = `mailto:ana-${randomBytes(4).toString('hex')}@example.org`;
  const person = (username: string, roles: ('learner' | 'admin')[], agents: Record<string, unknown>[] = []) =>
    lrs.people.create(tenantId, { username, password: password(username), roles, agents });
  await person('admin1', ['admin']);
  await person('admin2', ['admin']);
  const ana = await person('ana', ['learner'], [{ mbox }]);
  const signIn = (username: string) => lrs.signIn(tenantId, username, password(username));
  return {
    tenantId,
    mbox,
    anaId: ana.id,
    admin1: await signIn('admin1'),
    admin2: await signIn('admin2'),
    ana: await signIn('ana'),
    signIn,
  };
}

const create = (admin: SignedIn, username: string, agents: unknown[]) =>
  admin.call('POST', '/api/v1/people', {
    username,
    password: password(username),
    roles: ['learner'],
    agents,
  });

const usernames = async (admin: SignedIn) =>
  ((await admin.call('GET', '/api/v1/people')).body as { username: string }[]).map((p) => p.username).sort();

interface SelfEntry {
  who: { kind: 'self'; identifiers: { agent: Record<string, unknown>; linkedAt: string }[] };
  status: string;
}

const selfEntry = async (learner: SignedIn): Promise<SelfEntry> => {
  const res = await learner.call('GET', '/api/v1/me/effective-access');
  expect(res.status).toBe(200);
  return (res.body as SelfEntry[]).find((e) => e.who.kind === 'self')!;
};

describe('one person per identifier in a tenant', () => {
  it("refuses a second person linked to a learner's identifier, in any form, with 409 naming the field", async () => {
    const t = await aTenantWithAna();
    const [user, domain] = t.mbox.slice('mailto:'.length).split('@') as [string, string];
    for (const agent of [
      { mbox: t.mbox },
      // The same mailbox as the canonical form sees it (the domain is not case-sensitive).
      { mbox: `mailto:${user}@${domain.toUpperCase()}` },
      // The same agent by its mbox_sha1sum, in either case.
      { mbox_sha1sum: sha1(t.mbox) },
      { mbox_sha1sum: sha1(t.mbox).toUpperCase() },
    ]) {
      const res = await create(t.admin1, 'mallory', [{ openid: 'https://id.example.org/m' }, agent]);
      expect(res.status).toBe(409);
      expect((res.body as Problem).message).toContain('agents[1]');
      expect((res.body as Problem).errors).toEqual([{ path: 'agents[1]', message: expect.any(String) }]);
    }
    // Nothing was stored: no Mallory, and her openid is still free.
    expect(await usernames(t.admin1)).toEqual(['admin1', 'admin2', 'ana']);
    expect((await create(t.admin1, 'olga', [{ openid: 'https://id.example.org/m' }])).status).toBe(201);

    // openid and account identifiers are one person's too.
    expect((await create(t.admin1, 'mallory', [{ openid: 'https://id.example.org/m' }])).status).toBe(409);
    const account = { account: { homePage: 'https://lms.example.org', name: 'ana' } };
    expect((await create(t.admin1, 'acc1', [account])).status).toBe(201);
    expect((await create(t.admin1, 'acc2', [account])).status).toBe(409);
    // Another tenant is another namespace: the same mailbox is linked there without trouble.
    expect(
      (await lrs.people.create(aTenant(), { username: 'ana', agents: [{ mbox: t.mbox }] })).agents,
    ).toEqual([{ mbox: t.mbox }]);
  });

  it("refuses to link a learner's identifier to someone else by PATCH or by `custos users link-agent`", async () => {
    const t = await aTenantWithAna();
    const bob = (await create(t.admin1, 'bob', [{ openid: 'https://id.example.org/bob' }])).body as {
      id: string;
    };
    const patched = await t.admin1.call('PATCH', `/api/v1/people/${bob.id}`, {
      agents: [{ openid: 'https://id.example.org/bob' }, { mbox_sha1sum: sha1(t.mbox) }],
    });
    expect(patched.status).toBe(409);
    expect((patched.body as Problem).errors?.[0]?.path).toBe('agents[1]');
    // Bob is unchanged (a 409 changes nothing), and reads nothing about Ana as himself.
    const people = (await t.admin1.call('GET', '/api/v1/people')).body as {
      username: string;
      agents: unknown[];
    }[];
    expect(people.find((p) => p.username === 'bob')?.agents).toEqual([
      { openid: 'https://id.example.org/bob' },
    ]);

    // What the command line calls.
    const cli = lrs.app.get(PeopleService);
    await expect(cli.linkAgent(t.tenantId, 'bob', { mbox: t.mbox })).rejects.toMatchObject({ status: 409 });
    // Ana keeps her own identifiers, and linking one she already has again changes nothing.
    const again = await cli.linkAgent(t.tenantId, 'ana', { mbox_sha1sum: sha1(t.mbox) });
    expect(again.agents).toEqual([{ mbox: t.mbox }]);
  });

  it('lets only one of two admins link the same mailbox at the same moment (201 and 409), by create or PATCH', async () => {
    const t = await aTenantWithAna();
    for (let round = 0; round < 5; round++) {
      const agents = [{ mbox: `mailto:race-${round}-${randomBytes(3).toString('hex')}@example.org` }];
      const answers = await Promise.all([
        create(t.admin1, `first-${round}`, agents),
        create(t.admin2, `second-${round}`, agents),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    }
    const carol = (await create(t.admin1, 'carol', [])).body as { id: string };
    const dave = (await create(t.admin1, 'dave', [])).body as { id: string };
    for (let round = 0; round < 5; round++) {
      const agents = [
        { mbox_sha1sum: sha1(`mailto:patch-${round}-${randomBytes(3).toString('hex')}@example.org`) },
      ];
      const answers = await Promise.all([
        t.admin1.call('PATCH', `/api/v1/people/${carol.id}`, { agents }),
        t.admin2.call('PATCH', `/api/v1/people/${dave.id}`, { agents }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    }
    // Every identifier of the tenant has one owner.
    const people = (await t.admin1.call('GET', '/api/v1/people')).body as { agents: unknown[] }[];
    const all = people.flatMap((p) => p.agents.map((a) => JSON.stringify(a)));
    expect(new Set(all).size).toBe(all.length);
  });

  it('a learner whose identifier is refused to someone else still reads alone as herself', async () => {
    const t = await aTenantWithAna();
    const lms = await lrs.client({ tenantId: t.tenantId });
    const [id] = (
      await lms.postStatements([
        aStatement({ actor: { ...aLearner(), mbox: t.mbox }, verb: aVerb('completed') }),
      ])
    ).body as [string];
    expect((await create(t.admin1, 'mallory', [{ mbox_sha1sum: sha1(t.mbox) }])).status).toBe(409);
    expect((await create(t.admin1, 'mallory', [{ openid: 'https://id.example.org/m' }])).status).toBe(201);
    const mallory = await t.signIn('mallory');
    expect((await mallory.call('GET', `/xapi/statements?statementId=${id}`)).status).toBe(404);
    expect((await t.ana.call('GET', `/xapi/statements?statementId=${id}`)).status).toBe(200);
  });
});

describe("links and unlinks in the learner's effective access and access log", () => {
  it('names each identifier who reads as self and when it was linked; an unlinked one disappears', async () => {
    const t = await aTenantWithAna();
    const before = await selfEntry(t.ana);
    expect(before.status).toBe('active');
    expect(before.who.identifiers).toEqual([{ agent: { mbox: t.mbox }, linkedAt: expect.any(String) }]);
    const firstLinked = Date.parse(before.who.identifiers[0]!.linkedAt);
    expect(Math.abs(Date.now() - firstLinked)).toBeLessThan(60_000);

    const openid = { openid: `https://id.example.org/${randomBytes(3).toString('hex')}` };
    const patched = await t.admin1.call('PATCH', `/api/v1/people/${t.anaId}`, {
      agents: [{ mbox: t.mbox }, openid],
    });
    expect(patched.status).toBe(200);
    const after = await selfEntry(t.ana);
    expect(after.who.identifiers).toEqual([
      // Kept: still dated from when it was first linked.
      { agent: { mbox: t.mbox }, linkedAt: before.who.identifiers[0]!.linkedAt },
      { agent: openid, linkedAt: expect.any(String) },
    ]);
    expect(Date.parse(after.who.identifiers[1]!.linkedAt)).toBeGreaterThanOrEqual(firstLinked);

    expect((await t.admin1.call('PATCH', `/api/v1/people/${t.anaId}`, { agents: [openid] })).status).toBe(
      200,
    );
    expect((await selfEntry(t.ana)).who.identifiers).toEqual([
      { agent: openid, linkedAt: after.who.identifiers[1]!.linkedAt },
    ]);
  });

  it('shows who linked and who unlinked an identifier of the learner, and when', async () => {
    const t = await aTenantWithAna();
    const admin1Id = ((await t.admin1.call('GET', '/api/v1/me')).body as { id: string }).id;
    const admin2Id = ((await t.admin2.call('GET', '/api/v1/me')).body as { id: string }).id;
    interface Entry {
      at: string;
      principal: { id: string; kind?: string };
      action: string;
      resource: string;
    }
    const linkEntries = async () => {
      const res = await t.ana.call('GET', '/api/v1/me/access-log?order=asc');
      expect(res.status).toBe(200);
      return (res.body as { entries: Entry[] }).entries
        .filter((e) => e.action.startsWith('agent.'))
        .map((e) => [e.action, e.principal.id, e.resource]);
    };
    const openid = { openid: `https://id.example.org/${randomBytes(3).toString('hex')}` };
    const start = Date.now();
    expect(
      (await t.admin1.call('PATCH', `/api/v1/people/${t.anaId}`, { agents: [{ mbox: t.mbox }, openid] }))
        .status,
    ).toBe(200);
    await waitFor('the link records', async () => (await linkEntries()).length === 2, 10_000);
    expect(await linkEntries()).toEqual([
      // Ana's mbox, linked when she was created by the operator (`custos users`).
      ['agent.link', 'operator', 'person'],
      ['agent.link', admin1Id, 'person'],
    ]);

    expect((await t.admin2.call('PATCH', `/api/v1/people/${t.anaId}`, { agents: [openid] })).status).toBe(
      200,
    );
    // Her log is found through the identifiers linked to her now: the record of her mbox's first link concerned
    // that mbox alone; the unlink concerns it and the openid she keeps, so she sees who took it away.
    await waitFor(
      'the unlink record',
      async () => (await linkEntries()).length === 2 && (await linkEntries())[1]![0] === 'agent.unlink',
      10_000,
    );
    expect(await linkEntries()).toEqual([
      ['agent.link', admin1Id, 'person'],
      ['agent.unlink', admin2Id, 'person'],
    ]);
    const log = (await t.ana.call('GET', '/api/v1/me/access-log')).body as { entries: Entry[] };
    const unlink = log.entries.find((e) => e.action === 'agent.unlink')!;
    expect(Date.parse(unlink.at)).toBeGreaterThanOrEqual(start - 1000);
  });
});
