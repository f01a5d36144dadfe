// What storage seals in a statement before it is stored, and how a read puts it back (docs/adr/0013, part 2).
// Pure: the keys come from the caller (data-keys.ts), one per identifier.
//
// - Every Agent and Identified Group, wherever it stands (actor and its members, object, context instructor, team,
//   contextAgents and contextGroups, authority, the same inside a SubStatement), becomes a token: its objectType
//   (and a Group's members, each sealed on its own) in clear, its name and identifier sealed under the data key of
//   THAT identifier. Destroying one person's key leaves every other mention readable.
// - Free text (result.response, result.extensions, context.extensions, also of a SubStatement) is sealed with a
//   content key of its own, wrapped once under the data key of each data subject (actor, actor Group's members), so
//   a group statement stays readable for the other members when one of them is erased.
// Ids, verbs, Activities, context Activities, registration, timestamps and score/success/completion/duration stay
// plain: every filter and analytics query needs them, and without the identity they are not about anyone.
// A payload stored before sealing existed simply has no token and reads as it is.
import { randomBytes } from 'node:crypto';

import { ERASED_HOME_PAGE, ifiHash, ifiOf } from '@custos/xapi';

import { seal, tryOpen } from '@custos/platform';

/** The marker of a sealed Agent or Group: `{k: key id, c: base64 of the sealed name and identifier}`. */
export const SEALED_AGENT = 'custos:sealed';
/** The sealed content of a statement: `{w: {key id: base64 wrapped content key}, c: base64 sealed fields}`. */
export const SEALED_CONTENT = 'custos:content';

/** One identifier's data key, as data-keys.ts hands it out. */
export interface DataKey {
  keyId: string;
  dek: Buffer;
}

