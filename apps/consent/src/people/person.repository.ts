// consent.person and its link tables. Plain reads and writes go through TypeORM; raw SQL stays where each method
// says why (ADR 0008). Every query is bounded by the tenant, so a person
// or group of another tenant is never read or changed (default deny, decided in SQL). Writes take the unit of
// work of the service making the change.
import { ConflictError, type PersonRole } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type DataSource, IsNull, Not } from 'typeorm';

import { ifiHashesOf } from '../change-log/index.js';
import { CONSENT_DB } from '../db/data-source.js';
import { PeopleGroupMemberEntity } from '../db/entities/people-group-member.entity.js';
import { PeopleGroupEntity } from '../db/entities/people-group.entity.js';
import { PersonRoleEntity } from '../db/entities/person-role.entity.js';
import { PersonEntity } from '../db/entities/person.entity.js';
import { TenantEntity } from '../db/entities/tenant.entity.js';
import type { AgentLink } from './agent-link.js';
import { isMinorSql } from './minority.js';

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
  birthDate: string | null;
  minorUntil: string | null;
  minor: boolean;
  guardianIds: string[];
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
  birthDate: string | null;
  minorUntil: string | null;
}

export interface PersonChanges {
  displayName?: string | null;
  passwordHash?: string;
  externalSubject?: string | null;
  roles?: PersonRole[];
  links?: AgentLink[];
  disabled?: boolean;
  /** YYYY-MM-DD; null clears it. */
  birthDate?: string | null;
  minorUntil?: string | null;
  guardianIds?: string[];
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
  birth_date: string | null;
  minor_until: string | null;
  minor: boolean;
  guardian_ids: string[];
}

