// Distributed mode: the ingest part as its own process (loaded by main.ts once tracing is set up).
import 'reflect-metadata';

import { runPart } from '@custos/platform';

import { loadIngestConfig } from './config.js';
import { IngestModule } from './ingest.module.js';

await runPart({ service: 'ingest', config: loadIngestConfig(), modules: () => [IngestModule] });
