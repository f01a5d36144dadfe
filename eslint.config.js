// ESLint with type information. Boundaries (STYLE B1): libs never import apps; apps reach each
// other only through composition roots (standalone, cli) and tests; nothing deep-imports a lib.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const appAliases = [
  '@custos/gateway',
  '@custos/ingest',
  '@custos/storage',
  '@custos/consent',
  '@custos/query',
  '@custos/standalone',
];

// What an app or lib (outside the composition roots and tests) may not import.
const appBoundaries = {
  paths: appAliases.map((name) => ({
    name,
    message: 'An app or lib never imports another app (STYLE B1).',
  })),
  patterns: [
    { group: ['@custos/*/src/**', '@custos/*/src'], message: 'Import a lib through its alias only.' },
    { group: ['**/apps/**'], message: 'Never import app code by path.' },
  ],
};

// Parts whose src/ is split into rooms, one folder and Nest module each (issue 12).
const roomParts = ['storage', 'consent', 'query'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'bin/**',
      'eslint.config.js',
      'apps/web/src/api/schema.d.ts',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest's metadata-driven DI needs classes imported as values.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration in config.ts only (STYLE B8).',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@custos/*/src/**', '@custos/*/src'], message: 'Import a lib through its alias only.' },
            { group: ['**/apps/**', '../../apps/**'], message: 'Never import app code by path.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'libs/**/*.ts',
      'apps/gateway/**',
      'apps/ingest/**',
      'apps/storage/**',
      'apps/consent/**',
      'apps/query/**',
    ],
    ignores: ['libs/testing/**', '**/index.ts', 'apps/*/test/**'],
    rules: { 'no-restricted-imports': ['error', appBoundaries] },
  },
  // Inside a part split into rooms (apps/<part>/src/<room>/), a room reaches another only through that room's
  // index.ts (its module and the few names it exports); db/ is the owning part's schema, open to its rooms.
  {
    files: roomParts.map((part) => `apps/${part}/src/**/*.ts`),
    ignores: roomParts.map((part) => `apps/${part}/src/db/**`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: appBoundaries.paths,
          patterns: [
            ...appBoundaries.patterns,
            {
              // From a room (../other/…) or from the part's root files (./room/…).
              group: ['../*/*', '!../*/index.js', '!../db/**', './*/*', '!./*/index.js', '!./db/**'],
              message:
                "Import another room only through its index.js (docs/architecture.md, the part's folder map).",
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/config.ts',
      'libs/testing/**',
      'test/**',
      'vitest.config.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // The web app (apps/web, its own tsconfig with the DOM): React's rules of hooks.
  { files: ['apps/web/**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },
  // Recharts is one lazily loaded chunk, loaded one way: only the charts in apps/web/src/charts import it, and
  // pages reach them through charts/lazy.tsx (React.lazy), never by a static import of the chart itself.
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    ignores: ['apps/web/src/charts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'recharts', message: 'Draw charts in src/charts; pages use src/charts/lazy.tsx.' }],
          patterns: [
            ...appBoundaries.patterns,
            {
              group: ['**/charts/BarChartFigure', '**/charts/CountBars'],
              allowTypeImports: true,
              message: 'Use the lazily loaded chart from src/charts/lazy.tsx.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
