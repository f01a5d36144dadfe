// GET /api/v1/auth/config: how the web pages may sign people in. Public, like the login itself: it names the
// institution's issuer and the web pages' public client id, nothing secret.
import { type SignInOptionsV1 } from '@custos/contracts';
import { Controller, Get, Inject } from '@nestjs/common';

export const SIGN_IN_OPTIONS = Symbol('SIGN_IN_OPTIONS');

@Controller('api/v1/auth')
export class SignInOptionsController {
  constructor(@Inject(SIGN_IN_OPTIONS) private readonly options: SignInOptionsV1) {}

  @Get('config')
  config(): SignInOptionsV1 {
    return this.options;
  }
}
