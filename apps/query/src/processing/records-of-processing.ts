// The records of processing (GDPR Art. 30(1); docs/privacy-operations.md "Records of processing") from the
// tenant's current policies and retention rules. Pure: what the document says is decided here, in one place.
import {
  type PolicyScopeV1,
  type PolicyViewV1,
  type ProcessingActivityV1,
  type RecordsOfProcessingV1,
  type RetentionRuleV1,
  type SafeguardV1,
} from '@custos/contracts';
import { REDACTABLE_STATEMENT_FIELDS } from '@custos/xapi';

/** The statement parts no policy removes (libs/xapi redact.ts): who did what, and when. */
const ALWAYS_DISCLOSED = ['id', 'actor', 'verb', 'object', 'timestamp', 'stored', 'authority', 'version'];

/**
 * What Custos does for every processing activity, whatever the policy (Art. 30(1)(g), Art. 32). Only what the code
 * does: each line names where it is documented.
 */
export const SAFEGUARDS: readonly SafeguardV1[] = [
  {
    id: 'default-deny',
    text:
      'Access is decided for every read by rules compiled into the SQL of that read: a role, an xAPI client or a ' +
      "person reads a learner's records only under an institution policy, the learner's own access or a client " +
      'scope; without one, nothing (docs/access-model.md).',
  },
  {
    id: 'consent-receipts',
    text:
      'Grants, revocations, objections and their withdrawals are kept as consent receipts with the fields of ' +
      'ISO/IEC TS 27560; a revocation or an objection applies to the very next read (docs/access-model.md).',
  },
  {
    id: 'redaction',
    text: 'The statement parts a policy removes are removed before its recipients see them, in every read path.',
  },
  {
    id: 'audit-log',
    text:
      'Every read of learner data, every change of policies, roles and credentials and every failed sign-in is ' +
      'recorded in a hash chain and Merkle tree per tenant, in the transaction of the read (a read that cannot be ' +
      'recorded returns nothing); its tree heads are signed with Ed25519 (docs/audit.md).',
  },
  {
    id: 'pseudonymised-audit',
    text:
      'Learners appear in the audit log only as keyed pseudonyms (HMAC-SHA256 of their identifiers), never by ' +
      'e-mail address, account or name (docs/audit.md "Keys").',
  },
  {
    id: 'transparency',
    text:
      'Each learner sees who accessed their records and under which rule, with proofs that each entry is in the ' +
      "institution's signed log (GET /api/v1/me/access-log).",
  },
  {
    id: 'retention',
    text:
      'Statements past a retention rule disappear from every read at once and are purged in the background; a ' +
      'legal hold exempts a person or a rule for a stated reason until a stated end (docs/privacy-operations.md).',
  },
  {
    id: 'signed-principals',
    text:
      'Inside Custos every request made for someone carries who that is, signed by the gateway; a part refuses, ' +
      'and records, a request whose signature is missing or forged (docs/adr/0006-signed-principals.md).',
  },
];

/**
 * Whether `rule` can delete statements in `scope`: each criterion the rule sets must be compatible with the
 * scope's (an absent part of either does not restrict). Activity prefixes are compatible when one extends the
 * other. Conservative: a rule that may reach the scope is named.
 */
export function ruleReaches(rule: RetentionRuleV1, scope: PolicyScopeV1): boolean {
  if (rule.verb !== null && scope.verbs && !scope.verbs.includes(rule.verb)) return false;
  if (rule.registration !== null && scope.registrations && !scope.registrations.includes(rule.registration)) {
    return false;
  }
  const prefix = rule.activityPrefix;
  if (prefix !== null && scope.activityPrefixes) {
    return scope.activityPrefixes.some((p) => p.startsWith(prefix) || prefix.startsWith(p));
  }
  return true;
}

const CHOICE = {
  consent: 'consent',
  'legitimate-interest': 'objection',
  contract: 'none',
  'public-task': 'none',
  'legal-obligation': 'none',
} as const satisfies Record<PolicyViewV1['lawfulBasis'], ProcessingActivityV1['learnerChoice']>;

export function activityOf(policy: PolicyViewV1, rules: readonly RetentionRuleV1[]): ProcessingActivityV1 {
  const removed = [...policy.redactFields].sort();
  return {
    policyId: policy.id,
    version: policy.version,
    since: policy.createdAt,
    purpose: policy.purpose,
    lawfulBasis: policy.lawfulBasis,
    learnerChoice: CHOICE[policy.lawfulBasis],
    recipients: [policy.grantee],
    dataSubjects:
      policy.lawfulBasis === 'consent'
        ? 'Learners who granted consent to this policy, for their xAPI statements in its scope'
        : policy.lawfulBasis === 'legitimate-interest'
          ? 'Learners whose xAPI statements fall in its scope, except those who objected'
          : 'Learners whose xAPI statements fall in its scope',
    categories: {
      scope: policy.scope,
      disclosed: [...ALWAYS_DISCLOSED, ...REDACTABLE_STATEMENT_FIELDS.filter((f) => !removed.includes(f))],
      removed,
    },
    retentionRuleIds: rules.filter((rule) => ruleReaches(rule, policy.scope)).map((rule) => rule.id),
  };
}

export function recordsOfProcessing(
  tenantId: string,
  policies: readonly PolicyViewV1[],
  rules: readonly RetentionRuleV1[],
  now: Date,
): RecordsOfProcessingV1 {
  return {
    tenantId,
    generatedAt: now.toISOString(),
    activities: [...policies]
      .sort((a, b) => a.purpose.code.localeCompare(b.purpose.code) || a.id.localeCompare(b.id))
      .map((policy) => activityOf(policy, rules)),
    retentionRules: [...rules],
    safeguards: [...SAFEGUARDS],
  };
}
