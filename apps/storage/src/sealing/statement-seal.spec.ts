import { randomBytes, randomUUID } from 'node:crypto';

import { ERASED_HOME_PAGE, ifiHash, ifiOf } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { type DataKey, hashesToSeal, keyIdsOf, sealStatement, unsealStatement } from './statement-seal.js';

const ana = { objectType: 'Agent', name: 'Ana Díaz', mbox: 'mailto:ana@example.org' };
const bo = { name: 'Bo Lund', account: { homePage: 'https://lms.example.org', name: 'bo.lund' } };
const cy = { objectType: 'Agent', name: 'Cy', openid: 'https://id.example.org/cy' };
const di = { objectType: 'Agent', mbox_sha1sum: 'ab'.repeat(20) };
const team = { objectType: 'Group', name: 'Team Red', mbox: 'mailto:red@example.org', member: [bo, di] };
const standIn = { objectType: 'Agent', account: { homePage: ERASED_HOME_PAGE, name: randomUUID() } };

/** A statement naming someone in every place an Agent or Group can stand, with free text to seal. */
const statement = {
  id: randomUUID(),
  actor: { objectType: 'Group', member: [ana, bo] },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
  object: {
    objectType: 'SubStatement',
    actor: cy,
    verb: { id: 'http://adlnet.gov/expapi/verbs/mentored' },
    object: di,
    result: { response: 'what Cy said about Di', success: true },
    context: { instructor: ana, extensions: { 'http://x.example/e': { note: 'private' } } },
  },
  result: {
    response: 'Ana and Bo answered "forty-two"',
    score: { scaled: 0.9 },
    extensions: { 'http://x.example/r': 1 },
  },
  context: {
    instructor: cy,
    team,
    registration: randomUUID(),
    contextAgents: [{ objectType: 'contextAgent', agent: di }],
    contextGroups: [{ objectType: 'contextGroup', group: team }],
    extensions: { 'http://x.example/c': 'free text about Ana' },
    contextActivities: { parent: [{ id: 'http://x.example/course' }] },
  },
  authority: { objectType: 'Agent', account: { homePage: 'https://custos.example', name: 'lms-credential' } },
  stored: '2026-01-01T00:00:00.000Z',
  timestamp: '2026-01-01T00:00:00.000Z',
};

const PERSONAL = [
  'Ana Díaz',
  'ana@example.org',
  'bo.lund',
  'Bo Lund',
  'id.example.org/cy',
  'ab'.repeat(20),
  'Team Red',
  'red@example.org',
  'lms-credential',
  'forty-two',
  'private',
  'free text',
];

function keyring() {
  const byHash = new Map<string, DataKey>();
  const keyOf = (hash: string): DataKey => {
    if (!byHash.has(hash)) byHash.set(hash, { keyId: randomUUID(), dek: randomBytes(32) });
    return byHash.get(hash)!;
  };
  const dekOf = (erased: ReadonlySet<string>) => (id: string) =>
    [...byHash.entries()].find(([h, k]) => k.keyId === id && !erased.has(h))?.[1].dek;
  return { keyOf, dekOf };
}

const hashOf = (agent: object) => ifiHash(ifiOf(agent)!);

describe('sealing a statement', () => {
  it('hides every identity and the free text, and unseals to the statement as written', () => {
    const { keyOf, dekOf } = keyring();
    const sealed = sealStatement('t1', statement, keyOf);
    const text = JSON.stringify(sealed);
    for (const p of PERSONAL) expect(text).not.toContain(p);
    // What filters and analytics need stays plain.
    for (const plain of [
      statement.id,
      statement.context.registration,
      'answered',
      'http://x.example/course',
      '0.9',
    ]) {
      expect(text).toContain(plain);
    }
    expect(unsealStatement('t1', sealed, dekOf(new Set()))).toEqual(statement);
    expect(sealed).not.toBe(statement);
    expect(JSON.stringify(statement)).toContain('Ana Díaz');
  });

  it('asks for a key per identifier, and names each in the sealed form', () => {
    const { keyOf } = keyring();
    const hashes = hashesToSeal(statement);
    expect(new Set(hashes)).toEqual(new Set([ana, bo, cy, di, team, statement.authority].map(hashOf)));
    const sealed = sealStatement('t1', statement, keyOf);
    expect(new Set(keyIdsOf(sealed))).toEqual(new Set(hashes.map((h) => keyOf(h).keyId)));
  });

  it('a destroyed key leaves a stand-in for that person only; content stays for the other subject', () => {
    const { keyOf, dekOf } = keyring();
    const sealed = sealStatement('t1', statement, keyOf);
    const read = unsealStatement('t1', sealed, dekOf(new Set([hashOf(ana)])));
    const text = JSON.stringify(read);
    expect(text).not.toContain('Ana Díaz');
    expect(text).not.toContain('ana@example.org');
    const actor = read.actor as { member: object[] };
    expect(actor.member[0]).toEqual({
      objectType: 'Agent',
      account: { homePage: ERASED_HOME_PAGE, name: keyOf(hashOf(ana)).keyId },
    });
    expect(actor.member[1]).toEqual(bo);
    // Bo is a data subject too: the content key is wrapped for him as well.
    expect(read.result).toEqual(statement.result);
    expect(read.context).toMatchObject({ team, extensions: statement.context.extensions });
  });

  it('drops the content once every data subject is erased, keeping what is not personal', () => {
    const { keyOf, dekOf } = keyring();
    const sealed = sealStatement('t1', statement, keyOf);
    const read = unsealStatement('t1', sealed, dekOf(new Set([hashOf(ana), hashOf(bo)])));
    expect(read.result).toEqual({ score: { scaled: 0.9 } });
    expect((read.object as { result?: unknown }).result).toEqual({ success: true });
    expect((read.context as Record<string, unknown>).extensions).toBeUndefined();
    expect(JSON.stringify(read)).not.toMatch(/forty-two|private|free text/);
  });

  it('keeps stand-ins and anonymous Groups as they are, and reads plain payloads unchanged', () => {
    const { keyOf, dekOf } = keyring();
    const plain = {
      id: randomUUID(),
      actor: standIn,
      verb: { id: 'http://x.example/v' },
      object: { id: 'http://x.example/a' },
    };
    expect(hashesToSeal(plain)).toEqual([]);
    expect(unsealStatement('t1', plain, dekOf(new Set()))).toEqual(plain);
    const sealed = sealStatement('t1', plain, keyOf);
    expect(sealed.actor).toEqual(standIn);
  });

  it('does not open under another tenant', () => {
    const { keyOf, dekOf } = keyring();
    const sealed = sealStatement('t1', statement, keyOf);
    const read = unsealStatement('t2', sealed, dekOf(new Set()));
    expect(JSON.stringify(read)).not.toContain('ana@example.org');
  });
});
