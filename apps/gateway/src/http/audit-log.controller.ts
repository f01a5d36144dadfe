// The audit log over HTTP (docs/audit.md "Auditor API", "Learners' access log"): GET /api/v1/audit/records, /export
// and /stats for auditors, GET /api/v1/me/access-log for a learner. Query decides who may (CASL) and storage reads
// in SQL and records each read; the gateway only checks that every parameter comes once, builds `next` links and
// streams exports.
import { BadRequestError } from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { LOGGER } from '@custos/platform';
import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';

import { BasicAuthGuard } from '../auth/basic-auth.guard.js';
import { type AuditExportFormat, writeAuditExport } from './audit-export.js';
import { principalOf, type XapiRequest } from './xapi-request.js';

/** The query string, one value per name; a repeated or structured parameter is a 400. */
export function singleParams(req: XapiRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (typeof value !== 'string') throw new BadRequestError(`the ${name} parameter must be given once`);
    params[name] = value;
  }
  return params;
}

/** The link to the next page: the same parameters, with the cursor `next` gave. */
function nextLink(path: string, params: Record<string, string>, cursor: string | null): string | null {
  if (cursor === null) return null;
  const query = new URLSearchParams({ ...params, cursor });
  return `${path}?${query.toString()}`;
}

const CONTENT_TYPES: Record<AuditExportFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

@Controller('api/v1')
@UseGuards(BasicAuthGuard)
export class AuditLogController {
  constructor(
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('audit/records')
  async records(@Req() req: XapiRequest) {
    const params = singleParams(req);
    const page = await this.bus.request('query.v1.audit.records', { principal: principalOf(req), params });
    return { records: page.records, next: nextLink('/api/v1/audit/records', params, page.next) };
  }

  @Get('audit/export')
  async export(@Req() req: XapiRequest, @Res() res: Response): Promise<void> {
    const { format = 'ndjson', ...params } = singleParams(req);
    if (format !== 'ndjson' && format !== 'csv') throw new BadRequestError('format must be ndjson or csv');
    const principal = principalOf(req);
    // Authorised, snapshotted and recorded before any byte is sent: a failure so far is an ordinary error reply.
    const started = await this.bus.request('query.v1.audit.export.start', { principal, params });
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="custos-audit-${started.cursor.throughSeq}.${format}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    try {
      await writeAuditExport(res, format, started.cursor, (cursor) =>
        this.bus.request('query.v1.audit.export.read', { principal, cursor }),
      );
      res.end();
    } catch (err) {
      // The status is sent: all that is left is to break the stream off, so the client sees it is incomplete.
      this.logger.warn(
        { requestId: (req as XapiRequest & { id?: unknown }).id, err: (err as Error)?.message },
        'audit export broken off',
      );
      res.destroy();
    }
  }

  @Get('audit/stats')
  async stats(@Req() req: XapiRequest) {
    return this.bus.request('query.v1.audit.stats', {
      principal: principalOf(req),
      params: singleParams(req),
    });
  }

  @Get('me/access-log')
  async accessLog(@Req() req: XapiRequest) {
    const params = singleParams(req);
    const page = await this.bus.request('query.v1.audit.access-log', { principal: principalOf(req), params });
    return {
      entries: page.entries,
      // The signed tree head the entries' proofs lead to, and its key: the learner's browser checks both.
      ...(page.treeHead && { treeHead: page.treeHead, publicKeyPem: page.publicKeyPem }),
      next: nextLink('/api/v1/me/access-log', params, page.next),
    };
  }
}
