// Liveness and readiness of the gateway, the one HTTP edge. Its public /readyz says only whether it can
// serve (NATS reachable): one part down must not take every gateway out of the load balancer, which would
// stop writes too — a route whose part is down answers 503 with Retry-After on its own. Which part is
// down is internal detail, answered by partsReadiness on the gateway's health port (CUSTOS_HEALTH_PORT),
// which the edge never exposes (deploy/README.md, "Readiness").
import { MessageBus } from '@custos/messaging';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';

const PARTS = ['ingest', 'storage', 'consent', 'query'] as const;

/** Each part's own readiness (database reachable and migrated), asked over the bus, and the bus itself. */
export async function partsReadiness(bus: MessageBus): Promise<Record<string, boolean>> {
  const checks: Record<string, boolean> = { messaging: bus.isReady() };
  await Promise.all(
    PARTS.map(async (part) => {
      try {
        const reply = await bus.request(`${part}.v1.health.check`, {}, { timeoutMs: 2_000 });
        checks[part] = reply.ready;
      } catch {
        checks[part] = false;
      }
    }),
  );
  return checks;
}

@Controller()
export class HealthController {
  constructor(private readonly bus: MessageBus) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  /** Public: ready when this gateway can reach NATS; names no internal part. */
  @Get('readyz')
  readyz(@Res() res: Response): void {
    const ready = this.bus.isReady();
    res.status(ready ? 200 : 503).json({ ready });
  }
}
