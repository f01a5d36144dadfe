// Distributed mode: the consent part as its own process (loaded by main.ts once tracing is set up).
import 'reflect-metadata';

import { runPart } from '@custos/platform';

import {
  loadConsentConfig,
  oidcOptionsOf,
  signInThrottleOf,
  erasureOptionsOf,
  forwardingOptionsOf,
} from './config.js';
import { ConsentModule } from './consent.module.js';
import { ConsentHealth } from './health.handler.js';

const config = loadConsentConfig();

await runPart({
  service: 'consent',
  config,
  modules: () => [
    ConsentModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      databaseTls: config,
      poolSize: config.CUSTOS_CONSENT__POOL_SIZE,
      publicUrl: config.CUSTOS_PUBLIC_URL,
      bootstrapKey: config.CUSTOS_BOOTSTRAP_KEY,
      bootstrapSecret: config.CUSTOS_BOOTSTRAP_SECRET,
      bootstrapOnStart: true,
      jwtPrivateKey: config.CUSTOS_JWT_PRIVATE_KEY,
      oidc: oidcOptionsOf(config),
      signInThrottle: signInThrottleOf(config),
      erasure: erasureOptionsOf(config),
      forwarding: forwardingOptionsOf(config),
    }),
  ],
  readiness: (app) => app.get(ConsentHealth).check(),
});
