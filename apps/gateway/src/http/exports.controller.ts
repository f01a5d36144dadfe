// Learner data exports (DESIGN "Privacy operations": right of access and portability): a signed-in person
// exports the records about themself, an admin those of a person of their tenant, on that person's request.
// Consent decides who may; the export is audited before its first byte; the body streams as NDJSON.
import { MessageBus } from '@custos/messaging';
import { LOGGER } from '@custos/platform';
import { Controller, Get, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { writeExport } from './export-stream.js';
import { idParam } from './id-param.js';
import { subjectAccessLines } from './subject-access.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

@Controller('api/v1')
@UseGuards(BasicAuthGuard)
export class ExportsController {
  constructor(
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The learner's own export is their whole subject-access answer: their records, then subject-access.ts. */
  @Get('me/export')
  mine(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    return this.export(req, res, undefined);
  }

  @Get('people/:id/export')
  theirs(@Req() req: XapiRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    return this.export(req, res, idParam(id, 'person'));
  }

  private async export(req: XapiRequest, res: Response, personId: string | undefined): Promise<void> {
    const principal = principalOf(req);
    const whose = { principal, ...(personId !== undefined ? { personId } : {}) };
    // Authorised, snapshotted and audited before any byte is sent: a failure so far is an ordinary error reply.
    const started = await this.bus.request('query.v1.exports.start', whose);
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="custos-export-${started.personId}.ndjson"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await writeExport(
        res,
        started.cursor,
        (cursor) => this.bus.request('query.v1.exports.read', { ...whose, cursor }),
        personId === undefined ? subjectAccessLines(this.bus, principal) : undefined,
      );
      res.end();
    } catch (err) {
      // The status is sent: all that is left is to break the stream off, without the `end` line.
      this.logger.warn(
        { requestId: (req as XapiRequest & { id?: unknown }).id, err: (err as Error)?.message },
        'export broken off',
      );
      res.destroy();
    }
  }
}
