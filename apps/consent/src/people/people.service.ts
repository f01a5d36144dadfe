// People: local login, bearer authentication into a PersonPrincipalV1, and their management
// (by tenant admins over the API, by operators through the CLI).
import { randomUUID } from 'node:crypto';

import {
  BadRequestError,
  ConflictError,
  type CreatePersonBodyV1,
  type ErrorDetail,
  type GroupViewV1,
  type LoginV1,
  NotFoundError,
  type PersonPrincipalV1,
  type PersonRole,
  type PersonViewV1,
  type TenantSettingsV1,
  UnauthorizedError,
  type UpdatePersonBodyV1,
} from '@custos/contracts';
import { type UnitOfWork, UnitsOfWork } from '@custos/platform';
import { ifiHash } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

import { type Actor, ChangeLog, OPERATOR } from '../change-log/index.js';
import {
  hashSecret,
  personSubject,
  SignInThrottle,
  subjectsOf,
  TokenService,
  verifySecret,
  WrongSecret,
} from '../tokens/index.js';
import { type AgentLink, agentLinksOf, agentsOfIfis } from './agent-link.js';
import { GuardianRepository } from './guardian.repository.js';
import { TenantSettingsRepository } from './tenant-settings.repository.js';
import {
  type LinkChange,
  type PersonChanges,
  type PersonKey,
  type PersonRecord,
  PersonRepository,
} from './person.repository.js';

/** One message for every login failure, so a caller cannot tell which part was wrong. */
const LOGIN_FAILED = 'invalid tenant, username or password';
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The API's name of each field a patch may set, for the record of a change (which names, never values). */
const FIELD_NAMES: Record<keyof PersonChanges, string> = {
  displayName: 'displayName',
  passwordHash: 'password',
  externalSubject: 'externalSubject',
  roles: 'roles',
  links: 'agents',
  disabled: 'disabled',
  birthDate: 'birthDate',
  minorUntil: 'minorUntil',
  guardianIds: 'guardianIds',
};

const changedFields = (c: PersonChanges): string[] =>
  (Object.keys(FIELD_NAMES) as (keyof PersonChanges)[])
    .filter((k) => c[k] !== undefined)
    .map((k) => FIELD_NAMES[k]);

export const viewOf = (p: PersonRecord): PersonViewV1 => ({
  id: p.id,
  tenantId: p.tenantId,
  username: p.username,
  displayName: p.displayName,
  externalSubject: p.externalSubject,
  roles: p.roles,
  groupIds: p.groupIds,
  agents: agentsOfIfis(p.ifis),
  createdAt: p.createdAt,
  disabledAt: p.disabledAt,
  birthDate: p.birthDate,
  minorUntil: p.minorUntil,
  minor: p.minor,
  guardianIds: p.guardianIds,
});

export const principalOfPerson = (p: PersonRecord): PersonPrincipalV1 => ({
  kind: 'person',
  tenantId: p.tenantId,
  personId: p.id,
  username: p.username,
  roles: p.roles,
  groupIds: p.groupIds,
  // Only a learner is matched to statements by their agents.
  agentIfiHashes: p.roles.includes('learner') ? p.ifiHashes : [],
});

