// Who may send each message: the least-privilege table of the bus. A part answers the subjects
// it owns (the first segment of the subject) and may ask only the subjects listed for it here.
// The NATS server configuration in deploy/nats is derived from this table, and a test keeps the
// code's calls, this table and that configuration in step (docs/architecture.md "Trust boundaries").
import type { EventSubject, RequestSubject } from './subjects.js';

export const PARTS = ['gateway', 'ingest', 'storage', 'consent', 'query'] as const;
export type Part = (typeof PARTS)[number];

const gateway = ['gateway'] as const;
const query = ['query'] as const;
const ingest = ['ingest'] as const;

/** The parts that may send each request. The gateway is the only entry point from outside. */
export const Callers = {
  // Authentication: only the gateway verifies people and credentials (through consent).
  'consent.v1.credentials.authenticate': gateway,
  'consent.v1.people.login': gateway,
  'consent.v1.people.authenticate': gateway,
  'consent.v1.signin.unlock': gateway,
  'consent.v1.credentials.list': gateway,
  'consent.v1.credentials.create': gateway,
  'consent.v1.credentials.revoke': gateway,
  'consent.v1.credentials.bind': gateway,
  'consent.v1.people.me': gateway,
  'consent.v1.people.list': gateway,
  'consent.v1.people.create': gateway,
  'consent.v1.people.update': gateway,
  'consent.v1.tenant.settings.get': gateway,
  'consent.v1.tenant.settings.set': gateway,
  'consent.v1.guardian.learners': gateway,
  'consent.v1.groups.list': gateway,
  'consent.v1.groups.create': gateway,
  'consent.v1.groups.members.set': gateway,
  'consent.v1.policies.list': gateway,
  'consent.v1.policies.create': gateway,
  'consent.v1.policies.update': gateway,
  'consent.v1.policies.history': gateway,
  'consent.v1.policies.counts': gateway,
  'consent.v1.consent.requests': gateway,
  'consent.v1.grants.create': gateway,
  'consent.v1.grants.revoke': gateway,
  'consent.v1.objections.create': gateway,
  'consent.v1.objections.withdraw': gateway,
  'consent.v1.receipts.get': gateway,
  'consent.v1.receipts.list': gateway,
  'consent.v1.access.effective': gateway,
  'consent.v1.erasures.create': gateway,
  'consent.v1.erasures.request': gateway,
  'consent.v1.erasures.mine': gateway,
  'consent.v1.erasures.get': gateway,
  'consent.v1.erasures.cancel': gateway,
  'consent.v1.erasures.approve': gateway,
  // What query needs from consent to decide a read.
  'consent.v1.ability.get': query,
  'consent.v1.agents.resolve': query,
  'consent.v1.exports.authorize': query,
  'consent.v1.people.identifiers': query,
  'consent.v1.principals.names': query,
  'consent.v1.principals.resolve': query,
  // Writes enter through ingest, which alone may store.
  'ingest.v1.statements.ingest': gateway,
  'ingest.v1.documents.write': gateway,
  'storage.v1.statements.store': ingest,
  'storage.v1.documents.write': ingest,
  // Reads enter through query, which alone may read storage (ADR 0006: storage trusts the access filter of a
  // caller holding query's NATS identity, and of no one else).
  'query.v1.statements.find': gateway,
  'query.v1.statements.explain': gateway,
  'query.v1.activities.get': gateway,
  'query.v1.agents.person': gateway,
  'query.v1.documents.find': gateway,
  'query.v1.exports.start': gateway,
  'query.v1.exports.read': gateway,
  'query.v1.audit.records': gateway,
  'query.v1.audit.export.start': gateway,
  'query.v1.audit.export.read': gateway,
  'query.v1.audit.stats': gateway,
  'query.v1.audit.access-log': gateway,
  'query.v1.audit.verify': gateway,
  'query.v1.audit.checkpoints.list': gateway,
  'query.v1.audit.checkpoints.create': gateway,
  'query.v1.audit.public-key': gateway,
  'query.v1.audit.proof': gateway,
  'query.v1.audit.evidence': gateway,
  'query.v1.processing.records': gateway,
  'consent.v1.processing.policies': query,
  'storage.v1.processing.retention': query,
  'storage.v1.statements.read': query,
  'storage.v1.statements.explain': query,
  'storage.v1.activities.read': query,
  'storage.v1.agents.readable': query,
  'storage.v1.documents.read': query,
  'storage.v1.exports.begin': query,
  'storage.v1.exports.read': query,
  'storage.v1.audit.append': query,
  // Refused principal assertions (ADR 0006): the parts with no database of their own record them through storage.
  'storage.v1.audit.refusal': ['ingest', 'query'],
  'storage.v1.audit.verify': query,
  'storage.v1.audit.checkpoints.list': query,
  'storage.v1.audit.checkpoints.create': query,
  'storage.v1.audit.proof': query,
  'storage.v1.audit.evidence': query,
  'storage.v1.audit.public-key': query,
  'storage.v1.audit.records.read': query,
  'storage.v1.audit.export.begin': query,
  'storage.v1.audit.export.read': query,
  'storage.v1.audit.stats': query,
  // Retention rules and legal holds: storage owns them and decides who may manage them (an admin of the tenant);
  // no statement leaves storage this way, only counts, so the gateway asks storage directly.
  'storage.v1.retention.rules.list': gateway,
  'storage.v1.retention.rules.create': gateway,
  'storage.v1.retention.rules.delete': gateway,
  'storage.v1.retention.holds.list': gateway,
  'storage.v1.retention.holds.create': gateway,
  'storage.v1.retention.holds.release': gateway,
  'storage.v1.retention.dry-run': gateway,
  'storage.v1.retention.run': gateway,
  // Erasure is the one write consent asks of storage: consent holds the job and the person's identifier hashes.
  'storage.v1.erasure.erase': ['consent'],
  'storage.v1.erasure.seal': ['consent'],
  // Imported writes: like every write, through ingest (which validates) to storage.
  'ingest.v1.statements.import': gateway,
  'storage.v1.statements.import': ingest,
  // A learner's portable archive, verified by the gateway, written as an imported write.
  'ingest.v1.portable.import': gateway,
  'ingest.v1.imports.start': gateway,
  'storage.v1.imports.begin': ingest,
  'storage.v1.imports.progress': ingest,
  // Following an import shows counts and refused ids, no statement: the gateway asks storage directly.
  'storage.v1.imports.get': gateway,
  'storage.v1.imports.list': gateway,
  // Forwarding: the admin API through the gateway; the delivery worker (query) claims and settles batches.
  'consent.v1.forwarding.targets.list': gateway,
  'consent.v1.forwarding.targets.create': gateway,
  'consent.v1.forwarding.targets.get': gateway,
  'consent.v1.forwarding.targets.update': gateway,
  'consent.v1.forwarding.targets.delete': gateway,
  'consent.v1.forwarding.targets.status': gateway,
  'consent.v1.forwarding.dead-letters.list': gateway,
  'consent.v1.forwarding.dead-letters.retry': gateway,
  'consent.v1.forwarding.dead-letters.discard': gateway,
  'consent.v1.forwarding.claim': query,
  'consent.v1.forwarding.settle': query,
  // The gateway's /readyz asks every part.
  'consent.v1.health.check': gateway,
  'ingest.v1.health.check': gateway,
  'storage.v1.health.check': gateway,
  'query.v1.health.check': gateway,
  // Analytics (docs/flows.md): the gateway asks query, which alone may give storage an access filter (ADR 0006).
  'query.v1.analytics.run': gateway,
  'consent.v1.analytics.basis': query,
  'storage.v1.analytics.aggregate': query,
} as const satisfies Record<RequestSubject, readonly Part[]>;

