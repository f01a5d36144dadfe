// The consent part's database: schema `consent`.
import { ownedDatabase } from '@custos/platform';

import { AccessVersionEntity } from './entities/access-version.entity.js';
import { GuardianLinkEntity } from './entities/guardian-link.entity.js';
import { AnalyticsBudgetSpendEntity } from './entities/analytics-budget-spend.entity.js';
import { ConsentGrantEntity } from './entities/consent-grant.entity.js';
import { ConsentReceiptEntity } from './entities/consent-receipt.entity.js';
import { CredentialEntity } from './entities/credential.entity.js';
import { ObjectionEntity } from './entities/objection.entity.js';
import { ConsentOutboxEntity } from './entities/outbox.entity.js';
import { PeopleGroupMemberEntity } from './entities/people-group-member.entity.js';
import { PeopleGroupEntity } from './entities/people-group.entity.js';
import { PersonAgentEntity } from './entities/person-agent.entity.js';
import { PersonRoleEntity } from './entities/person-role.entity.js';
import { PolicyEntity } from './entities/policy.entity.js';
import { PersonEntity } from './entities/person.entity.js';
import { SignInThrottleEntity } from './entities/sign-in-throttle.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';
import { ErasureEntity } from './entities/erasure.entity.js';
import {
  ForwardingDeadLetterEntity,
  ForwardingPendingEntity,
  ForwardingSentEntity,
  ForwardingTargetEntity,
} from './entities/forwarding.entity.js';
import { CreateCredentials1795000000100 } from './migrations/1795000000100-CreateCredentials.js';
import { CreatePeople1795000000200 } from './migrations/1795000000200-CreatePeople.js';
import { CreatePeopleGroups1795000000210 } from './migrations/1795000000210-CreatePeopleGroups.js';
import { CreatePolicies1795000000300 } from './migrations/1795000000300-CreatePolicies.js';
import { CreateConsentGrants1795000000310 } from './migrations/1795000000310-CreateConsentGrants.js';
import { CreateObjections1795000000320 } from './migrations/1795000000320-CreateObjections.js';
import { CreateConsentReceipts1795000000330 } from './migrations/1795000000330-CreateConsentReceipts.js';
import { CreateConsentSubjectViews1795000000340 } from './migrations/1795000000340-CreateConsentSubjectViews.js';
import { CreateConsentOutbox1795000000400 } from './migrations/1795000000400-CreateConsentOutbox.js';
import { AddStandingObjectionKey1795000000600 } from './migrations/1795000000600-AddStandingObjectionKey.js';
import { PlannableConsentSubjectViews1795000000900 } from './migrations/1795000000900-PlannableConsentSubjectViews.js';
import { OneOwnerPerAgentIdentifier1796000003000 } from './migrations/1796000003000-OneOwnerPerAgentIdentifier.js';
import { CreateSignInThrottle1797000001000 } from './migrations/1797000001000-CreateSignInThrottle.js';
import { ActiveGrantsByPolicyIndex1797000100100 } from './migrations/1797000100100-ActiveGrantsByPolicyIndex.js';
import { AccessVersion1798001000000 } from './migrations/1798001000000-AccessVersion.js';
import { ConsentOutboxTraceContext1798003000001 } from './migrations/1798003000001-ConsentOutboxTraceContext.js';
import { CreateErasures1798005000001 } from './migrations/1798005000001-CreateErasures.js';
import { Guardians1798007000000 } from './migrations/1798007000000-Guardians.js';
import { WritePurposes1798008000000 } from './migrations/1798008000000-WritePurposes.js';
import { AnalyticsSettings1799005000000 } from './migrations/1799005000000-AnalyticsSettings.js';
import { CreateForwarding1799002000000 } from './migrations/1799002000000-CreateForwarding.js';

export const CONSENT_SCHEMA = 'consent';

/**
 * CONSENT_DB: the DataSource's token in Nest (TypeOrmModule's connection named `consent`); consentDataSource: the DataSource
 * outside Nest (migrations, the CLI, test harnesses); consentDatabaseModule: the database in the part's module,
 * opened at start and closed once the bus has drained.
 */
export const {
  token: CONSENT_DB,
  dataSource: consentDataSource,
  module: consentDatabaseModule,
} = ownedDatabase({
  schema: CONSENT_SCHEMA,
  entities: [
    TenantEntity,
    CredentialEntity,
    PersonEntity,
    PersonRoleEntity,
    PersonAgentEntity,
    PeopleGroupEntity,
    PeopleGroupMemberEntity,
    PolicyEntity,
    ConsentGrantEntity,
    ObjectionEntity,
    ConsentReceiptEntity,
    ConsentOutboxEntity,
    SignInThrottleEntity,
    AccessVersionEntity,
    ErasureEntity,
    GuardianLinkEntity,
    AnalyticsBudgetSpendEntity,
    ForwardingTargetEntity,
    ForwardingPendingEntity,
    ForwardingDeadLetterEntity,
    ForwardingSentEntity,
  ],
  migrations: [
    CreateCredentials1795000000100,
    CreatePeople1795000000200,
    CreatePeopleGroups1795000000210,
    CreatePolicies1795000000300,
    CreateConsentGrants1795000000310,
    CreateObjections1795000000320,
    CreateConsentReceipts1795000000330,
    CreateConsentSubjectViews1795000000340,
    CreateConsentOutbox1795000000400,
    AddStandingObjectionKey1795000000600,
    PlannableConsentSubjectViews1795000000900,
    OneOwnerPerAgentIdentifier1796000003000,
    CreateSignInThrottle1797000001000,
    ActiveGrantsByPolicyIndex1797000100100,
    AccessVersion1798001000000,
    ConsentOutboxTraceContext1798003000001,
    CreateErasures1798005000001,
    Guardians1798007000000,
    WritePurposes1798008000000,
    CreateForwarding1799002000000,
    AnalyticsSettings1799005000000,
  ],
});
