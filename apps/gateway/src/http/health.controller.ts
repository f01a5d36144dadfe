// Liveness (the process answers) and readiness (every part it depends on answers, with the
// database reachable and migrated), for probes and load balancers.
import { MessageBus } from '@custos/messaging';
import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';

const PARTS = ['ingest', 'storage', 'consent', 'query'] as const;

@Controller()
export class HealthController {
  constructor(private readonly bus: MessageBus) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const checks: Record<string, boolean> = { messaging: this.bus.isReady() };
    await Promise.all(
      PARTS.map(async (part) => {
        try {
          const reply = await this.bus.request(`${part}.v1.health.check`, {}, { timeoutMs: 2_000 });
          checks[part] = reply.ready;
        } catch {
          checks[part] = false;
        }
      }),
    );
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ ready, checks });
  }
}
