import { ForbiddenError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { adminActor } from '../change-log/index.js';
import { ConsentAgency } from './consent-agency.service.js';
import { PeopleService } from './people.service.js';
import { requirePeopleAdmin, requireSettingsAdmin } from './people-policy.js';

/** consent.v1.people.* and consent.v1.groups.*: login, bearer verification and the admin API. */
@Injectable()
export class PeopleHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly people: PeopleService,
    private readonly agency: ConsentAgency,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.people.login', (req) => this.people.login(req));
    this.bus.serve('consent.v1.people.authenticate', async (req) => ({
      principal: await this.people.authenticate(req.token),
    }));
    this.bus.serve('consent.v1.people.me', async ({ principal }) => {
      if (principal.kind !== 'person') {
        throw new ForbiddenError('only people have a profile; log in and use a Bearer token');
      }
      return { person: await this.people.get(principal.tenantId, { id: principal.personId }) };
    });
    this.bus.serve('consent.v1.people.list', async ({ principal }) => {
      requirePeopleAdmin(principal);
      return { people: await this.people.list(principal.tenantId) };
    });
    this.bus.serve('consent.v1.people.create', async ({ principal, person }) => {
      requirePeopleAdmin(principal);
      return { person: await this.people.create(principal.tenantId, person, adminActor(principal)) };
    });
    this.bus.serve('consent.v1.people.update', async ({ principal, personId, patch }) => {
      requirePeopleAdmin(principal);
      return { person: await this.people.update(principal.tenantId, personId, patch, adminActor(principal)) };
    });
    this.bus.serve('consent.v1.tenant.settings.get', async ({ principal }) => {
      requireSettingsAdmin(principal);
      return { settings: await this.people.settings(principal.tenantId) };
    });
    this.bus.serve('consent.v1.tenant.settings.set', async ({ principal, settings }) => {
      requireSettingsAdmin(principal);
      return {
        settings: await this.people.setSettings(principal.tenantId, settings, adminActor(principal)),
      };
    });
    this.bus.serve('consent.v1.guardian.learners', async ({ principal }) => ({
      learners: await this.agency.wardsOf(principal),
    }));
    this.bus.serve('consent.v1.groups.list', async ({ principal }) => {
      requirePeopleAdmin(principal);
      return { groups: await this.people.listGroups(principal.tenantId) };
    });
    this.bus.serve('consent.v1.groups.create', async ({ principal, group }) => {
      requirePeopleAdmin(principal);
      return { group: await this.people.createGroup(principal.tenantId, group.name, adminActor(principal)) };
    });
    this.bus.serve('consent.v1.groups.members.set', async ({ principal, groupId, members }) => {
      requirePeopleAdmin(principal);
      return {
        group: await this.people.setMembers(
          principal.tenantId,
          groupId,
          members.personIds,
          adminActor(principal),
        ),
      };
    });
  }
}
