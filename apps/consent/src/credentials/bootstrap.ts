import { LOGGER } from '@custos/platform';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';

import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import { CredentialsService } from './credentials.service.js';

/** First start: make sure someone can log in, and tell the operator how, exactly once. */
@Injectable()
export class CredentialBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly credentials: CredentialsService,
    @Inject(CONSENT_OPTIONS) private readonly options: ConsentModuleOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.bootstrapOnStart) return;
    const created = await this.credentials.bootstrap();
    if (!created) return;
    this.logger.info({ key: created.key }, 'bootstrap credential created (tenant "default", scope "all")');
    if (created.generated) {
      // Printed straight to the terminal, not through the logger: the secret is shown once and
      // must not end up in a log pipeline.
      process.stdout.write(
        `\n  Custos created a first credential (tenant "default", scope "all").\n` +
          `  It is shown only now; store it safely:\n\n` +
          `    key:    ${created.key}\n    secret: ${created.secret}\n\n`,
      );
    }
  }
}
