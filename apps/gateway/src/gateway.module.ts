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
import { JwksController, PortableController } from './http/portable.controller.js';
import { PORTABLE_OPTIONS, type PortableOptions, remoteIssuerKeys } from './portable/portable-options.js';
import { ResourcesController } from './http/resources.controller.js';
import { SIGN_IN_OPTIONS, SignInOptionsController } from './http/sign-in-options.controller.js';
import { RecordsOfProcessingController } from './http/records-of-processing.controller.js';
import { AnalyticsController } from './http/analytics.controller.js';
import { ImportsController } from './http/imports.controller.js';
import { RetentionController } from './http/retention.controller.js';
import { ForwardingController } from './http/forwarding.controller.js';
import { StatementsController } from './http/statements.controller.js';
import { ConsistentThroughMiddleware } from './http/consistent-through.middleware.js';
import { XapiVersionMiddleware } from './http/xapi-version.middleware.js';

const NO_PORTABLE: PortableOptions = {
  publicUrl: 'http://127.0.0.1:8080',
  trust: { trusted: [], allowLoopbackHttp: false },
  issuerKeys: remoteIssuerKeys(),
};

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
    ImportsController,
    ForwardingController,
    RecordsOfProcessingController,
    AnalyticsController,
    OpenApiController,
    AccessController,
    ExportsController,
    AuditLogController,
    AuditIntegrityController,
    SignInOptionsController,
    PortableController,
    JwksController,
  ],
  providers: [BasicAuthGuard, { provide: APP_FILTER, useClass: HttpErrorFilter }],
})
export class GatewayModule implements NestModule {
  /** `signIn`: what the web pages offer for signing in (config.ts `signInOptionsOf`); the local login alone by default. */
  /** `portable`: portable archives (portable/portable-options.ts); none issued nor accepted by default. */
  static forRoot({
    signIn = { oidc: null },
    portable = NO_PORTABLE,
  }: { signIn?: SignInOptionsV1; portable?: PortableOptions } = {}): DynamicModule {
    return {
      module: GatewayModule,
      providers: [
        { provide: SIGN_IN_OPTIONS, useValue: signIn },
        { provide: PORTABLE_OPTIONS, useValue: portable },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Before the version check, so even its 400 carries the header.
    consumer.apply(ConsistentThroughMiddleware).forRoutes('xapi/statements');
    consumer.apply(XapiVersionMiddleware).forRoutes('xapi/*path');
  }
}
