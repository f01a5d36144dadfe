// The committed API types of the web app match the gateway's OpenAPI document (see ./api-types.ts).
import { readFile } from 'node:fs/promises';

import { expect, it } from 'vitest';

import { API_TYPES_PATH, generateApiTypes } from './api-types.js';

it('apps/web/src/api/schema.d.ts is what the OpenAPI document generates (npm run web:api-types)', async () => {
  const committed = await readFile(new URL(`../../${API_TYPES_PATH}`, import.meta.url), 'utf8');
  expect(committed).toBe(await generateApiTypes());
});
