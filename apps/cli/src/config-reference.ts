// docs/configuration.md, made from the schemas every part parses its environment with (`custos config-reference`,
// `npm run docs:config`); config-reference.spec.ts fails when the file and the schemas disagree.
import { configurationReferenceMarkdown } from '@custos/config';
import { consentConfigShape } from '@custos/consent';
import { gatewayConfigShape } from '@custos/gateway';
import { ingestConfigShape } from '@custos/ingest';
import { queryConfigShape } from '@custos/query';
import { standaloneConfigShape } from '@custos/standalone';
import { storageConfigShape } from '@custos/storage';

import { cliConfigShape } from './config.js';

/** Each part and the shape it passes to defineConfig, in the order the reference names them. */
export const PART_SHAPES = {
  gateway: gatewayConfigShape,
  ingest: ingestConfigShape,
  storage: storageConfigShape,
  consent: consentConfigShape,
  query: queryConfigShape,
  standalone: standaloneConfigShape,
  cli: cliConfigShape,
};

const INTRO = `
<!-- Generated from the parts' configuration schemas by \`npm run docs:config\` (\`custos config-reference\`);
     edit the schemas (apps/*/src/config.ts, libs/config), not this file. -->

# Configuration reference

Every part reads its settings from the environment at start-up and stops with a list of every bad or missing
one. The parts: \`gateway\`, \`ingest\`, \`storage\`, \`consent\` and \`query\` (distributed mode, one process
each), \`standalone\` (all of them in one process, \`npm start\`) and \`cli\` (the \`custos\` command,
\`custos migrate\` included).

- **Files instead of values.** Any variable may instead be given as \`<NAME>_FILE\`, the path of a file holding
  its value (a mounted Kubernetes Secret, a Docker secret); trailing line breaks are dropped, and setting both
  is an error. The few \`…_FILE\` variables listed below are read where they are used (they may hold PEM or
  several keys).
- **secret**: the value is a credential or key; keep it in a Secret (as \`<NAME>_FILE\`, or \`secretKeyRef\`),
  never in a ConfigMap, an image or a repository.
- **required**: the part does not start without it. Where the parts differ (standalone generates keys that
  distributed parts must share, and so require), each value is followed by the parts it holds for.
- Empty values count as unset: \`FOO=\` gives the default.
`;

export const configurationReference = (): string => configurationReferenceMarkdown(PART_SHAPES, INTRO);
