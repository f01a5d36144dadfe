import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { SignInLocks } from './sign-in-locks.service.js';

/** consent.v1.signin.unlock: a tenant admin lifts a sign-in lockout. */
@Injectable()
export class SignInHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly locks: SignInLocks,
  ) {}

  onModuleInit(): void {
    this.bus.serve('consent.v1.signin.unlock', ({ principal, target }) =>
      this.locks.unlock(principal, target),
    );
  }
}
