// Signing in: bearer tokens issued and verified, secrets hashed, failed sign-ins throttled, lockouts lifted.
import { Module } from '@nestjs/common';

import { ChangeLogModule } from '../change-log/index.js';
import { SignInHandler } from './sign-in.handler.js';
import { SignInLocks } from './sign-in-locks.service.js';
import { SignInTargetRepository } from './sign-in-target.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [ChangeLogModule],
  providers: [TokenService, SignInThrottle, SignInTargetRepository, SignInLocks, SignInHandler],
  exports: [TokenService, SignInThrottle],
})
export class TokensModule {}
