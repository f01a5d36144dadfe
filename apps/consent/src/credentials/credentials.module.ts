// Credentials of xAPI clients: created, listed and revoked by operators and admins, checked on every Basic request.
import { Module } from '@nestjs/common';

import { ChangeLogModule } from '../change-log/index.js';
import { TokensModule } from '../tokens/index.js';
import { CredentialBootstrap } from './bootstrap.js';
import { CredentialRepository } from './credential.repository.js';
import { CredentialsHandler } from './credentials.handler.js';
import { CredentialsService } from './credentials.service.js';

@Module({
  imports: [ChangeLogModule, TokensModule],
  providers: [CredentialRepository, CredentialsService, CredentialBootstrap, CredentialsHandler],
  exports: [CredentialsService],
})
export class CredentialsModule {}
