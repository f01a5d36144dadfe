import type { SignInOptionsV1 } from '@custos/contracts';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { BasicAuthGuard } from './auth/basic-auth.guard.js';
import { AboutController } from './http/about.controller.js';
import { AccessController } from './http/access.controller.js';
import { AuditIntegrityController } from './http/audit-integrity.controller.js';
import { AuditLogController } from './http/audit-log.controller.js';
import { CredentialsController } from './http/credentials.controller.js';
import { DocumentsController } from './http/documents.controller.js';
import { ExportsController } from './http/exports.controller.js';
import { HttpErrorFilter } from './http/errors.filter.js';
import { HealthController } from './http/health.controller.js';
import { OpenApiController } from './http/openapi.controller.js';
import { ErasureController } from './http/erasure.controller.js';
import { LoginController, PeopleController } from './http/people.controller.js';
import { PoliciesController } from './http/policies.controller.js';
import { ResourcesController } from './http/resources.controller.js';
import { SIGN_IN_OPTIONS, SignInOptionsController } from './http/sign-in-options.controller.js';
import { RecordsOfProcessingController } from './http/records-of-processing.controller.js';
import { RetentionController } from './http/retention.controller.js';
import { ForwardingController } from './http/forwarding.controller.js';
import { StatementsController } from './http/statements.controller.js';
import { ConsistentThroughMiddleware } from './http/consistent-through.middleware.js';
import { XapiVersionMiddleware } from './http/xapi-version.middleware.js';

/** The gateway: the only HTTP edge. It authenticates, maps requests to messages, and shapes replies. */
@Module({
  controllers: [
    AboutController,
    StatementsController,
    ResourcesController,
    DocumentsController,
    HealthController,
    LoginController,
    PeopleController,
    ErasureController,
    CredentialsController,
    PoliciesController,
    RetentionController,
    ForwardingController,
    RecordsOfProcessingController,
    OpenApiController,
    AccessController,
    ExportsController,
    AuditLogController,
    AuditIntegrityController,
    SignInOptionsController,
  ],
  providers: [BasicAuthGuard, { provide: APP_FILTER, useClass: HttpErrorFilter }],
})
export class GatewayModule implements NestModule {
  /** `signIn`: what the web pages offer for signing in (config.ts `signInOptionsOf`); the local login alone by default. */
  static forRoot({ signIn = { oidc: null } }: { signIn?: SignInOptionsV1 } = {}): DynamicModule {
    return { module: GatewayModule, providers: [{ provide: SIGN_IN_OPTIONS, useValue: signIn }] };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Before the version check, so even its 400 carries the header.
    consumer.apply(ConsistentThroughMiddleware).forRoutes('xapi/statements');
    consumer.apply(XapiVersionMiddleware).forRoutes('xapi/*path');
  }
}
