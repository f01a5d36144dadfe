// SQL over consent.person and its link tables. Every query is bounded by the tenant, so a person
// or group of another tenant is never read or changed (default deny, decided in SQL).
import { ConflictError, type ErrorDetail, type PersonRole } from '@custos/contracts';
import { ifiHash } from '@custos/xapi';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { type AgentLink, agentsOfIfis } from './agent-link.js';
import { type Actor, ChangeLog, type ChangeTx, ifiHashesOf } from '../change-log/index.js';
import { CONSENT_DB } from '../db/data-source.js';

export interface PersonRecord {
  id: string;
  tenantId: string;
  username: string;
  displayName: string | null;
  externalSubject: string | null;
  roles: PersonRole[];
  groupIds: string[];
  ifis: string[];
  ifiHashes: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface GroupRecord {
  id: string;
  tenantId: string;
  name: string;
  memberIds: string[];
}

export interface NewPerson {
  id: string;
  tenantId: string;
  username: string;
  displayName: string | null;
  passwordHash: string | null;
  externalSubject: string | null;
  roles: PersonRole[];
  links: AgentLink[];
}

export interface PersonChanges {
  displayName?: string | null;
  passwordHash?: string;
  externalSubject?: string | null;
  roles?: PersonRole[];
  links?: AgentLink[];
  disabled?: boolean;
}

export type PersonKey = { id: string } | { username: string } | { externalSubject: string };

interface PersonRow {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string | null;
  external_subject: string | null;
  roles: PersonRole[];
  group_ids: string[];
  ifis: string[];
  ifi_hashes: string[];
  created_at: Date;
  disabled_at: Date | null;
}

const SELECT_PERSON = `
  SELECT p.id, p.tenant_id, p.username, p.display_name, p.external_subject, p.created_at, p.disabled_at,
    ARRAY(SELECT r.role FROM consent.person_role r WHERE r.person_id = p.id ORDER BY r.role) AS roles,
    ARRAY(SELECT m.group_id::text FROM consent.people_group_member m WHERE m.person_id = p.id
          ORDER BY m.group_id) AS group_ids,
    ARRAY(SELECT a.ifi FROM consent.person_agent a WHERE a.person_id = p.id ORDER BY a.ifi) AS ifis,
    ARRAY(SELECT a.ifi_hash FROM consent.person_agent a WHERE a.person_id = p.id ORDER BY a.ifi_hash)
      AS ifi_hashes
  FROM consent.person p`;

const fromRow = (r: PersonRow): PersonRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  username: r.username,
  displayName: r.display_name,
  externalSubject: r.external_subject,
  roles: r.roles,
  groupIds: r.group_ids,
  ifis: r.ifis,
  ifiHashes: r.ifi_hashes,
  createdAt: new Date(r.created_at).toISOString(),
  disabledAt: r.disabled_at ? new Date(r.disabled_at).toISOString() : null,
});

const UNIQUE_VIOLATION = '23505';

/** The API's name of each field a patch may set, for the record of a change (which names, never values). */
const FIELD_NAMES: Record<keyof PersonChanges, string> = {
  displayName: 'displayName',
  passwordHash: 'password',
  externalSubject: 'externalSubject',
  roles: 'roles',
  links: 'agents',
  disabled: 'disabled',
};

const changedFields = (c: PersonChanges): string[] =>
  (Object.keys(FIELD_NAMES) as (keyof PersonChanges)[])
    .filter((k) => c[k] !== undefined)
    .map((k) => FIELD_NAMES[k]);

/** Duplicate usernames, subjects and group names become 409 with a message naming the field. */
function conflictOf(err: unknown): never {
  const e = err as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint ?? '';
  if (code === UNIQUE_VIOLATION) {
    if (constraint === 'person_tenant_username_key') {
      throw new ConflictError('username is already taken in this tenant');
    }
    if (constraint === 'person_tenant_external_subject_key') {
      throw new ConflictError('externalSubject is already linked to another person in this tenant');
    }
    if (constraint === 'people_group_tenant_name_key') {
      throw new ConflictError('a group with this name exists');
    }
  }
  throw err;
}

