// What other consent features may use of signing in.
export { generateKey, generateSecret, hashSecret, verifySecret } from './secret-hash.js';
export { ensureSigningKeyFile } from './signing-key.js';
export {
  credentialSubject,
  DEFAULT_SIGN_IN_THROTTLE,
  personSubject,
  type Refusal,
  SignInThrottle,
  type SignInThrottleSettings,
  subjectsOf,
  THROTTLE_COLUMNS,
  type ThrottleRow,
  WrongSecret,
} from './sign-in-throttle.js';
export { TokenService } from './token.service.js';
export { TokensModule } from './tokens.module.js';
