// xAPI 1.0.3 Data §2.4.2 (Actor: Agent, Group, Inverse Functional Identifier, Account) and IEEE 9274.1.1
// §4.2.2.1 — the same rules apply wherever an Agent or Group appears: actor, object, authority,
// instructor, team, group members, contextAgents / contextGroups and the `agent` query parameter.

import { isMailtoIri, isSha1Hex } from '../primitives/identifiers.js';
import { isUri } from '../primitives/iri.js';
import { checkShape, child, expectObject, field, show, type JsonObject, type Report } from './report.js';
import { checkArray, checkIrl, checkString } from './values.js';

export const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const IFI_LIST = IFI_KEYS.join(', ');

const AGENT_KEYS = ['objectType', 'name', ...IFI_KEYS];
const GROUP_KEYS = [...AGENT_KEYS, 'member'];

export interface ActorRules {
  /** How the position is named in messages: "actor", "authority", "context.team"… */
  label: string;
  /** Which kinds the position admits. */
  accept: 'agent' | 'group' | 'either';
  /** True in object position, where the Agent default cannot be assumed (§2.4.4.2). */
  objectTypeRequired?: boolean;
}

/** Names of the IFIs present (non-null) on an Agent or Group. */
export function presentIfis(obj: JsonObject): string[] {
  return IFI_KEYS.filter((key) => field(obj, key) !== undefined);
}

function checkIfiValues(obj: JsonObject, path: string, report: Report): void {
  const mbox = field(obj, 'mbox');
  if (mbox !== undefined && checkString(mbox, child(path, 'mbox'), report, 'mbox') && !isMailtoIri(mbox)) {
    report.add(
      child(path, 'mbox'),
      `mbox must be a mailto IRI holding one e-mail address ("mailto:name@example.com"); got ${show(mbox)}`,
    );
  }
  const sha1 = field(obj, 'mbox_sha1sum');
  if (sha1 !== undefined && checkString(sha1, child(path, 'mbox_sha1sum'), report, 'mbox_sha1sum')) {
    if (!isSha1Hex(sha1)) {
      report.add(
        child(path, 'mbox_sha1sum'),
        `mbox_sha1sum must be the hex SHA-1 of a mailto IRI (40 hex digits); got ${show(sha1)}`,
      );
    }
  }
  const openid = field(obj, 'openid');
  if (
    openid !== undefined &&
    checkString(openid, child(path, 'openid'), report, 'openid') &&
    !isUri(openid)
  ) {
    report.add(child(path, 'openid'), `openid must be an absolute URI; got ${show(openid)}`);
  }
  const account = field(obj, 'account');
  if (account !== undefined) checkAccount(account, child(path, 'account'), report);
}

function checkAccount(value: unknown, path: string, report: Report): void {
  if (!expectObject(value, path, report, 'account')) return;
  checkShape(value, path, report, 'an account', {
    allowed: ['homePage', 'name'],
    required: ['homePage', 'name'],
  });
  const homePage = field(value, 'homePage');
  if (homePage !== undefined) checkIrl(homePage, child(path, 'homePage'), report, 'account.homePage');
  const name = field(value, 'name');
  if (name !== undefined) checkString(name, child(path, 'name'), report, 'account.name');
}

function kindOf(
  obj: JsonObject,
  path: string,
  report: Report,
  rules: ActorRules,
): 'agent' | 'group' | undefined {
  const objectType = field(obj, 'objectType');
  const expected =
    rules.accept === 'agent' ? '"Agent"' : rules.accept === 'group' ? '"Group"' : '"Agent" or "Group"';
  if (objectType === undefined) {
    if (rules.objectTypeRequired || rules.accept === 'group') {
      report.add(child(path, 'objectType'), `${rules.label} must have objectType ${expected}`);
      return rules.accept === 'group' ? 'group' : undefined;
    }
    return 'agent';
  }
  if (objectType !== 'Agent' && objectType !== 'Group') {
    report.add(
      child(path, 'objectType'),
      `objectType of ${rules.label} must be ${expected}; got ${show(objectType)}`,
    );
    return undefined;
  }
  const kind = objectType === 'Group' ? 'group' : 'agent';
  if (rules.accept === 'agent' && kind === 'group') {
    const reason =
      rules.label === 'group member' ? "a Group's members must be Agents; Groups cannot be nested" : '';
    report.add(child(path, 'objectType'), reason || `${rules.label} must be an Agent, not a Group`);
  } else if (rules.accept === 'group' && kind === 'agent') {
    report.add(child(path, 'objectType'), `${rules.label} must be a Group (objectType "Group"); got "Agent"`);
  }
  return kind;
}

/** Validates an Agent or Group at `path`, reporting every problem found. */
export function checkActor(value: unknown, path: string, report: Report, rules: ActorRules): void {
  if (!expectObject(value, path, report, rules.label)) return;
  const kind = kindOf(value, path, report, rules);
  if (kind === undefined) return;

  checkShape(value, path, report, kind === 'group' ? 'a Group' : 'an Agent', {
    allowed: kind === 'group' ? GROUP_KEYS : AGENT_KEYS,
  });
  const name = field(value, 'name');
  if (name !== undefined) checkString(name, child(path, 'name'), report, 'name');

  const ifis = presentIfis(value);
  if (kind === 'agent' && ifis.length !== 1) {
    const found = ifis.length === 0 ? '0' : `${ifis.length} (${ifis.join(', ')})`;
    report.add(
      path,
      `${rules.label} must have exactly one inverse functional identifier (${IFI_LIST}); found ${found}`,
    );
  }
  if (kind === 'group' && ifis.length > 1) {
    report.add(
      path,
      `${rules.label} is a Group and may have at most one inverse functional identifier (${IFI_LIST}); found ${ifis.length} (${ifis.join(', ')})`,
    );
  }
  checkIfiValues(value, path, report);

  if (kind === 'group') checkMembers(value, path, report, rules, ifis.length === 0);
}

function checkMembers(
  group: JsonObject,
  path: string,
  report: Report,
  rules: ActorRules,
  anonymous: boolean,
): void {
  const memberPath = child(path, 'member');
  const members = field(group, 'member');
  if (members === undefined) {
    if (anonymous && !('member' in group)) {
      report.add(
        memberPath,
        `${rules.label} is an anonymous Group (no inverse functional identifier), so it must list its Agents in "member"`,
      );
    }
    return;
  }
  if (!checkArray(members, memberPath, report, 'member')) return;
  if (anonymous && members.length === 0) {
    report.add(memberPath, `${rules.label} is an anonymous Group, so "member" must list at least one Agent`);
  }
  members.forEach((member, index) =>
    checkActor(member, child(memberPath, index), report, { label: 'group member', accept: 'agent' }),
  );
}
