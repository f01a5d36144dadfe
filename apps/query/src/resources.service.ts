// The Activities and Agents resources (xAPI 2.0 Communication §2.5, §2.6).
import { abilityFromRules, accessFilterFor } from '@custos/authz';
import {
  BadRequestError,
  ForbiddenError,
  type GetActivityReplyV1,
  type GetActivityV1,
  type GetPersonReplyV1,
  type GetPersonV1,
  principalIdOf,
} from '@custos/contracts';
import { MessageBus } from '@custos/messaging';
import { isIri, parseAgentParam, personOf } from '@custos/xapi';
import { Injectable } from '@nestjs/common';

@Injectable()
export class ResourcesService {
  constructor(private readonly bus: MessageBus) {}

  /** The canonical definition; an unknown Activity still answers with its id (Communication §2.5). */
  async activity(request: GetActivityV1): Promise<GetActivityReplyV1> {
    if (!isIri(request.activityId)) throw new BadRequestError('activityId must be an IRI');
    const { definition } = await this.bus.request('storage.v1.activities.read', {
      tenantId: request.principal.tenantId,
      activityId: request.activityId,
    });
    return {
      activity: { objectType: 'Activity', id: request.activityId, ...(definition ? { definition } : {}) },
    };
  }

  /**
   * The Person for an Agent. It is about a learner, so it needs a rule that lets the caller read
   * statements, and the decision is audited either way.
   */
  async person(request: GetPersonV1): Promise<GetPersonReplyV1> {
    const problems: { path: string; message: string }[] = [];
    const parsed = parseAgentParam(request.agent, (path, message) => problems.push({ path, message }));
    if (!parsed) throw new BadRequestError(`${problems[0]!.path}: ${problems[0]!.message}`, problems);
    if (parsed.agent.objectType === 'Group') throw new BadRequestError('agent must be an Agent, not a Group');
    const { principal } = request;
    const audit = {
      principalId: principalIdOf(principal),
      action: 'agents.read',
      query: { agentIfiHash: parsed.ifiHash },
    };
    const { rules } = await this.bus.request('consent.v1.ability.get', { principal });
    const allowed = accessFilterFor(abilityFromRules(rules), 'read', 'Statement') !== null;
    await this.bus.request('storage.v1.audit.append', {
      tenantId: principal.tenantId,
      audit,
      decision: allowed ? 'allow' : 'deny',
      count: allowed ? 1 : 0,
      ...(allowed ? {} : { reason: 'no rule lets this principal read learner data' }),
    });
    if (!allowed) throw new ForbiddenError('this credential may not read agents');
    return { person: personOf([parsed.agent]) as unknown as Record<string, unknown> };
  }
}
