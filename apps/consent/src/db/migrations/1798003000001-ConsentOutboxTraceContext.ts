import { outboxTraceContextMigration } from '@custos/platform';

/** consent.outbox keeps the trace context of the change that staged each event (docs/observability.md). */
export class ConsentOutboxTraceContext1798003000001 extends outboxTraceContextMigration(
  'consent',
  'ConsentOutboxTraceContext1798003000001',
) {}
