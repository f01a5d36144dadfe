#!/usr/bin/env node
// `npm run build`, but only when an input of the build changed since the last successful one, so a
// second `npm start` (or `npm run bench`) starts in seconds instead of recompiling for a minute.
// `npm test` and CI keep calling `npm run build` directly. Plain JS, no dependency: it runs before
// anything is compiled.
//
// The fingerprint is a SHA-256 over the path and *content* of every input file, not mtimes and
// sizes: about 700 files (~5 MB) hash in a few tens of milliseconds, and content survives what
// mtimes do not — a `git checkout` or `git stash` round trip that leaves the tree as it was (no
// needless rebuild) and an edit that keeps the size within the same second (no missed rebuild).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-fingerprint');
/** The one output `npm start` needs; a dist/ without it is never up to date. */
const entry = join(root, 'dist', 'apps', 'standalone', 'src', 'main.js');

/**
 * What the build reads: apps/ and libs/ (the parts and the web app), test/ (the build compiles the
 * bench, fuzz, drift and API-type writers from it; a changed spec only costs one rebuild), the
 * TypeScript and Vite configurations, and package.json / package-lock.json (the build script and the
 * compiler versions).
 */
const INPUT_DIRS = ['apps', 'libs', 'test'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'vite.web.config.ts'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git']);

function* filesUnder(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* filesUnder(path);
    } else if (e.isFile()) yield path;
  }
}

export function fingerprint() {
  const files = [
    ...INPUT_DIRS.flatMap((d) => [...filesUnder(join(root, d))]),
    ...readdirSync(root)
      .filter((f) => /^tsconfig.*\.json$/.test(f) || INPUT_FILES.includes(f))
      .map((f) => join(root, f)),
  ]
    .map((f) => relative(root, f))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f}\0`);
    hash.update(
      createHash('sha256')
        .update(readFileSync(join(root, f)))
        .digest(),
    );
  }
  return hash.digest('hex');
}

const current = fingerprint();
const stored = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (stored === current && existsSync(entry)) process.exit(0);

// Removed first, so a build that fails half-way is never taken for an up-to-date one.
rmSync(stamp, { force: true });
const build = spawnSync('npm', ['run', 'build', '--silent'], {
  cwd: root,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (build.status !== 0) process.exit(build.status ?? 1);
mkdirSync(join(root, 'dist'), { recursive: true });
// The inputs as they were when the build started: an edit made during the build rebuilds next time.
writeFileSync(stamp, `${current}\n`);
