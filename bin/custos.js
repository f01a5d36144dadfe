#!/usr/bin/env node
// The compiled CLI lives in dist/ (`npm run build`); this shim keeps `npx custos` stable.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/apps/cli/src/custos.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('custos is not built yet: run `npm run build` first.\n');
  process.exit(1);
}
await import(entry.href);
