// The consent part's database: schema `consent`.
import { createOwnedDataSource } from '@custos/platform';
import type { DataSource } from 'typeorm';

import { CredentialEntity } from './entities/credential.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { CreateCredentials1795000000100 } from './migrations/1795000000100-CreateCredentials.js';

export const CONSENT_SCHEMA = 'consent';
export const CONSENT_DB = Symbol('CONSENT_DB');

export const consentDataSource = (url: string, poolSize?: number): DataSource =>
  createOwnedDataSource({
    url,
    schema: CONSENT_SCHEMA,
    poolSize,
    entities: [TenantEntity, CredentialEntity],
    migrations: [CreateCredentials1795000000100],
  });
