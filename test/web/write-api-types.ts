// `npm run web:api-types` (from the repository root, after the build): rewrites the web app's API types.
import { writeFile } from 'node:fs/promises';

import { API_TYPES_PATH, generateApiTypes } from './api-types.js';

await writeFile(API_TYPES_PATH, await generateApiTypes());
