// The Activities and Agents resources (xAPI 2.0 Communication §2.5, §2.6).
import {
  abilityFromRules,
  type AccessFilter,
  accessFilterFor,
  statementReadSources,
  statementRedactionPlan,
} from '@custos/authz';
import {
  auditContextOf,
  BadRequestError,
  ForbiddenError,
  type GetAbilityReplyV1,
  type GetActivityReplyV1,
  type GetActivityV1,
  type GetPersonReplyV1,
  type GetPersonV1,
  type PrincipalV1,
} from '@custos/contracts';
import { MessageBus, timeStage } from '@custos/messaging';
import { type Agent, isIri, parseAgentParam, personOf } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

import { readBasisSourcesOf, recordDenial } from '../core/index.js';

@Injectable()
export class ResourcesService {
  constructor(private readonly bus: MessageBus) {}

  /**
   * The Activity with what this caller may be told of its definition (Communication §2.5; docs/access-model.md
   * "Activity definitions"): the canonical definition `define` clients wrote, completed from the statements the
   * caller may read — decided in SQL and audited by storage. An Activity nobody defined for this caller answers
   * with its id only, as for an unknown one; a caller that may read no statement still gets the canonical part.
   */
  async activity(request: GetActivityV1): Promise<GetActivityReplyV1> {
    if (!isIri(request.activityId)) throw new BadRequestError('activityId must be an IRI');
    const { principal } = request;
    const { rules, policies } = await timeStage('consent', () =>
      this.bus.request('consent.v1.ability.get', { principal }),
    );
    const ability = abilityFromRules(rules);
    const accessFilter = accessFilterFor(ability, 'read', 'Statement');
    const redaction = statementRedactionPlan(ability.rules);
    const { definition } = await this.bus.request('storage.v1.activities.read', {
      tenantId: principal.tenantId,
      activityId: request.activityId,
      accessFilter,
      ...(redaction ? { redaction } : {}),
      audit: auditContextOf(principal, 'activities.read', 'activities', { activityId: request.activityId }),
      basisSources: accessFilter ? readBasisSourcesOf(principal, policies) : [],
    });
    return {
      activity: { objectType: 'Activity', id: request.activityId, ...(definition ? { definition } : {}) },
    };
  }

  /**
   * The Person for an Agent (Communication §2.6): every identifier of the person it is linked to, but only for a
   * caller who may read that learner — decided and audited by storage under the caller's access filter. Anyone
   * else who may read statements gets a Person holding just the Agent they sent, which reveals nothing; a
   * caller that may read no statement at all is refused.
   */
  async person(request: GetPersonV1): Promise<GetPersonReplyV1> {
    const problems: { path: string; message: string }[] = [];
    const parsed = parseAgentParam(request.agent, (path, message) => problems.push({ path, message }));
    if (!parsed) throw new BadRequestError(`${problems[0]!.path}: ${problems[0]!.message}`, problems);
    if (parsed.agent.objectType === 'Group') throw new BadRequestError('agent must be an Agent, not a Group');
    const asked = parsed.agent;
    const { principal } = request;
    const { tenantId } = principal;
    const audit = auditContextOf(
      principal,
      'agents.read',
      'agents',
      { agentIfiHash: parsed.ifiHash },
      { learnerIfiHashes: [parsed.ifiHash] },
    );
    const { rules, policies } = await timeStage('consent', () =>
      this.bus.request('consent.v1.ability.get', { principal }),
    );
    const accessFilter = accessFilterFor(abilityFromRules(rules), 'read', 'Statement');
    if (!accessFilter) {
      await recordDenial(this.bus, tenantId, audit, 'no rule lets this principal read learner data');
      throw new ForbiddenError('this credential may not read agents');
    }
    const { agents: linked } = await this.bus.request('consent.v1.agents.resolve', {
      tenantId,
      ifiHash: parsed.ifiHash,
    });
    const { readable } = await this.bus.request('storage.v1.agents.readable', {
      tenantId,
      accessFilter: principal.kind === 'person' ? readFilterBesidesSelf(principal, policies) : accessFilter,
      // The asked identifier is among the linked ones when it is linked at all.
      subjectIfiHashes: linked.length > 0 ? linked.map((l) => l.ifiHash) : [parsed.ifiHash],
      selfIfiHashes: principal.kind === 'person' ? principal.agentIfiHashes : [],
      // Allowed by the caller's statement read sources (storage says self access where that is what allowed it).
      audit: { ...audit, basis: readBasisSourcesOf(principal, policies).map((s) => s.basis) },
    });
    // Names come from the asked Agent only: the links carry identifiers, never names.
    const agents = readable ? [asked, ...linked.map((l) => l.agent as Agent)] : [asked];
    return { person: personOf(agents) as unknown as Record<string, unknown> };
  }
}

/**
 * What a person may read by every rule but self access. Self access is a learner's right to their own records;
 * a group statement is also about the other members, and reading it must not tell one member which other
 * identifiers another member has. So someone else's Person is combined only when another rule (a policy, with
 * the learner's grant where it needs one) lets the caller read a statement about them. `{ or: [] }` reads nothing.
 */
function readFilterBesidesSelf(
  principal: PrincipalV1,
  policies: GetAbilityReplyV1['policies'],
): AccessFilter {
  const others = statementReadSources(principal, { policies }, { scopeFilters: false })
    .filter(({ source }) => source.kind !== 'self')
    .map(({ filter }) => filter);
  return { or: others };
}
