import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));
// Composition roots (standalone, CLI, tests) reach an app only through its public index.ts.
const app = (name: string) => fileURLToPath(new URL(`./apps/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // Nest's constructor injection needs legacy decorators with emitted metadata.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  resolve: {
    alias: {
      '@custos/contracts': lib('contracts'),
      '@custos/messaging': lib('messaging'),
      '@custos/xapi': lib('xapi'),
      '@custos/authz': lib('authz'),
      '@custos/config': lib('config'),
      '@custos/merkle': lib('merkle'),
      '@custos/platform': lib('platform'),
      '@custos/telemetry': lib('telemetry'),
      '@custos/testing': lib('testing'),
      '@custos/gateway': app('gateway'),
      '@custos/ingest': app('ingest'),
      '@custos/storage': app('storage'),
      '@custos/consent': app('consent'),
      '@custos/query': app('query'),
      '@custos/standalone': app('standalone'),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'libs/**/*.spec.ts',
            'apps/**/src/**/*.spec.ts',
            'test/deploy/**/*.spec.ts',
            'test/start/**/*.spec.ts',
            'test/bench/**/*.spec.ts',
            'test/web/**/*.spec.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'apps/**/test/**/*.int-spec.ts',
            'libs/**/test/**/*.int-spec.ts',
            'test/e2e/**/*.e2e-spec.ts',
            'test/drift/**/*.int-spec.ts',
            'test/conformance/**/*.spec.ts',
            'test/web/**/*.e2e-spec.ts',
          ],
          globalSetup: ['test/harness/global-setup.ts'],
          // The end-to-end suites start whole process trees; running files one at a time keeps
          // a 2-core machine from starving them.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
