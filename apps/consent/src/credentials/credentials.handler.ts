import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { CredentialsService } from './credentials.service.js';

/** consent.v1.credentials.authenticate (HTTP Basic verification for the gateway) and the admin API. */
@Injectable()
export class CredentialsHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly credentials: CredentialsService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.credentials.authenticate', async (req) => ({
      principal: await this.credentials.authenticate(req.key, req.secret, req.clientAddress),
    }));
    this.bus.serve('consent.v1.credentials.list', async ({ principal }) => ({
      credentials: await this.credentials.listFor(principal),
    }));
    this.bus.serve('consent.v1.credentials.create', ({ principal, credential }) =>
      this.credentials.createFor(principal, credential),
    );
    this.bus.serve('consent.v1.credentials.bind', async ({ principal, credentialId, binding }) => ({
      credential: await this.credentials.bindFor(principal, credentialId, binding.writePolicyId),
    }));
    this.bus.serve('consent.v1.credentials.revoke', async ({ principal, credentialId }) => ({
      credential: await this.credentials.revokeFor(principal, credentialId),
    }));
  }
}
