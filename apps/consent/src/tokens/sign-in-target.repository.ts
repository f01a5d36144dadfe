// The account or key an admin's unlock names, looked up by id in the admin's tenant (revoked and disabled ones too).
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CONSENT_DB } from '../db/data-source.js';

@Injectable()
export class SignInTargetRepository {
  constructor(@Inject(CONSENT_DB) private readonly db: DataSource) {}

  async person(tenantId: string, personId: string): Promise<{ id: string; username: string } | null> {
    const [row] = await this.db.query<{ id: string; username: string }[]>(
      `SELECT id, username FROM consent.person WHERE tenant_id = $1 AND id = $2`,
      [tenantId, personId],
    );
    return row ?? null;
  }

  async credential(tenantId: string, credentialId: string): Promise<{ id: string; key: string } | null> {
    const [row] = await this.db.query<{ id: string; key: string }[]>(
      `SELECT id, key FROM consent.credential WHERE tenant_id = $1 AND id = $2`,
      [tenantId, credentialId],
    );
    return row ?? null;
  }
}
