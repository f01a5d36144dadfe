import { MessageBus, serveHealth } from '@custos/messaging';
import { Injectable, type OnModuleInit } from '@nestjs/common';

/** Query holds no state of its own: ready when the bus is connected. */
@Injectable()
export class QueryHealth implements OnModuleInit {
  constructor(private readonly bus: MessageBus) {}

  onModuleInit(): void {
    serveHealth(this.bus, 'query', async () => ({}));
  }
}