type Json = Record<string, unknown>;
interface AgentToken {
  k: string;
  c: string;
}
interface ContentEnvelope {
  w: Record<string, string>;
  c: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const agentAad = (tenantId: string, keyId: string) => `custos agent v1:${tenantId}:${keyId}`;
const contentAad = (tenantId: string, statementId: string) =>
  `custos content v1:${tenantId}:${statementId.toLowerCase()}`;
const wrapAad = (tenantId: string, statementId: string, keyId: string) =>
  `custos content key v1:${tenantId}:${statementId.toLowerCase()}:${keyId}`;

/**
 * The IFI hash (as storage.statement_agent keeps it) of an Agent or Group to seal; undefined for an anonymous
 * Group and for erasure's stand-in (nothing about anyone to hide, and sealing it would mint a key for no one).
 */
function identityHash(identity: Json): string | undefined {
  const ifi = ifiOf(identity);
  if (ifi === undefined) return undefined;
  const account = identity.account;
  if (isObject(account) && account.homePage === ERASED_HOME_PAGE) return undefined;
  return ifiHash(ifi);
}

/** Calls `fn` on every Agent and Group position of `statement` (sealed or not), replacing each by its answer. */
function mapActors(statement: Json, fn: (actor: Json) => Json): void {
  const visit = (holder: Json, key: string) => {
    const value = holder[key];
    if (isObject(value)) holder[key] = fn(value);
  };
  const inContext = (context: unknown) => {
    if (!isObject(context)) return;
    visit(context, 'instructor');
    visit(context, 'team');
    for (const entry of list(context.contextAgents)) if (isObject(entry)) visit(entry, 'agent');
    for (const entry of list(context.contextGroups)) if (isObject(entry)) visit(entry, 'group');
  };
  const isActor = (o: unknown) => isObject(o) && (o.objectType === 'Agent' || o.objectType === 'Group');
  visit(statement, 'actor');
  visit(statement, 'authority');
  inContext(statement.context);
  const object = statement.object;
  if (isActor(object)) visit(statement, 'object');
  else if (isObject(object) && object.objectType === 'SubStatement') {
    visit(object, 'actor');
    if (isActor(object.object)) visit(object, 'object');
    inContext(object.context);
  }
}

/** Every identifier hash `statement` would be sealed under: each needs a data key before {@link sealStatement}. */
export function hashesToSeal(statement: Json): string[] {
  const hashes = new Set<string>();
  const collect = (actor: Json): Json => {
    const hash = identityHash(actor);
    if (hash !== undefined) hashes.add(hash);
    for (const m of list(actor.member)) if (isObject(m)) collect(m);
    return actor;
  };
  // collect answers each actor itself: nothing in `statement` changes.
  mapActors(statement, collect);
  return [...hashes];
}

/** The data subjects' identifier hashes: the actor's, or an actor Group's and its members'. */
function subjectHashes(statement: Json): string[] {
  const actor = statement.actor;
  if (!isObject(actor)) return [];
  const all = [actor, ...list(actor.member).filter(isObject)].map(identityHash);
  return [...new Set(all.filter((h): h is string => h !== undefined))];
}

/** The objects whose result and context hold free text: the statement, and its SubStatement if any. */
function contentHolders(statement: Json): [prefix: string, holder: Json][] {
  const object = statement.object;
  return isObject(object) && object.objectType === 'SubStatement'
    ? [
        ['', statement],
        ['object.', object],
      ]
    : [['', statement]];
}

const CONTENT_FIELDS: readonly [container: string, field: string][] = [
  ['result', 'response'],
  ['result', 'extensions'],
  ['context', 'extensions'],
];

/**
 * A sealed copy of `statement` (the input is not changed). `keyOf` answers the data key of each hash of
 * {@link hashesToSeal}.
 */
export function sealStatement(tenantId: string, statement: Json, keyOf: (hash: string) => DataKey): Json {
  const copy = structuredClone(statement);
  const recipients = subjectHashes(copy).map(keyOf);
  const sealActor = (actor: Json): Json => {
    const { member, ...identity } = actor;
    const members = Array.isArray(member)
      ? member.map((m: unknown) => (isObject(m) ? sealActor(m) : m))
      : undefined;
    const hash = identityHash(identity);
    if (hash === undefined) return members ? { ...identity, member: members } : identity;
    const key = keyOf(hash);
    const sealed = seal(
      key.dek,
      agentAad(tenantId, key.keyId),
      Buffer.from(JSON.stringify(identity), 'utf8'),
    );
    const token: AgentToken = { k: key.keyId, c: sealed.toString('base64') };
    return {
      ...(identity.objectType !== undefined && { objectType: identity.objectType }),
      ...(members && { member: members }),
      [SEALED_AGENT]: token,
    };
  };
  mapActors(copy, sealActor);
  sealContent(tenantId, copy, recipients);
  return copy;
}

function sealContent(tenantId: string, statement: Json, recipients: DataKey[]): void {
  if (recipients.length === 0) return;
  const fields: [path: string, value: unknown][] = [];
  for (const [prefix, holder] of contentHolders(statement)) {
    for (const [container, field] of CONTENT_FIELDS) {
      const c = holder[container];
      if (isObject(c) && field in c) {
        fields.push([`${prefix}${container}.${field}`, c[field]]);
        delete c[field];
      }
    }
  }
  if (fields.length === 0) return;
  const statementId = String(statement.id);
  const contentKey = randomBytes(32);
  const w: Record<string, string> = {};
  for (const { keyId, dek } of recipients) {
    w[keyId] = seal(dek, wrapAad(tenantId, statementId, keyId), contentKey).toString('base64');
  }
  const c = seal(contentKey, contentAad(tenantId, statementId), Buffer.from(JSON.stringify(fields), 'utf8'));
  const envelope: ContentEnvelope = { w, c: c.toString('base64') };
  statement[SEALED_CONTENT] = envelope;
}

/** The data key ids a sealed payload refers to: what a read fetches (one query per page) before unsealing. */
export function keyIdsOf(payload: Json): string[] {
  const ids = new Set<string>();
  const collect = (actor: Json): Json => {
    const token = actor[SEALED_AGENT];
    if (isObject(token)) ids.add(String(token.k));
    for (const m of list(actor.member)) if (isObject(m)) collect(m);
    return actor;
  };
  mapActors(payload, collect);
  const envelope = payload[SEALED_CONTENT];
  if (isObject(envelope) && isObject(envelope.w)) for (const id of Object.keys(envelope.w)) ids.add(id);
  return [...ids];
}

/**
 * The stand-in for a token whose key is gone: an account on erasure's reserved homePage, named after the key id (a
 * random uuid, nothing of the person), so every mention under one destroyed key reads as one unknown person.
 */
export const shreddedAgent = (objectType: unknown, keyId: string): Json => ({
  objectType: objectType === 'Group' ? 'Group' : 'Agent',
  account: { homePage: ERASED_HOME_PAGE, name: keyId },
});

/**
 * The statement as it was written (a copy), from its sealed form: `dekOf` answers the data key of a key id, or
 * undefined when it is gone (erased): then that Agent is the {@link shreddedAgent} and content no remaining key
 * opens is dropped. A payload without tokens (stored before sealing) comes back equal.
 */
export function unsealStatement(
  tenantId: string,
  payload: Json,
  dekOf: (keyId: string) => Buffer | undefined,
): Json {
  const copy = structuredClone(payload);
  const unsealActor = (actor: Json): Json => {
    const { member, [SEALED_AGENT]: token, ...rest } = actor;
    const members = Array.isArray(member)
      ? member.map((m: unknown) => (isObject(m) ? unsealActor(m) : m))
      : undefined;
    if (!isObject(token)) return members ? { ...rest, member: members } : rest;
    const keyId = String(token.k);
    const dek = dekOf(keyId);
    const opened = dek && tryOpen(dek, agentAad(tenantId, keyId), Buffer.from(String(token.c), 'base64'));
    const identity = opened
      ? (JSON.parse(opened.toString('utf8')) as Json)
      : shreddedAgent(rest.objectType, keyId);
    return { ...identity, ...(members && { member: members }) };
  };
  mapActors(copy, unsealActor);
  unsealContent(tenantId, copy, dekOf);
  return copy;
}

function unsealContent(
  tenantId: string,
  statement: Json,
  dekOf: (keyId: string) => Buffer | undefined,
): void {
  const envelope = statement[SEALED_CONTENT];
  if (!isObject(envelope)) return;
  delete statement[SEALED_CONTENT];
  const statementId = String(statement.id);
  let contentKey: Buffer | undefined;
  for (const [keyId, wrapped] of Object.entries(isObject(envelope.w) ? envelope.w : {})) {
    const dek = dekOf(keyId);
    contentKey =
      dek && tryOpen(dek, wrapAad(tenantId, statementId, keyId), Buffer.from(String(wrapped), 'base64'));
    if (contentKey) break;
  }
  const opened =
    contentKey &&
    tryOpen(contentKey, contentAad(tenantId, statementId), Buffer.from(String(envelope.c), 'base64'));
  if (!opened) {
    // Every subject's key is gone: the content is gone with them; containers it leaves empty go too.
    for (const [, holder] of contentHolders(statement)) {
      for (const container of ['result', 'context']) {
        const c = holder[container];
        if (isObject(c) && Object.keys(c).length === 0) delete holder[container];
      }
    }
    return;
  }
  for (const [path, value] of JSON.parse(opened.toString('utf8')) as [string, unknown][]) {
    const parts = path.split('.');
    let at: Json = statement;
    for (const part of parts.slice(0, -1)) {
      if (!isObject(at[part])) at[part] = {};
      at = at[part] as Json;
    }
    at[parts[parts.length - 1]!] = value;
  }
}
