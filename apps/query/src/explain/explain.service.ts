// GET /api/v1/explain: for a principal and a statement, allowed or denied and by which rule. The asker's own right
// is a CASL `explain` rule (an admin: any statement of the tenant; a learner: the statements about them; a
// credential with scope `all`: any statement of its tenant), applied by storage in SQL like a read filter, so a
// statement the asker may not have explained is a 404 exactly like one that does not exist.
import {
  accessFilterFor,
  abilityWithoutPolicies,
  explainViewOf,
  ownAccessBasis,
  statementReadSources,
} from '@custos/authz';
import {
  auditContextOf,
  type AuditContextV1,
  type ExplainStatementV1,
  type ExplanationV1,
  ForbiddenError,
  NotFoundError,
  type PrincipalV1,
  principalIdOf,
} from '@custos/contracts';
import { MessageBus, timeStage } from '@custos/messaging';
import { Injectable } from '@nestjs/common';

import { recordDenial } from '../core/index.js';
import { explainSourcesOf, explanationOf } from './explanation.js';

const EXPLAIN_ACTION = 'explain';

@Injectable()
export class ExplainService {
  constructor(private readonly bus: MessageBus) {}

  async explain(request: ExplainStatementV1): Promise<ExplanationV1> {
    const { principal: asker, statementId } = request;
    const principalId = request.principalId ?? principalIdOf(asker);
    // Allowed by the asker's own right to have access explained (admin role, self access, scope `all`).
    const audit = auditContextOf(
      asker,
      EXPLAIN_ACTION,
      'explain',
      { statementId, principalId },
      { basis: ownAccessBasis(asker, 'explain', 'Statement') },
    );

    const askerFilter = accessFilterFor(abilityWithoutPolicies(asker), 'explain', 'Statement');
    if (!askerFilter) {
      await this.deny(asker, audit, 'no rule lets this principal have access explained');
      // xAPI clients are told plainly; a person learns nothing about whether the statement exists.
      if (asker.kind === 'credential') {
        throw new ForbiddenError('explaining access needs the admin role, or a credential with scope all');
      }
      throw new NotFoundError('no such statement');
    }

    let resolved;
    try {
      resolved = await timeStage('consent', () =>
        this.bus.request('consent.v1.principals.resolve', { principal: asker, principalId }),
      );
    } catch (err) {
      if (err instanceof NotFoundError) await this.deny(asker, audit, 'no such principal');
      throw err;
    }
    const { principal, active, policies } = resolved;
    // A revoked credential or a disabled person reads nothing: nothing to evaluate.
    const sources = active ? statementReadSources(principal, { policies }) : [];
    // A learner is told only their own grants and objections: storage lists no one else's.
    const view = explainViewOf(asker);
    const { statement } = await this.bus.request('storage.v1.statements.explain', {
      tenantId: asker.tenantId,
      statementId,
      askerFilter,
      sources: explainSourcesOf(sources),
      ...(view === 'data-subject' && {
        ownIfiHashes: asker.kind === 'person' ? asker.agentIfiHashes : [],
      }),
      audit,
    });
    if (!statement) throw new NotFoundError('no such statement');
    return explanationOf({
      statementId,
      principal: { kind: principal.kind, id: principalIdOf(principal), active },
      sources,
      policies,
      evaluated: statement,
      view,
    });
  }

  private async deny(asker: PrincipalV1, audit: AuditContextV1, reason: string): Promise<void> {
    await recordDenial(this.bus, asker.tenantId, audit, reason);
  }
}