// Raw SQL (ADR 0008): a person with their roles, groups and identifiers as arrays, in one statement.
const SELECT_PERSON = `
  SELECT p.id, p.tenant_id, p.username, p.display_name, p.external_subject, p.created_at, p.disabled_at,
    ARRAY(SELECT r.role FROM consent.person_role r WHERE r.person_id = p.id ORDER BY r.role) AS roles,
    ARRAY(SELECT m.group_id::text FROM consent.people_group_member m WHERE m.person_id = p.id
          ORDER BY m.group_id) AS group_ids,
    ARRAY(SELECT a.ifi FROM consent.person_agent a WHERE a.person_id = p.id ORDER BY a.ifi) AS ifis,
    ARRAY(SELECT a.ifi_hash FROM consent.person_agent a WHERE a.person_id = p.id ORDER BY a.ifi_hash)
      AS ifi_hashes,
    to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, to_char(p.minor_until, 'YYYY-MM-DD') AS minor_until,
    ${isMinorSql('p')} AS minor,
    ARRAY(SELECT g.guardian_id::text FROM consent.guardian_link g WHERE g.learner_id = p.id
          ORDER BY g.guardian_id) AS guardian_ids
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
  birthDate: r.birth_date,
  minorUntil: r.minor_until,
  minor: r.minor,
  guardianIds: r.guardian_ids,
});

const UNIQUE_VIOLATION = '23505';

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
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  async ensureTenant(id: string): Promise<void> {
    await this.db
      .getRepository(TenantEntity)
      .createQueryBuilder()
      .insert()
      .values({ id, name: id })
      .orIgnore()
      .execute();
  }

  async insert(uow: UnitOfWork, p: NewPerson): Promise<void> {
    await uow.manager
      .getRepository(PersonEntity)
      .insert({ ...p, disabledAt: null })
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
    const found = await this.db.getRepository(PersonEntity).findOne({
      select: { id: true, passwordHash: true },
      where: { tenantId, username, disabledAt: IsNull(), passwordHash: Not(IsNull()) },
    });
    return found ? { id: found.id, passwordHash: found.passwordHash! } : null;
  }

  async list(tenantId?: string): Promise<PersonRecord[]> {
    const rows: PersonRow[] = tenantId
      ? await this.db.query(`${SELECT_PERSON} WHERE p.tenant_id = $1 ORDER BY p.username`, [tenantId])
      : await this.db.query(`${SELECT_PERSON} ORDER BY p.tenant_id, p.username`);
    return rows.map(fromRow);
  }

  /** Changes a person's own columns; false when the tenant has no such person. */
  async update(uow: UnitOfWork, tenantId: string, id: string, c: PersonChanges): Promise<boolean> {
    // Raw SQL (ADR 0008): one UPDATE that locks the person's row for the roles and links changed after it, even
    // when none of their own columns changes (a repository update with nothing to set sends no statement).
    const [, affected] = await uow.manager
      .query<[unknown[], number]>(
        `UPDATE consent.person SET
           display_name = CASE WHEN $3::boolean THEN $4 ELSE display_name END,
           password_hash = COALESCE($5, password_hash),
           external_subject = CASE WHEN $6::boolean THEN $7 ELSE external_subject END,
           disabled_at = CASE WHEN $8::boolean IS NULL THEN disabled_at
                              WHEN $8::boolean THEN COALESCE(disabled_at, now()) ELSE NULL END,
           birth_date = CASE WHEN $9::boolean THEN $10::date ELSE birth_date END,
           minor_until = CASE WHEN $11::boolean THEN $12::date ELSE minor_until END
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
          c.birthDate !== undefined,
          c.birthDate ?? null,
          c.minorUntil !== undefined,
          c.minorUntil ?? null,
        ],
      )
      .catch(conflictOf);
    return affected > 0;
  }

  async insertGroup(uow: UnitOfWork, id: string, tenantId: string, name: string): Promise<void> {
    await uow.manager.getRepository(PeopleGroupEntity).insert({ id, tenantId, name }).catch(conflictOf);
  }

  async listGroups(tenantId: string, groupId?: string): Promise<GroupRecord[]> {
    // Raw SQL (ADR 0008): each group with its members as an array, in one statement.
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

  /** Locks the tenant's group until the unit of work ends, so its members change one change at a time; false when none. */
  async lockGroup(uow: UnitOfWork, tenantId: string, groupId: string): Promise<boolean> {
    const group = await uow.manager
      .getRepository(PeopleGroupEntity)
      .createQueryBuilder('g')
      .select('g.id')
      .where({ tenantId, id: groupId })
      .setLock('pessimistic_write')
      .getOne();
    return group !== null;
  }

  /** Those of `personIds` that are people of the tenant. */
  async peopleAmong(uow: UnitOfWork, tenantId: string, personIds: string[]): Promise<string[]> {
    // One array parameter, not IN (…): a group may have more members than PostgreSQL's 65535 parameters.
    const known = await uow.manager
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .select('p.id')
      .where({ tenantId })
      .andWhere('p.id = ANY(:personIds::uuid[])', { personIds })
      .getMany();
    return known.map((k) => k.id);
  }

  async memberIds(uow: UnitOfWork, groupId: string): Promise<string[]> {
    const rows = await uow.manager
      .getRepository(PeopleGroupMemberEntity)
      .find({ select: { groupId: true, personId: true }, where: { groupId } });
    return rows.map((r) => r.personId);
  }

  async replaceMembers(uow: UnitOfWork, groupId: string, personIds: string[]): Promise<void> {
    await uow.manager.getRepository(PeopleGroupMemberEntity).delete({ groupId });
    // Raw SQL (ADR 0008): one array parameter for any number of members (unnest), duplicates ignored.
    await uow.manager.query(
      `INSERT INTO consent.people_group_member (group_id, person_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [groupId, personIds],
    );
  }

  /** The person of the tenant with this username (enabled or not), for the record of a failed login. */
  async idByUsername(tenantId: string, username: string): Promise<string | null> {
    const found = await this.db
      .getRepository(PersonEntity)
      .findOne({ select: { id: true }, where: { tenantId, username } });
    return found?.id ?? null;
  }

  /**
   * Every canonical IFI linked to the person(s) of the tenant that this identifier hash is linked to (itself
   * included); none when it is linked to nobody there.
   */
  async identifiersLinkedTo(tenantId: string, ifiHash: string): Promise<string[]> {
    // Raw SQL (ADR 0008): a self-join of person_agent through a subquery, clearer as SQL.
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

  /** The identifier hashes linked to the person now (in `uow`). */
  linkedIfiHashes(uow: UnitOfWork, personId: string): Promise<string[]> {
    return ifiHashesOf(uow, [personId]);
  }

  async replaceRoles(uow: UnitOfWork, personId: string, roles: PersonRole[]): Promise<void> {
    const personRoles = uow.manager.getRepository(PersonRoleEntity);
    await personRoles.delete({ personId });
    if (roles.length === 0) return;
    // ON CONFLICT DO NOTHING: a role named twice is held once.
    await personRoles
      .createQueryBuilder()
      .insert()
      .values(roles.map((role) => ({ personId, role })))
      .orIgnore()
      .execute();
  }

  /**
   * Makes `links` the person's identifiers: the ones kept keep their `linked_at`. An identifier linked to another
   * person of the tenant is left where it is and answered in `taken`. The unique index decides, so two requests
   * linking one identifier at once cannot both succeed: the second insert waits for the first transaction and
   * then finds the identifier taken.
   */
  async replaceLinks(uow: UnitOfWork, personId: string, links: AgentLink[]): Promise<LinkChange> {
    // Raw SQL (ADR 0008): DELETE … RETURNING and an unnest insert ON CONFLICT on the tenant's identifier key.
    const m = uow.manager;
    const wanted = links.map((l) => l.ifiHash);
    // TypeORM answers a DELETE with [rows, affected count].
    const [unlinked] = await m.query<[{ ifi: string }[], number]>(
      `DELETE FROM consent.person_agent WHERE person_id = $1 AND NOT (ifi_hash = ANY($2::text[])) RETURNING ifi`,
      [personId, wanted],
    );
    const kept = await ifiHashesOf(uow, [personId]);
    const fresh = links.filter((l) => !kept.includes(l.ifiHash));
    const inserted = await m.query<{ ifi: string; ifi_hash: string }[]>(
      `INSERT INTO consent.person_agent (person_id, ifi, ifi_hash)
       SELECT $1, * FROM unnest($2::text[], $3::text[])
       ON CONFLICT (tenant_id, ifi_hash) DO NOTHING RETURNING ifi, ifi_hash`,
      [personId, fresh.map((l) => l.ifi), fresh.map((l) => l.ifiHash)],
    );
    const stored = new Set(inserted.map((r) => r.ifi_hash));
    return {
      linked: inserted.map((r) => r.ifi),
      unlinked: unlinked.map((r) => r.ifi),
      taken: fresh.filter((l) => !stored.has(l.ifiHash)),
    };
  }
}

/** What replacing a person's identifiers did (canonical IFIs, an mbox with its mbox_sha1sum form). */
export interface LinkChange {
  linked: string[];
  unlinked: string[];
  /** Wanted, but linked to another person of the tenant: nothing was linked for these. */
  taken: AgentLink[];
}