@Injectable()
export class PeopleService {
  /** Hash checked when the user does not exist, so a miss costs as long as a wrong password. */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly people: PersonRepository,
    private readonly tokens: TokenService,
    private readonly changes: ChangeLog,
    private readonly units: UnitsOfWork,
    private readonly throttle: SignInThrottle,
    private readonly guardians: GuardianRepository,
    private readonly tenantSettings: TenantSettingsRepository,
  ) {}

  async login(input: LoginV1): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const subjects = subjectsOf(personSubject(input.tenant, input.username), input.clientAddress);
    // Backing off or locked: refused before the password is looked at, so a refusal tells nothing about it.
    const refusal = await this.throttle.admit(subjects);
    if (refusal && refusal !== 'skipped') {
      await this.changes.loginFailed(input.tenant, {
        method: 'password',
        personId: await this.people.idByUsername(input.tenant, input.username),
        username: input.username,
        reason: refusal.reason,
      });
      throw refusal.error;
    }
    return this.throttle.judged(subjects, async () => {
      const found = await this.people.passwordOf(input.tenant, input.username);
      const hash = found?.passwordHash ?? (await (this.decoy ??= hashSecret('decoy-password')));
      const ok = await verifySecret(input.password, hash);
      if (!found || !ok) {
        await this.changes.loginFailed(input.tenant, {
          method: 'password',
          personId: found?.id ?? (await this.people.idByUsername(input.tenant, input.username)),
          username: input.username,
          reason: found ? 'wrong password' : 'no enabled person with a password has this username',
        });
        throw new WrongSecret(new UnauthorizedError(LOGIN_FAILED));
      }
      const { token, expiresIn } = await this.tokens.issue(found.id, input.tenant);
      return { access_token: token, token_type: 'Bearer' as const, expires_in: expiresIn };
    });
  }

  /** Verifies the token, then reads the person afresh: a removed role or a disabling counts at once. */
  async authenticate(token: string): Promise<PersonPrincipalV1> {
    const ref = await this.tokens.verify(token);
    const person = await this.people.find(
      ref.tenantId,
      ref.kind === 'local' ? { id: ref.personId } : { externalSubject: ref.subject },
    );
    if (!person || person.disabledAt) throw new UnauthorizedError('invalid or expired bearer token');
    return principalOfPerson(person);
  }

  /** A person of the tenant (disabled or not) as the principal they sign in as, and whether they are enabled. */
  async principalOf(
    tenantId: string,
    id: string,
  ): Promise<{ principal: PersonPrincipalV1; active: boolean } | null> {
    const person = await this.people.find(tenantId, { id });
    return person ? { principal: principalOfPerson(person), active: person.disabledAt === null } : null;
  }

  async get(tenantId: string, key: PersonKey): Promise<PersonViewV1> {
    const person = await this.people.find(tenantId, key);
    if (!person) throw new NotFoundError('no such person');
    return viewOf(person);
  }

  async list(tenantId?: string): Promise<PersonViewV1[]> {
    return (await this.people.list(tenantId)).map(viewOf);
  }

  /**
   * Creates a person. `actor` is who did it, for the audit record: a tenant admin over the API, else the
   * operator (the `custos users` command line, which calls this directly).
   */
  async create(tenantId: string, input: CreatePersonBodyV1, actor: Actor = OPERATOR): Promise<PersonViewV1> {
    if (!TENANT_ID.test(tenantId)) {
      throw new BadRequestError('tenant id must be 1-63 lowercase letters, digits, - or _', [
        { path: 'tenant', message: 'must be 1-63 lowercase letters, digits, - or _' },
      ]);
    }
    const links = agentLinksOf(input.agents);
    const id = randomUUID();
    await this.people.ensureTenant(tenantId);
    const passwordHash = input.password ? await hashSecret(input.password) : null;
    const roles = unique(input.roles);
    await this.units.run(async (uow) => {
      await this.people.insert(uow, {
        id,
        tenantId,
        username: input.username,
        displayName: input.displayName ?? null,
        passwordHash,
        externalSubject: input.externalSubject ?? null,
        birthDate: input.birthDate ?? null,
        minorUntil: input.minorUntil ?? null,
      });
      await this.people.replaceRoles(uow, id, roles);
      const linked = await this.replaceLinks(uow, id, links);
      await this.changes.record(uow, tenantId, actor, {
        action: 'person.create',
        resource: 'person',
        query: { personId: id, roles },
        personIds: [id],
      });
      await this.recordLinks(uow, tenantId, id, actor, linked);
      if (input.guardianIds && input.guardianIds.length > 0) {
        await this.replaceGuardians(uow, tenantId, id, input.guardianIds, actor);
      }
    });
    return this.get(tenantId, { id });
  }

  async update(
    tenantId: string,
    id: string,
    patch: UpdatePersonBodyV1,
    actor: Actor = OPERATOR,
  ): Promise<PersonViewV1> {
    const c: PersonChanges = {
      displayName: patch.displayName,
      externalSubject: patch.externalSubject,
      passwordHash: patch.password ? await hashSecret(patch.password) : undefined,
      roles: patch.roles && unique(patch.roles),
      links: patch.agents && agentLinksOf(patch.agents),
      disabled: patch.disabled,
      birthDate: patch.birthDate,
      minorUntil: patch.minorUntil,
      guardianIds: patch.guardianIds,
    };
    const changed = await this.units.run(async (uow) => {
      if (!(await this.people.update(uow, tenantId, id, c))) return false;
      // The learner identifiers linked before count as concerned too: an unlinked one is in the record.
      const former = c.links ? await this.people.linkedIfiHashes(uow, id) : [];
      if (c.roles) await this.people.replaceRoles(uow, id, c.roles);
      const links = c.links ? await this.replaceLinks(uow, id, c.links) : NO_LINK_CHANGE;
      await this.changes.record(uow, tenantId, actor, {
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
      await this.recordLinks(uow, tenantId, id, actor, links);
      if (c.guardianIds) await this.replaceGuardians(uow, tenantId, id, c.guardianIds, actor);
      return true;
    });
    if (!changed) throw new NotFoundError('no such person');
    return this.get(tenantId, { id });
  }

  /** The tenant's settings: its age of digital consent (16 unless an admin set another) and its analytics. */
  async settings(tenantId: string): Promise<TenantSettingsV1> {
    const [ageOfDigitalConsent, analytics] = await Promise.all([
      this.guardians.ageOfDigitalConsent(tenantId),
      this.tenantSettings.analytics(tenantId),
    ]);
    return { ageOfDigitalConsent, analytics };
  }

  /**
   * Sets the tenant's age of digital consent (13–16, checked by the schema and by the database). It applies to the
   * very next request: who is a minor is decided then, from each learner's birth date.
   */
  async setSettings(tenantId: string, settings: TenantSettingsV1, actor: Actor): Promise<TenantSettingsV1> {
    await this.units.run(async (uow) => {
      await this.guardians.setAgeOfDigitalConsent(uow, tenantId, settings.ageOfDigitalConsent);
      // Analytics settings left out of the body stay as they are.
      if (settings.analytics) await this.tenantSettings.setAnalytics(uow, tenantId, settings.analytics);
      await this.changes.record(uow, tenantId, actor, {
        action: 'tenant.settings.set',
        resource: 'tenant',
        query: {
          ageOfDigitalConsent: settings.ageOfDigitalConsent,
          ...(settings.analytics && { analytics: settings.analytics }),
        },
      });
    });
    return this.settings(tenantId);
  }

  /** Links one more agent to a person (CLI `users link-agent`). */
  async linkAgent(
    tenantId: string,
    username: string,
    agent: unknown,
    actor: Actor = OPERATOR,
  ): Promise<PersonViewV1> {
    const person = await this.get(tenantId, { username });
    return this.update(
      tenantId,
      person.id,
      { agents: [...person.agents, agent as Record<string, unknown>] },
      actor,
    );
  }

  async createGroup(tenantId: string, name: string, actor: Actor = OPERATOR): Promise<GroupViewV1> {
    const id = randomUUID();
    await this.units.run(async (uow) => {
      await this.people.insertGroup(uow, id, tenantId, name);
      await this.changes.record(uow, tenantId, actor, {
        action: 'group.create',
        resource: 'group',
        query: { groupId: id, name },
      });
    });
    return { id, tenantId, name, memberIds: [] };
  }

  async listGroups(tenantId: string): Promise<GroupViewV1[]> {
    return this.people.listGroups(tenantId);
  }

  async setMembers(
    tenantId: string,
    groupId: string,
    personIds: string[],
    actor: Actor = OPERATOR,
  ): Promise<GroupViewV1> {
    const wanted = [...new Set(personIds)];
    await this.units.run(async (uow) => {
      if (!(await this.people.lockGroup(uow, tenantId, groupId))) throw new NotFoundError('no such group');
      const ids = new Set(await this.people.peopleAmong(uow, tenantId, wanted));
      const foreign = wanted.filter((id) => !ids.has(id));
      if (foreign.length > 0) {
        throw new BadRequestError(
          'personIds: not people of this tenant',
          foreign.map((id) => ({ path: `personIds[${personIds.indexOf(id)}]`, message: `no person ${id}` })),
        );
      }
      const before = new Set(await this.people.memberIds(uow, groupId));
      await this.people.replaceMembers(uow, groupId, [...ids]);
      const members = [...ids].sort();
      await this.changes.record(uow, tenantId, actor, {
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
    });
    const [group] = await this.people.listGroups(tenantId, groupId);
    if (!group) throw new NotFoundError('no such group');
    return group;
  }

  /**
   * Makes `guardianIds` the learner's guardians: each must be a person of the tenant with the `guardian` role (else a
   * 400 naming the field, and nothing changes); a learner cannot be their own guardian. The record names who was
   * linked and unlinked (ids only); the learner is the person concerned.
   */
  private async replaceGuardians(
    uow: UnitOfWork,
    tenantId: string,
    learnerId: string,
    guardianIds: string[],
    actor: Actor,
  ): Promise<void> {
    const guardians = new Set(await this.guardians.guardiansAmong(uow, tenantId, guardianIds));
    const errors: ErrorDetail[] = guardianIds.flatMap((gid, i) =>
      gid === learnerId
        ? [{ path: `guardianIds[${i}]`, message: 'a learner cannot be their own guardian' }]
        : guardians.has(gid)
          ? []
          : [{ path: `guardianIds[${i}]`, message: 'is not a person of this tenant with the guardian role' }],
    );
    if (errors.length > 0) throw new BadRequestError(`${errors[0]!.path}: ${errors[0]!.message}`, errors);
    const { added, removed } = await this.guardians.replaceGuardians(uow, learnerId, guardianIds);
    if (added.length === 0 && removed.length === 0) return;
    await this.changes.record(uow, tenantId, actor, {
      action: 'guardians.set',
      resource: 'person',
      query: { personId: learnerId, guardianIds: [...guardianIds].sort(), added, removed },
      personIds: [learnerId],
    });
  }

  /**
   * Makes `links` the person's identifiers. An identifier linked to another person of the tenant is a 409 naming
   * the field; thrown inside the change's unit of work, it changes nothing.
   */
  private async replaceLinks(uow: UnitOfWork, personId: string, links: AgentLink[]): Promise<LinkChange> {
    const change = await this.people.replaceLinks(uow, personId, links);
    if (change.taken.length > 0) {
      const paths = [...new Set(change.taken.map((l) => l.path ?? 'agents'))];
      const errors: ErrorDetail[] = paths.map((path) => ({
        path,
        message: 'is linked to another person of this tenant; unlink it there first',
      }));
      throw new ConflictError(
        `${paths[0]}: the identifier is linked to another person of this tenant`,
        errors,
      );
    }
    return change;
  }

  /**
   * The record of each link and unlink, besides the person's own record: whoever an identifier is linked to reads
   * every statement about it as that learner, so the learner's access log (which finds records by their
   * identifiers) must show who linked or unlinked one, and when. Counts only: the record never holds an identifier.
   */
  private async recordLinks(
    uow: UnitOfWork,
    tenantId: string,
    personId: string,
    actor: Actor,
    change: LinkChange,
  ): Promise<void> {
    const count = (ifis: string[]) => agentsOfIfis(ifis).length;
    if (change.unlinked.length > 0) {
      await this.changes.record(uow, tenantId, actor, {
        action: 'agent.unlink',
        resource: 'person',
        query: { personId, unlinked: count(change.unlinked) },
        personIds: [personId],
        formerIfiHashes: change.unlinked.map(ifiHash),
      });
    }
    if (change.linked.length > 0) {
      await this.changes.record(uow, tenantId, actor, {
        action: 'agent.link',
        resource: 'person',
        query: { personId, linked: count(change.linked) },
        personIds: [personId],
      });
    }
  }
}

const unique = (roles: PersonRole[]): PersonRole[] => [...new Set(roles)].sort();

const NO_LINK_CHANGE: LinkChange = { linked: [], unlinked: [], taken: [] };
