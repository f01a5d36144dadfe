// The consent part's database: schema `consent`.
import { createOwnedDataSource } from '@custos/platform';
import type { DataSource } from 'typeorm';

import { CredentialEntity } from './entities/credential.entity.js';
import { PeopleGroupMemberEntity } from './entities/people-group-member.entity.js';
import { PeopleGroupEntity } from './entities/people-group.entity.js';
import { PersonAgentEntity } from './entities/person-agent.entity.js';
import { PersonRoleEntity } from './entities/person-role.entity.js';
import { PersonEntity } from './entities/person.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { CreateCredentials1795000000100 } from './migrations/1795000000100-CreateCredentials.js';
import { CreatePeople1795000000200 } from './migrations/1795000000200-CreatePeople.js';
import { CreatePeopleGroups1795000000210 } from './migrations/1795000000210-CreatePeopleGroups.js';

export const CONSENT_SCHEMA = 'consent';
export const CONSENT_DB = Symbol('CONSENT_DB');

export const consentDataSource = (url: string, poolSize?: number): DataSource =>
  createOwnedDataSource({
    url,
    schema: CONSENT_SCHEMA,
    poolSize,
    entities: [
      TenantEntity,
      CredentialEntity,
      PersonEntity,
      PersonRoleEntity,
      PersonAgentEntity,
      PeopleGroupEntity,
      PeopleGroupMemberEntity,
    ],
    migrations: [CreateCredentials1795000000100, CreatePeople1795000000200, CreatePeopleGroups1795000000210],
  });
