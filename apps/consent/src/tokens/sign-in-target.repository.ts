// The account or key an admin's unlock names, looked up by id in the admin's tenant (revoked and disabled ones too).
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';
import { CredentialEntity } from '../db/entities/credential.entity.js';
import { PersonEntity } from '../db/entities/person.entity.js';

@Injectable()
export class SignInTargetRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  person(tenantId: string, personId: string): Promise<{ id: string; username: string } | null> {
    return this.db
      .getRepository(PersonEntity)
      .findOne({ where: { tenantId, id: personId }, select: { id: true, username: true } });
  }

  credential(tenantId: string, credentialId: string): Promise<{ id: string; key: string } | null> {
    return this.db
      .getRepository(CredentialEntity)
      .findOne({ where: { tenantId, id: credentialId }, select: { id: true, key: true } });
  }
}