/**
 * The parts that consume each durable event; its publisher is the part that owns the subject. An event with no
 * consumer in Custos is published for integrations outside it.
 */
export const Consumers = {
  // Consent queues each stored batch for the tenant's forwarding targets (docs/flows.md "Forwarding").
  'storage.v1.statements.stored': ['consent'],
  // Storage releases held statements when a grant arrives (docs/privacy-operations.md "Write purposes").
  'consent.v1.consent.changed': ['storage'],
  'consent.v1.audit.recorded': ['storage'],
} as const satisfies Record<EventSubject, readonly Part[]>;

/**
 * The durable JetStream consumer through which each consuming part takes an event: its name is part of that
 * part's NATS permissions (deploy/nats), so it lives here beside Consumers, and a test keeps the two in step.
 */
export const DurableConsumers = {
  'consent.v1.audit.recorded': { storage: 'storage-audit-changes' },
  'consent.v1.consent.changed': { storage: 'storage-held-releases' },
  'storage.v1.statements.stored': { consent: 'consent-forwarding' },
} as const satisfies { [E in EventSubject]?: Partial<Record<Part, string>> };

/** The durable consumer name of `part` for `event`. */
export const durableConsumerOf = (part: Part, event: EventSubject): string | undefined =>
  (DurableConsumers as Partial<Record<EventSubject, Partial<Record<Part, string>>>>)[event]?.[part];

/** May `part` send `subject`? */
export const mayCall = (part: Part, subject: RequestSubject): boolean =>
  (Callers[subject] as readonly Part[]).includes(part);

/** The parts `part` sends requests to (itself excluded). */
export const partsCalledBy = (part: Part): Part[] =>
  PARTS.filter(
    (callee) =>
      callee !== part &&
      (Object.keys(Callers) as RequestSubject[]).some((s) => s.startsWith(`${callee}.`) && mayCall(part, s)),
  );
