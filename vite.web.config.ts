// Builds the web pages (apps/web) into dist/web, which the gateway serves at `/` (see
// apps/gateway/src/http/web-pages.ts). No inline script or style may be emitted: the pages are
// served under a Content-Security-Policy without 'unsafe-inline'.
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./apps/web', import.meta.url)),
  plugins: [react()],
  // The libs the pages share with the server (pure, no Node built-ins), resolved from source.
  resolve: {
    alias: { '@custos/merkle': fileURLToPath(new URL('./libs/merkle/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // A data: URL would need img-src/font-src data: in the policy; files keep it strict.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    // `npx vite -c vite.web.config.ts` during development: the API comes from a running Custos on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080', '/xapi': 'http://127.0.0.1:8080' },
  },
});
