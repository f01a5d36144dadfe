#!/usr/bin/env node
// `npm run sbom`: the CycloneDX SBOM (`npm sbom`) of what a production installation of Custos holds, on stdout.
// deploy/Dockerfile runs it too, so the image's SBOM and this one are made the same way.
//
// Why not `npm sbom --omit dev --omit optional` in the repository: npm's filter also drops every production
// package that a dev dependency uses as well (npm/cli#7909: @nestjs/core, pg, express, jose… are missing), and
// `npm sbom` refuses a tree whose package.json names packages that are not installed. So this installs the
// production tree from package-lock.json into a temporary directory (no install scripts run) and describes that
// tree with a package.json reduced to what was installed.
//
//   node bin/sbom.js                   production dependencies (the production image)
//   node bin/sbom.js --with-optional   plus the optional embedded PostgreSQL (the standalone image, `npm ci`)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const withOptional = process.argv.includes('--with-optional');

const npm = (cwd, args, stdout) => {
  const run = spawnSync('npm', args, { cwd, stdio: ['ignore', stdout, 'inherit'], encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(`sbom: npm ${args.join(' ')} failed\n`);
    process.exit(run.status ?? 1);
  }
  return run.stdout;
};

const scratch = mkdtempSync(join(tmpdir(), 'custos-sbom-'));
// The directory's name is the SBOM's component name.
const dir = join(scratch, 'custos');
try {
  mkdirSync(dir);
  copyFileSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  const omit = ['--omit=dev', ...(withOptional ? [] : ['--omit=optional'])];
  npm(dir, ['ci', ...omit, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], 'ignore');
  delete pkg.devDependencies;
  if (!withOptional) delete pkg.optionalDependencies;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  process.stdout.write(npm(dir, ['sbom', '--sbom-format', 'cyclonedx'], 'pipe'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
