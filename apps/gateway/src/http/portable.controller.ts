// A learner carries their records (docs/flows.md "A learner carries their records"): their signed portable archive
// (GET /api/v1/me/portable), its import at another Custos (POST /api/v1/me/imports), and the public key archives are
// checked with (GET /.well-known/jwks.json).
import {
  ForbiddenError,
  type JwksV1,
  type PersonPrincipalV1,
  type PortableArchiveV1,
  type PortableImportReplyV1,
  ServiceUnavailableError,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { Controller, Get, Header, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { jwksOf, signArchive, statementsForPerson, verifyArchive } from '../portable/archive.js';
import { storeImported } from '../portable/import-archive.js';
import { portableContentOf } from '../portable/portable-content.js';
import { PORTABLE_OPTIONS, type PortableOptions } from '../portable/portable-options.js';
import { jsonBody } from './xapi-request.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1')
@UseGuards(BasicAuthGuard)
export class PortableController {
  constructor(
    private readonly bus: MessageBus,
    @Inject(PORTABLE_OPTIONS) private readonly options: PortableOptions,
  ) {}

  /** The signed-in person's records about themself, with their consent receipts, signed by this installation. */
  @Get('me/portable')
  async mine(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    const principal = personOf(req);
    const key = this.options.signingKey;
    if (!key) {
      throw new ServiceUnavailableError(
        'this installation issues no portable archives (no CUSTOS_PORTABLE_SIGNING_KEY)',
      );
    }
    const content = await portableContentOf(this.bus, principal, this.options.publicUrl);
    const archive: PortableArchiveV1 = await signArchive(content, key);
    res.status(200);
    res.setHeader('Content-Type', 'application/jose+json');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="custos-records-${principal.personId}.jws.json"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.send(JSON.stringify(archive));
  }

  /** An archive another (trusted) Custos issued to this same person: its statements are kept here. */
  @Post('me/imports')
  async bring(@Req() req: XapiRequest): Promise<PortableImportReplyV1> {
    const principal = personOf(req);
    const content = await verifyArchive(jsonBody(req), this.options.trust, this.options.issuerKeys);
    const { mine, refused } = statementsForPerson(content, principal.agentIfiHashes);
    const stored = await storeImported(this.bus, principal, content, mine);
    return {
      issuer: content.issuer,
      imported: stored.imported,
      alreadyPresent: stored.alreadyPresent,
      refused: [...refused, ...stored.refused],
    };
  }
}

@Controller('.well-known')
export class JwksController {
  constructor(@Inject(PORTABLE_OPTIONS) private readonly options: PortableOptions) {}

  /** RFC 7517: the public key portable archives are signed with (none when this installation issues none). */
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): Promise<JwksV1> {
    return jwksOf(this.options.signingKey ? [this.options.signingKey] : []);
  }
}

/** Portable archives are a person's own: a credential (an xAPI client) has none. */
function personOf(req: XapiRequest): PersonPrincipalV1 {
  const principal = principalOf(req);
  if (principal.kind !== 'person') {
    throw new ForbiddenError('portable archives are for signed-in people, not xAPI credentials');
  }
  return principal;
}
