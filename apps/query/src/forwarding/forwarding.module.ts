// Forwarding: the delivery worker that sends each target what its grantee may read (docs/flows.md "Forwarding").
import { Module } from '@nestjs/common';

import { ForwardingWorker } from './forwarding-worker.js';

@Module({ providers: [ForwardingWorker] })
export class ForwardingModule {}
