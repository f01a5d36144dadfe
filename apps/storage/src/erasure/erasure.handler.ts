import { MessageBus } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

import { ErasureService } from './erasure.service.js';

/** storage.v1.erasure.erase and .seal: the two steps consent's erasure job asks of storage. */
@Injectable()
export class ErasureHandler implements OnModuleInit {
  constructor(
    private readonly bus: MessageBus,
    private readonly erasures: ErasureService,
  ) {}

  onModuleInit(): void {
    this.bus.serve('storage.v1.erasure.erase', (req) => this.erasures.erase(req));
    this.bus.serve('storage.v1.erasure.seal', (req) => this.erasures.seal(req));
  }
}
