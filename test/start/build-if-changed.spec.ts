// bin/build-if-changed.js, run as `npm start` runs it, on a copy of the script in a scratch
// project whose `build` script only counts its runs: a second start does not rebuild, a changed
// input does, and a failed build is never taken for a current one.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../bin/build-if-changed.js', import.meta.url));

// The build appends a line to builds.log, writes the standalone's entry point, and fails when
// FAIL exists: what the script sees of a real build (exit status, dist/).
const BUILD =
  "node -e \"const fs=require('fs');fs.appendFileSync('builds.log','x\\n');" +
  "if(fs.existsSync('FAIL'))process.exit(1);fs.mkdirSync('dist/apps/standalone/src',{recursive:true});" +
  "fs.writeFileSync('dist/apps/standalone/src/main.js','')\"";

let project: string;

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'custos-build-if-changed-'));
  mkdirSync(join(project, 'bin'));
  copyFileSync(script, join(project, 'bin', 'build-if-changed.js'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'scratch', private: true, type: 'module', scripts: { build: BUILD } }),
  );
  for (const dir of ['apps/a/src', 'libs/b/src', 'test']) mkdirSync(join(project, dir), { recursive: true });
  writeFileSync(join(project, 'apps/a/src/main.ts'), 'export const a = 1;\n');
  writeFileSync(join(project, 'libs/b/src/index.ts'), 'export const b = 1;\n');
  writeFileSync(join(project, 'tsconfig.json'), '{}\n');
});

afterEach(() => rmSync(project, { recursive: true, force: true }));

const start = (): number | null =>
  spawnSync(process.execPath, [join(project, 'bin', 'build-if-changed.js')], {
    cwd: project,
    stdio: 'ignore',
  }).status;
const builds = (): number => readFileSync(join(project, 'builds.log'), 'utf8').split('\n').length - 1;

// Each start spawns node and npm; on a loaded two-core machine one can take seconds.
describe('build-if-changed', { timeout: 60_000 }, () => {
  it('builds on the first start and not on the second when nothing changed', () => {
    expect(start()).toBe(0);
    expect(start()).toBe(0);
    expect(builds()).toBe(1);
  });

  it('builds again when a source or a tsconfig changed or a file was added, not when a file was rewritten unchanged', () => {
    expect(start()).toBe(0);
    writeFileSync(join(project, 'libs/b/src/index.ts'), 'export const b = 1;\n'); // same content
    expect(start()).toBe(0);
    expect(builds()).toBe(1);
    writeFileSync(join(project, 'libs/b/src/index.ts'), 'export const b = 2;\n');
    expect(start()).toBe(0);
    writeFileSync(join(project, 'tsconfig.json'), '{ "compilerOptions": {} }\n');
    expect(start()).toBe(0);
    writeFileSync(join(project, 'apps/a/src/new.ts'), 'export {};\n');
    expect(start()).toBe(0);
    expect(builds()).toBe(4);
  });

  it('fails with the build and keeps trying until a build succeeds', () => {
    expect(start()).toBe(0);
    writeFileSync(join(project, 'apps/a/src/main.ts'), 'export const a = 2;\n');
    writeFileSync(join(project, 'FAIL'), '');
    expect(start()).not.toBe(0);
    expect(start()).not.toBe(0);
    rmSync(join(project, 'FAIL'));
    expect(start()).toBe(0);
    expect(start()).toBe(0);
    expect(builds()).toBe(4);
  });

  it('builds when dist/ lost the standalone even though the inputs are unchanged', () => {
    expect(start()).toBe(0);
    rmSync(join(project, 'dist/apps'), { recursive: true });
    expect(start()).toBe(0);
    expect(builds()).toBe(2);
  });
});
