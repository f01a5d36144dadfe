// The Activities resource's read (xAPI 2.0 Communication §2.5) under docs/access-model.md "Activity definitions":
// a caller is told the canonical definition `define` clients wrote, completed only from the statements its access
// filter lets it read, without the parts its policies redact — selected in SQL like a statement read, and audited
// in the same transaction.
import { type AccessFilter, isAccessFilter, type SqlParams } from '@custos/authz';
import {
  type AppendAuditV1,
  BadRequestError,
  type ReadActivityDefinitionReplyV1,
  type ReadActivityDefinitionV1,
} from '@custos/contracts';
import { timeStage } from '@custos/messaging';
import { type ActivityDefinition, servedActivityDefinition } from '@custos/xapi';
import { UnitsOfWork } from '@custos/platform';
import { Inject, Injectable } from '@nestjs/common';

import {
  basisColumns,
  fieldKeptSql,
  readBasisOf,
  readableStatementSql,
  redactionPlanOf,
} from '../access/index.js';
import { AuditService } from '../audit/index.js';
import { STORAGE_UNITS } from '../core/index.js';
import { ActivityRepository, type CarriedDefinitionRow } from './activity.repository.js';

@Injectable()
export class ActivitiesService {
  constructor(
    @Inject(STORAGE_UNITS) private readonly units: UnitsOfWork,
    private readonly activities: ActivityRepository,
    private readonly audit: AuditService,
  ) {}

  async read(request: ReadActivityDefinitionV1): Promise<ReadActivityDefinitionReplyV1> {
    const { tenantId, activityId } = request;
    const accessFilter = request.accessFilter;
    if (accessFilter !== null && !isAccessFilter(accessFilter)) {
      throw new BadRequestError('malformed access filter');
    }
    const redaction = redactionPlanOf(request.redaction);
    const sources = request.basisSources ?? [];
    return this.units.run(async (uow) => {
      const canonical = await this.activities.definition(uow, tenantId, activityId);
      const carried =
        accessFilter === null
          ? []
          : await timeStage('storage', () => {
              // Every statement this caller may read, as a statement read decides it.
              return this.activities.carriedDefinitions(uow, tenantId, activityId, {
                where: (params) => accessWhere(accessFilter, params),
                contextKept: (params) => fieldKeptSql(redaction, 'context.contextActivities', params),
                columns: (params) => basisColumns(sources, params),
              });
            });
      const definition = servedActivityDefinition(
        carried.map((r) => r.definition as ActivityDefinition),
        canonical,
      );
      // Last, so the tenant's chain head stays locked only until this commits.
      await this.audit.appendIn(uow, readRecord(request, carried));
      return definition ? { definition: definition as Record<string, unknown> } : {};
    });
  }
}

/**
 * The caller's access filter as the WHERE of alias s, as a statement read applies it; no voided condition, since
 * voided statements stay readable by `voidedStatementId`.
 */
const accessWhere = (accessFilter: AccessFilter, params: SqlParams): string =>
  readableStatementSql(accessFilter, 's', params);

/**
 * One record per request: the statements whose definitions were served (for each distinct definition, the newest
 * readable statement carrying it), their data subjects, and the read sources that allowed them. The canonical
 * definition of `define` clients is no learner's data and names no one.
 */
function readRecord(request: ReadActivityDefinitionV1, carried: CarriedDefinitionRow[]): AppendAuditV1 {
  return {
    tenantId: request.tenantId,
    audit: request.audit,
    decision: 'allow',
    count: carried.length,
    returnedIds: carried.map((r) => r.statement_id),
    learnerIfiHashes: carried.flatMap((r) => r.subject_ifi_hashes),
    basis: readBasisOf(request.basisSources ?? [], carried),
  };
}
