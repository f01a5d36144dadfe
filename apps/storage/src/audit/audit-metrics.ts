// The audit log's lag in the metrics, read when Prometheus scrapes (one query): records waiting for the sequencer,
// the age of the oldest, and the age of the newest signed checkpoint. An alert on these says the log is falling
// behind or no longer signed (deploy/k8s/components/monitoring).
import { auditCheckpointAge, auditOldestPendingAge, auditPending } from '@custos/telemetry';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import { AuditSequencerRepository } from './audit-sequencer.repository.js';

@Injectable()
export class AuditMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  private stops: (() => void)[] = [];

  constructor(private readonly sequencer: AuditSequencerRepository) {}

  onApplicationBootstrap(): void {
    let reading: Promise<void> | undefined;
    // The three gauges are collected in the same scrape: one query serves them.
    const read = () =>
      (reading ??= this.sequencer
        .backlog()
        .then(({ pending, oldestAge, checkpointAge }) => {
          auditPending.gauge.set(pending);
          auditOldestPendingAge.gauge.set(oldestAge);
          // NaN before the first checkpoint: no age, and no alert comparing it fires.
          auditCheckpointAge.gauge.set(checkpointAge ?? Number.NaN);
        })
        .finally(() => setTimeout(() => (reading = undefined), 1000).unref()));
    this.stops = [auditPending, auditOldestPendingAge, auditCheckpointAge].map((gauge) => gauge.sample(read));
  }

  onModuleDestroy(): void {
    for (const stop of this.stops) stop();
  }
}
