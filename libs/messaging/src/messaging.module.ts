import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Part } from '@custos/contracts';
import type { Logger } from 'pino';

import { InProcessBus } from './in-process-bus.js';
import { MessageBus } from './message-bus.js';
import type { NatsClientSettings } from './nats-connection.js';
import { NatsBus } from './nats-bus.js';
import type { PrincipalKeys } from './principal-assertion.js';

export type MessagingOptions = (
  | {
      transport: 'nats';
      url: string;
      auth?: Omit<NatsClientSettings, 'NATS_URL'>;
      namespace: string;
      name: string;
      /** The part this process is: it may send only what libs/contracts/src/callers.ts allows it. */
      part?: Part;
      logger: Logger;
    }
  | { transport: 'in-process'; logger: Logger }
) & {
  /** Keys of signed principals (ADR 0006); required by a distributed part, made up per process otherwise. */
  principals?: PrincipalKeys;
  /** How long a request made with no deadline of its own waits (the gateway's: its HTTP requests); default 30 s. */
  requestTimeoutMs?: number;
};

@Injectable()
class BusCloser implements OnApplicationShutdown {
  constructor(@Inject(MessageBus) private readonly bus: MessageBus) {}

  /** Runs after the HTTP server stopped taking requests, so in-flight work can finish first. */
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        {
          provide: MessageBus,
          useFactory: async (): Promise<MessageBus> =>
            options.transport === 'nats'
              ? NatsBus.connect(options)
              : new InProcessBus(options.logger, options.principals, options.requestTimeoutMs),
        },
        BusCloser,
      ],
      exports: [MessageBus],
    };
  }
}
