import { outboxTraceContextMigration } from '@custos/platform';

/** storage.outbox keeps the trace context of the change that staged each event (docs/observability.md). */
export class OutboxTraceContext1798003000000 extends outboxTraceContextMigration(
  'storage',
  'OutboxTraceContext1798003000000',
) {}
