// Explaining an access decision on one statement (GET /api/v1/explain): every read source evaluated against the
// statement row in one query (explain-plan.ts), and the asker's request audited in the same transaction, like
// every read of learner data.
import type { SqlParams } from '@custos/authz';
import type { EvaluateStatementAccessReplyV1, EvaluateStatementAccessV1 } from '@custos/contracts';
import { timeStage } from '@custos/messaging';
import { UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import { explainResults, planExplain } from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { StatementRepository } from './statement.repository.js';

@Injectable()
export class StatementExplainService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly statements: StatementRepository,
    private readonly audit: AuditService,
  ) {}

  async explain(request: EvaluateStatementAccessV1): Promise<EvaluateStatementAccessReplyV1> {
    const plan = (params: SqlParams) =>
      planExplain(request.askerFilter, request.sources, params, request.ownIfiHashes);
    return this.units.run(async (uow) => {
      const row = await timeStage('storage', () =>
        this.statements.explainRow(uow, request.tenantId, request.statementId, plan),
      );
      // The decision audited is the asker's: told (allow), or "not found" (deny) — never whether it exists.
      await this.audit.appendIn(uow, {
        tenantId: request.tenantId,
        audit: request.audit,
        decision: row ? 'allow' : 'deny',
        count: row ? 1 : 0,
        ...(row
          ? {
              returnedIds: [request.statementId],
              // The statement's data subjects: the learners whose record was explained.
              learnerIfiHashes: row.subject_ifi_hashes as string[],
            }
          : { reason: 'no such statement, or not one this principal may have explained' }),
      });
      if (!row) return { statement: null };
      return {
        statement: {
          voided: row.is_voided === true,
          ...(request.ownIfiHashes !== undefined && { otherSubjects: row.other_subjects === true }),
          sources: explainResults(request.sources, row),
        },
      };
    });
  }
}
