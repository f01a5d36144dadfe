// Erasure reaches backups (issue 15 item 2, docs/adr/0013 part 2, docs/privacy-operations.md "Erasure reaches
// backups"). A dump of the data taken BEFORE an erasure already holds none of the person's identifiers, their name or
// their free text in plain form (everything about a person is sealed under their data key); after the erasure has
// destroyed that key, restoring the old dump into a fresh database next to the CURRENT key store gives nothing about
// them back through storage's own reading code: their mentions are stand-ins, their content is gone, their documents
// do not open, nor do their statements' attachments, while another learner's statements and attachments read back
// exactly as before.
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { ErasureViewV1 } from '@custos/contracts';
import { DataKeys, KeyStoreRepository, Sealing, tenantKeysFrom } from '@custos/storage';
import { anAttachment, binaryXapi, multipartStatements } from '@custos/testing';
import { ERASED_HOME_PAGE } from '@custos/xapi';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { aTenant } from '../harness/credentials.js';
import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs({ CUSTOS_ERASURE__POLL_SECONDS: 1 });

const run = promisify(execFile);
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const verb = { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } };
const activity = (id: string) => ({ objectType: 'Activity', id });

/** A database URL like DATABASE_URL's, on the same server, naming `database`. */
const onServer = (database: string) => {
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${database}`;
  return url.toString();
};

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

describe('erasure reaches backups', () => {
  it('a dump from before the erasure, restored beside the current key store, reads nothing about the person', async () => {
    const tenant = aTenant();
    const tag = randomBytes(5).toString('hex');
    const email = `ana.${tag}@example.org`;
    const mbox = `mailto:${email}`;
    const accountName = `ana-account-${tag}`;
    const openid = `https://id.example.org/ana-${tag}`;
    const name = `Ana Shredded ${tag}`;
    const secret = `Ana's own answer ${tag}`;
    const username = `ana-${tag}`;
    const anaPerson = await lrs.people.create(tenant, {
      username,
      password: randomBytes(12).toString('hex'),
      roles: ['learner'],
      agents: [{ mbox }, { account: { homePage: 'https://lms.example.org', name: accountName } }, { openid }],
      displayName: name,
    });
    const admin = await (async () => {
      const pw = randomBytes(12).toString('hex');
      const u = `admin-${tag}`;
      await lrs.people.create(tenant, { username: u, password: pw, roles: ['admin'] });
      return lrs.signIn(tenant, u, pw);
    })();
    const bob = { objectType: 'Agent', name: `Bob Kept ${tag}`, mbox: `mailto:bob.${tag}@example.org` };
    const client = await lrs.client({ tenantId: tenant, version: '2.0.0' });

    const hers = [
      {
        actor: { name, mbox },
        verb,
        object: activity('https://courses.example/a'),
        result: { response: secret, success: true, extensions: { 'https://x.example/notes': secret } },
      },
      { actor: { name, mbox_sha1sum: sha1(mbox) }, verb, object: activity('https://courses.example/b') },
      {
        actor: { name, account: { homePage: 'https://lms.example.org', name: accountName } },
        verb,
        object: activity('https://courses.example/c'),
        context: { extensions: { 'https://x.example/ctx': secret } },
      },
      { actor: { openid }, verb, object: activity('https://courses.example/d') },
    ].map((s) => ({ ...s, id: randomUUID() }));
    const bobsOwn = {
      id: randomUUID(),
      actor: bob,
      verb,
      object: activity('https://courses.example/e'),
      result: { response: `Bob's answer ${tag}`, score: { scaled: 0.5 } },
      context: { instructor: { name: `Teacher ${tag}`, mbox: `mailto:t.${tag}@example.org` } },
    };
    const instructedByHer = {
      id: randomUUID(),
      actor: bob,
      verb,
      object: activity('https://courses.example/f'),
      result: { response: `Bob's reply ${tag}` },
      context: { instructor: { name, mbox }, team: { objectType: 'Group', member: [bob, { name, openid }] } },
    };
    const together = {
      id: randomUUID(),
      actor: { objectType: 'Group', member: [bob, { name, mbox }] },
      verb,
      object: activity('https://courses.example/g'),
      result: { response: `Written together ${tag}` },
    };
    expect((await client.postStatements([...hers, bobsOwn, instructedByHer, together])).status).toBe(200);
    // Attachments: one only she sent, one only Bob sent, one both sent (each keeps it).
    const herFile = anAttachment(`Ana's certificate ${tag}`);
    const bobsFile = anAttachment(`Bob's certificate ${tag}`);
    const sharedFile = anAttachment(`A shared syllabus ${tag}`);
    const withFiles = [
      { actor: { name, mbox }, files: [herFile, sharedFile] },
      { actor: bob, files: [bobsFile, sharedFile] },
    ].map(({ actor, files }) => ({
      id: randomUUID(),
      actor,
      verb,
      object: activity('https://courses.example/h'),
      attachments: files.map((f) => f.metadata),
    }));
    const creds = await lrs.credentials.create(['all'], tenant);
    const raw = binaryXapi(lrs.baseUrl, creds.key, creds.secret, '2.0.0');
    const multipart = multipartStatements(withFiles, [herFile, bobsFile, sharedFile]);
    expect((await raw('POST', '/xapi/statements', multipart)).status).toBe(200);
    const markers = [herFile, bobsFile, sharedFile].map((f) => f.data.toString('utf8'));
    const agentParam = encodeURIComponent(JSON.stringify({ mbox }));
    const statePath = `/xapi/activities/state?activityId=${encodeURIComponent('https://courses.example/a')}&agent=${agentParam}&stateId=notes`;
    expect((await client.request('PUT', statePath, { body: { note: secret } })).status).toBe(204);
    const asRead = async (id: string) =>
      (await client.request<Record<string, unknown>>('GET', `/xapi/statements?statementId=${id}`)).body;
    const bobsBefore = await asRead(bobsOwn.id);
    expect(bobsBefore).toMatchObject({ result: bobsOwn.result });

    // The backup, taken before the erasure: the data (schema storage) apart from the keys (schema keys).
    const dir = await mkdtemp(join(tmpdir(), 'custos-backup-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const databaseUrl = inject('databaseUrl');
    const { stdout: plainDump } = await run(
      'pg_dump',
      ['--data-only', '--no-owner', '--schema=storage', '--schema=keys', databaseUrl],
      { maxBuffer: 1 << 30 },
    );
    // Already at rest, before any erasure: no identifier of hers, no name, no free text, in plain form.
    for (const needle of [email, sha1(mbox), accountName, openid, name, secret, bob.mbox]) {
      expect(plainDump.includes(needle), `the data holds ${needle} in plain form`).toBe(false);
    }
    // Nor any attachment's bytes (pg_dump writes bytea as hex): each is sealed under its learners' keys.
    for (const marker of markers) {
      const hex = Buffer.from(marker, 'utf8').toString('hex');
      expect(plainDump.includes(hex) || plainDump.includes(marker), `the data holds "${marker}"`).toBe(false);
    }
    const dataDump = join(dir, 'data.dump');
    await run('pg_dump', ['-Fc', '--no-owner', '--schema=storage', '-f', dataDump, databaseUrl]);

    // The erasure.
    const created = await admin.call('POST', `/api/v1/people/${anaPerson.id}/erasure`);
    expect(created.status).toBe(201);
    const id = (created.body as ErasureViewV1).id;
    for (let view = created.body as ErasureViewV1; view.state !== 'completed';) {
      expect(['approved', 'running']).toContain(view.state);
      await new Promise((r) => setTimeout(r, 200));
      view = (await admin.call('GET', `/api/v1/erasures/${id}`)).body as ErasureViewV1;
    }

    // Her four identifiers' keys are destroyed (mbox, its mbox_sha1sum, account, openid); the key store keeps the
    // erasure's id, her person id (random: whom to erase again after a restore) and that count, nothing about her.
    const { stdout: recorded } = await run('psql', [
      databaseUrl,
      '-tAc',
      `SELECT keys_destroyed || ' ' || person_id FROM keys.erasure WHERE tenant_id = '${tenant}' AND erasure_id = '${id}'`,
    ]);
    expect(recorded.trim()).toBe(`4 ${anaPerson.id}`);

    // The restore: the old data, and the key store as it is now.
    const restored = `custos_restore_${tag}`;
    await run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${restored}`]);
    cleanups.push(async () => {
      await run('psql', [databaseUrl, '-c', `DROP DATABASE IF EXISTS ${restored} WITH (FORCE)`]);
    });
    const restoredUrl = onServer(restored);
    await run('pg_restore', ['--no-owner', '-d', restoredUrl, dataDump]);
    const keysDump = join(dir, 'keys.dump');
    await run('pg_dump', ['-Fc', '--no-owner', '--schema=keys', '-f', keysDump, databaseUrl]);
    await run('pg_restore', ['--no-owner', '-d', restoredUrl, keysDump]);

    // Storage's own reading code over the restored database.
    const db = new DataSource({ type: 'postgres', url: restoredUrl });
    await db.initialize();
    cleanups.push(() => db.destroy());
    const sealing = new Sealing(
      new DataKeys(new KeyStoreRepository(db), tenantKeysFrom({ provider: 'file', key: lrs.keyStoreKey })),
    );
    const rows: { statement_id: string; payload: Record<string, unknown> }[] = await db.query(
      `SELECT statement_id::text AS statement_id, payload FROM storage.statement WHERE tenant_id = $1`,
      [tenant],
    );
    // Every statement of the old backup is there, hers included: deleting rows never reached it.
    expect(rows).toHaveLength(hers.length + 5);
    const opened = await sealing.unsealAll(
      db,
      tenant,
      rows.map((r) => r.payload),
    );
    const byId = new Map(rows.map((r, i) => [r.statement_id, opened[i]!]));
    const all = JSON.stringify(opened);
    for (const needle of [email, sha1(mbox), accountName, openid, name, secret]) {
      expect(all.includes(needle), `the restored backup reads ${needle}`).toBe(false);
    }
    // Her mentions are stand-ins; her only-her statements keep what is not personal (verb, activity, success).
    const first = byId.get(hers[0]!.id)!;
    expect(first.actor).toMatchObject({ objectType: 'Agent', account: { homePage: ERASED_HOME_PAGE } });
    expect(first.result).toEqual({ success: true });
    expect(first.object).toEqual(hers[0]!.object);
    expect(byId.get(hers[2]!.id)!.context).toBeUndefined();
    // Bob's statement reads back exactly as it was served before; a statement about him that she was in keeps
    // him and his content, with her as a stand-in; their group statement stays his to read.
    expect(byId.get(bobsOwn.id)).toMatchObject(bobsBefore);
    const instructed = byId.get(instructedByHer.id)!;
    expect(instructed.actor).toEqual(bob);
    expect(instructed.result).toEqual(instructedByHer.result);
    const team = (instructed.context as { team: { member: Record<string, unknown>[] } }).team;
    expect(team.member[0]).toEqual(bob);
    expect(team.member[1]).toMatchObject({ account: { homePage: ERASED_HOME_PAGE } });
    const group = byId.get(together.id)!;
    expect((group.actor as { member: unknown[] }).member[0]).toEqual(bob);
    expect(group.result).toEqual(together.result);
    // Her State document is in the backup, and does not open.
    const [doc]: { content: Buffer; sealed_key_id: string }[] = await db.query(
      `SELECT content, sealed_key_id::text AS sealed_key_id FROM storage.document
        WHERE tenant_id = $1 AND document_id = 'notes'`,
      [tenant],
    );
    expect(doc!.sealed_key_id).toBeTruthy();
    expect(doc!.content.toString('latin1')).not.toContain(secret);
    expect(await sealing.openDocument(db, tenant, doc!.sealed_key_id, doc!.content)).toBeUndefined();
    // Her attachment is in the backup and does not open; Bob's, and the one they both sent, read back as sent.
    const copies: { sha2: string; content_type: string; length: number; content: Buffer; key_id: string }[] =
      await db.query(
        `SELECT sha2, content_type, length, content, sealed_key_id::text AS key_id FROM storage.attachment
          WHERE tenant_id = $1 ORDER BY sha2, sealed_key_id`,
        [tenant],
      );
    expect(copies.map((c) => c.sha2)).toContain(herFile.metadata.sha2);
    const files = await sealing.openAttachments(
      db,
      tenant,
      copies.map((c) => ({
        sha2: c.sha2,
        contentType: c.content_type,
        length: c.length,
        content: c.content,
        keyId: c.key_id,
      })),
    );
    const readBack = new Map(files.map((f) => [f.sha2, f.content.toString('utf8')]));
    expect(readBack.has(herFile.metadata.sha2)).toBe(false);
    expect(readBack.get(bobsFile.metadata.sha2)).toBe(markers[1]);
    expect(readBack.get(sharedFile.metadata.sha2)).toBe(markers[2]);
    // The live database keeps no copy under her destroyed keys: only Bob's two attachments are left.
    const { stdout: live } = await run('psql', [
      databaseUrl,
      '-tAc',
      `SELECT sha2 FROM storage.attachment WHERE tenant_id = '${tenant}' ORDER BY sha2`,
    ]);
    expect(live.trim().split('\n').sort()).toEqual([bobsFile.metadata.sha2, sharedFile.metadata.sha2].sort());
  });
});
