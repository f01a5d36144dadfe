// Every part answers `<part>.v1.health.check` the same way; the gateway's /readyz asks them all.
import type { MessageBus } from './message-bus.js';

export type HealthChecks = () => Promise<Record<string, boolean>>;
export type PartWithHealth = 'ingest' | 'storage' | 'consent' | 'query';

export function serveHealth(bus: MessageBus, service: PartWithHealth, checks: HealthChecks): void {
  bus.serve(`${service}.v1.health.check`, async () => {
    const results = { ...(await checks()), messaging: bus.isReady() };
    return { service, ready: Object.values(results).every(Boolean), checks: results };
  });
}