@Injectable()
export class PersonRepository {
  constructor(
    @Inject(CONSENT_DB) private readonly db: DataSource,
    private readonly changes: ChangeLog,
  ) {}

  async ensureTenant(id: string): Promise<void> {
    await this.db.query(`INSERT INTO consent.tenant (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING`, [
      id,
    ]);
  }

  /** A new person, created by `actor`, and the record of it. */
  async insert(p: NewPerson, actor: Actor): Promise<void> {
    await this.changes
      .run(async ({ manager: m, record }) => {
        await m.query(
          `INSERT INTO consent.person (id, tenant_id, username, display_name, password_hash, external_subject)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [p.id, p.tenantId, p.username, p.displayName, p.passwordHash, p.externalSubject],
        );
        await this.replaceRoles(m, p.id, p.roles);
        const links = await this.replaceLinks(m, p.id, p.links);
        await record(p.tenantId, actor, {
          action: 'person.create',
          resource: 'person',
          query: { personId: p.id, roles: p.roles },
          personIds: [p.id],
        });
        await recordLinks(record, p.tenantId, p.id, actor, links);
      })
      .catch(conflictOf);
  }

  async find(tenantId: string, key: PersonKey): Promise<PersonRecord | null> {
    const [column, value] =
      'id' in key
        ? ['id', key.id]
        : 'username' in key
          ? ['username', key.username]
          : ['external_subject', key.externalSubject];
    const rows: PersonRow[] = await this.db.query(
      `${SELECT_PERSON} WHERE p.tenant_id = $1 AND p.${column} = $2`,
      [tenantId, value],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The password hash of an enabled person, for login only. */
  async passwordOf(tenantId: string, username: string): Promise<{ id: string; passwordHash: string } | null> {
    const [row]: { id: string; password_hash: string }[] = await this.db.query(
      `SELECT id, password_hash FROM consent.person
       WHERE tenant_id = $1 AND username = $2 AND disabled_at IS NULL AND password_hash IS NOT NULL`,
      [tenantId, username],
    );
    return row ? { id: row.id, passwordHash: row.password_hash } : null;
  }

  async list(tenantId?: string): Promise<PersonRecord[]> {
    const rows: PersonRow[] = tenantId
      ? await this.db.query(`${SELECT_PERSON} WHERE p.tenant_id = $1 ORDER BY p.username`, [tenantId])
      : await this.db.query(`${SELECT_PERSON} ORDER BY p.tenant_id, p.username`);
    return rows.map(fromRow);
  }

  /** Changes a person as `actor` and records which fields changed; false when the tenant has no such person. */
  async update(tenantId: string, id: string, c: PersonChanges, actor: Actor): Promise<boolean> {
    return this.changes
      .run(async ({ manager: m, record }) => {
        const [, affected]: [unknown[], number] = await m.query(
          `UPDATE consent.person SET
             display_name = CASE WHEN $3::boolean THEN $4 ELSE display_name END,
             password_hash = COALESCE($5, password_hash),
             external_subject = CASE WHEN $6::boolean THEN $7 ELSE external_subject END,
             disabled_at = CASE WHEN $8::boolean IS NULL THEN disabled_at
                                WHEN $8::boolean THEN COALESCE(disabled_at, now()) ELSE NULL END
           WHERE tenant_id = $1 AND id = $2`,
          [
            tenantId,
            id,
            c.displayName !== undefined,
            c.displayName ?? null,
            c.passwordHash ?? null,
            c.externalSubject !== undefined,
            c.externalSubject ?? null,
            c.disabled ?? null,
          ],
        );
        if (affected === 0) return false;
        // The learner identifiers linked before count as concerned too: an unlinked one is in the record.
        const former = c.links ? await ifiHashesOf(m, [id]) : [];
        if (c.roles) await this.replaceRoles(m, id, c.roles);
        const links = c.links ? await this.replaceLinks(m, id, c.links) : NO_LINK_CHANGE;
        await record(tenantId, actor, {
          action: 'person.update',
          resource: 'person',
          query: {
            personId: id,
            changed: changedFields(c),
            ...(c.roles && { roles: c.roles }),
            ...(c.disabled !== undefined && { disabled: c.disabled }),
          },
          personIds: [id],
          formerIfiHashes: former,
        });
        await recordLinks(record, tenantId, id, actor, links);
        return true;
      })
      .catch(conflictOf);
  }

  async insertGroup(id: string, tenantId: string, name: string, actor: Actor): Promise<void> {
    await this.changes
      .run(async ({ manager: m, record }) => {
        await m.query(`INSERT INTO consent.people_group (id, tenant_id, name) VALUES ($1, $2, $3)`, [
          id,
          tenantId,
          name,
        ]);
        await record(tenantId, actor, {
          action: 'group.create',
          resource: 'group',
          query: { groupId: id, name },
        });
      })
      .catch(conflictOf);
  }

  async listGroups(tenantId: string, groupId?: string): Promise<GroupRecord[]> {
    const rows: { id: string; tenant_id: string; name: string; member_ids: string[] }[] = await this.db.query(
      `SELECT g.id, g.tenant_id, g.name,
         ARRAY(SELECT m.person_id::text FROM consent.people_group_member m WHERE m.group_id = g.id
               ORDER BY m.person_id) AS member_ids
       FROM consent.people_group g
       WHERE g.tenant_id = $1 AND ($2::uuid IS NULL OR g.id = $2::uuid) ORDER BY g.name`,
      [tenantId, groupId ?? null],
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, name: r.name, memberIds: r.member_ids }));
  }

  /**
   * Replaces a group's members. Returns 'no-group' when the tenant has no such group, or the ids
   * that are not people of that tenant (nothing is changed then).
   */
  async setMembers(
    tenantId: string,
    groupId: string,
    personIds: string[],
    actor: Actor,
  ): Promise<'no-group' | string[]> {
    return this.changes.run(async ({ manager: m, record }) => {
      const [group]: unknown[] = await m.query(
        `SELECT 1 FROM consent.people_group WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, groupId],
      );
      if (!group) return 'no-group';
      const known: { id: string }[] = await m.query(
        `SELECT id::text FROM consent.person WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
        [tenantId, personIds],
      );
      const ids = new Set(known.map((k) => k.id));
      const foreign = personIds.filter((id) => !ids.has(id));
      if (foreign.length > 0) return foreign;
      const former: { person_id: string }[] = await m.query(
        `SELECT person_id::text FROM consent.people_group_member WHERE group_id = $1`,
        [groupId],
      );
      await m.query(`DELETE FROM consent.people_group_member WHERE group_id = $1`, [groupId]);
      await m.query(
        `INSERT INTO consent.people_group_member (group_id, person_id)
         SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [groupId, [...ids]],
      );
      const before = new Set(former.map((f) => f.person_id));
      const members = [...ids].sort();
      await record(tenantId, actor, {
        action: 'group.members.set',
        resource: 'group',
        query: {
          groupId,
          memberIds: members,
          added: members.filter((id) => !before.has(id)),
          removed: [...before].filter((id) => !ids.has(id)).sort(),
        },
        // Everyone who joined, stayed or left: their access through the group's policies may have changed.
        personIds: [...new Set([...before, ...ids])],
      });
      return [];
    });
  }

  /** The person of the tenant with this username (enabled or not), for the record of a failed login. */
  async idByUsername(tenantId: string, username: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.db.query(
      `SELECT id FROM consent.person WHERE tenant_id = $1 AND username = $2`,
      [tenantId, username],
    );
    return row?.id ?? null;
  }

  /**
   * Every canonical IFI linked to the person(s) of the tenant that this identifier hash is linked to (itself
   * included); none when it is linked to nobody there.
   */
  async identifiersLinkedTo(tenantId: string, ifiHash: string): Promise<string[]> {
    const rows: { ifi: string }[] = await this.db.query(
      `SELECT DISTINCT a.ifi FROM consent.person_agent a
        WHERE a.person_id IN (SELECT l.person_id FROM consent.person_agent l
                                JOIN consent.person p ON p.id = l.person_id
                               WHERE p.tenant_id = $1 AND l.ifi_hash = $2)
        ORDER BY a.ifi`,
      [tenantId, ifiHash],
    );
    return rows.map((r) => r.ifi);
  }

  private async replaceRoles(m: EntityManager, personId: string, roles: PersonRole[]): Promise<void> {
    await m.query(`DELETE FROM consent.person_role WHERE person_id = $1`, [personId]);
    await m.query(
      `INSERT INTO consent.person_role (person_id, role) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [personId, roles],
    );
  }

  /**
   * Makes `links` the person's identifiers: the ones kept keep their `linked_at`. An identifier linked to another
   * person of the tenant is a 409 naming the field (and, thrown inside the change's transaction, changes
   * nothing). The unique index decides, so two requests linking one identifier at once cannot both succeed: the
   * second insert waits for the first transaction and then finds the identifier taken.
   */
  private async replaceLinks(m: EntityManager, personId: string, links: AgentLink[]): Promise<LinkChange> {
    const wanted = links.map((l) => l.ifiHash);
    // TypeORM answers a DELETE with [rows, affected count].
    const [unlinked] = await m.query<[{ ifi: string }[], number]>(
      `DELETE FROM consent.person_agent WHERE person_id = $1 AND NOT (ifi_hash = ANY($2::text[])) RETURNING ifi`,
      [personId, wanted],
    );
    const kept = await ifiHashesOf(m, [personId]);
    const fresh = links.filter((l) => !kept.includes(l.ifiHash));
    const inserted = await m.query<{ ifi: string; ifi_hash: string }[]>(
      `INSERT INTO consent.person_agent (person_id, ifi, ifi_hash)
       SELECT $1, * FROM unnest($2::text[], $3::text[])
       ON CONFLICT (tenant_id, ifi_hash) DO NOTHING RETURNING ifi, ifi_hash`,
      [personId, fresh.map((l) => l.ifi), fresh.map((l) => l.ifiHash)],
    );
    const stored = new Set(inserted.map((r) => r.ifi_hash));
    const taken = fresh.filter((l) => !stored.has(l.ifiHash));
    if (taken.length > 0) {
      const paths = [...new Set(taken.map((l) => l.path ?? 'agents'))];
      const errors: ErrorDetail[] = paths.map((path) => ({
        path,
        message: 'is linked to another person of this tenant; unlink it there first',
      }));
      throw new ConflictError(
        `${paths[0]}: the identifier is linked to another person of this tenant`,
        errors,
      );
    }
    return { linked: inserted.map((r) => r.ifi), unlinked: unlinked.map((r) => r.ifi) };
  }
}

/** The identifiers a change linked and unlinked (canonical IFIs, an mbox with its mbox_sha1sum form). */
interface LinkChange {
  linked: string[];
  unlinked: string[];
}

const NO_LINK_CHANGE: LinkChange = { linked: [], unlinked: [] };

/**
 * The record of each link and unlink, besides the person's own record: whoever an identifier is linked to reads
 * every statement about it as that learner, so the learner's access log (which finds records by their identifiers)
 * must show who linked or unlinked one, and when. Counts only: the record never holds an identifier.
 */
async function recordLinks(
  record: ChangeTx['record'],
  tenantId: string,
  personId: string,
  actor: Actor,
  change: LinkChange,
): Promise<void> {
  const count = (ifis: string[]) => agentsOfIfis(ifis).length;
  if (change.unlinked.length > 0) {
    await record(tenantId, actor, {
      action: 'agent.unlink',
      resource: 'person',
      query: { personId, unlinked: count(change.unlinked) },
      personIds: [personId],
      formerIfiHashes: change.unlinked.map(ifiHash),
    });
  }
  if (change.linked.length > 0) {
    await record(tenantId, actor, {
      action: 'agent.link',
      resource: 'person',
      query: { personId, linked: count(change.linked) },
      personIds: [personId],
    });
  }
}
