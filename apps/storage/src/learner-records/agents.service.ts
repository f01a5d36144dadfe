// The Agents resource (xAPI 2.0 Communication §2.6) reveals which identifiers belong to one person, so only to
// a caller who may read that learner (DESIGN "Access model": every path that returns learner data). Decided
// here, under the caller's access filter, and audited in the same transaction, like a statement read.
import { bindFilterFields, isAccessFilter, isTrueFilter, type SqlPart } from '@custos/authz';
import { type AgentReadableReplyV1, type AgentReadableV1, BadRequestError } from '@custos/contracts';
import { timeStage } from '@custos/messaging';
import { UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { readableStatementSql } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { LearnerRecordsRepository } from './learner-records.repository.js';

@Injectable()
export class AgentsService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly records: LearnerRecordsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The caller may read the learner when its filter reads the whole tenant, when it is that learner, or when
   * it may read some statement of which the learner is a data subject.
   */
  async readable(request: AgentReadableV1): Promise<AgentReadableReplyV1> {
    if (!isAccessFilter(request.accessFilter)) throw new BadRequestError('malformed access filter');
    const { tenantId, subjectIfiHashes } = request;
    // A tenant-wide filter (e.g. `statements/read`) lets the caller read this learner's statements whenever
    // there are any, so it need not wait for the first one.
    const tenantWide = isTrueFilter(bindFilterFields(request.accessFilter, { tenantId }));
    const self = request.selfIfiHashes.some((h) => subjectIfiHashes.includes(h));
    const filter = request.accessFilter;
    const access: SqlPart = (params) => readableStatementSql(filter, 's', params);
    return this.units.run(async (uow) => {
      const readable =
        tenantWide ||
        self ||
        (await timeStage('storage', () =>
          this.records.anyReadableAbout(uow, tenantId, subjectIfiHashes, access),
        ));
      await this.audit.appendIn(uow, {
        tenantId,
        audit: request.audit,
        decision: readable ? 'allow' : 'deny',
        count: readable ? 1 : 0,
        ...(readable ? {} : { reason: 'no readable statement is about this learner' }),
        // The learner asked about, under every linked identifier.
        learnerIfiHashes: subjectIfiHashes,
        // Self access needs no other rule; otherwise the caller's statement read sources (the audit context).
        ...(self ? { basis: [{ kind: 'self' }] } : {}),
      });
      return { readable };
    });
  }
}
