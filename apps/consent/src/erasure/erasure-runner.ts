// Carries erasure jobs forward in the background: those approved, those whose grace period ran out, and those a
// crash or an unreachable storage left half done (each step is repeatable, so taking a job up again is safe).
// Every consent replica runs one; the job row's lock lets only one of them move a job at a time.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import { ErasureService } from './erasure.service.js';

const DEFAULT_POLL_SECONDS = 30;
const JOBS_PER_ROUND = 20;

@Injectable()
export class ErasureRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(
    private readonly erasures: ErasureService,
    @Inject(CONSENT_OPTIONS) private readonly options: ConsentModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    const enabled = this.options.erasure?.runner ?? this.options.outboxRelay ?? true;
    if (!enabled) return;
    const every = (this.options.erasure?.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
    this.timer = setInterval(() => {
      // One round at a time: a slow round (storage down, many jobs) is not overtaken by the next.
      this.round ??= this.runDue().finally(() => (this.round = undefined));
    }, every);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }

  private async runDue(): Promise<void> {
    let ids: string[];
    try {
      ids = await this.erasures.dueJobs(JOBS_PER_ROUND);
    } catch (err) {
      this.erasures.failed('*', err);
      return;
    }
    for (const id of ids) {
      try {
        await this.erasures.run(id);
      } catch (err) {
        this.erasures.failed(id, err);
      }
    }
  }
}
