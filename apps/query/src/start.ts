// Distributed mode: the query part as its own process (loaded by main.ts once tracing is set up).
import 'reflect-metadata';

import { runPart } from '@custos/platform';

import { forwardingWorkerOf, loadQueryConfig } from './config.js';
import { QueryModule } from './query.module.js';

const config = loadQueryConfig();
await runPart({
  service: 'query',
  config,
  modules: () => [
    QueryModule.forRoot({ cursorKey: config.CUSTOS_CURSOR_KEY, forwarding: forwardingWorkerOf(config) }),
  ],
});
