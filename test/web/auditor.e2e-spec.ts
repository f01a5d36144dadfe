// The auditor's journey in a real browser (Debian Chromium, headless) against a real standalone (all five parts
// in-process, PostgreSQL): sign in, filter the audit log, export it as CSV (the file's content checked), see the
// patterns (a client refused again and again stands out), verify the chain and see it whole, sign a checkpoint,
// keep the public key — then someone alters a record directly in PostgreSQL and the page names it. In English and
// in Spanish, with axe-core finding no violation on any page and no Content-Security-Policy refusal. A learner
// neither sees the console's links nor downloads its code. Needs the built pages (`npm test` builds first).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { CredentialsService } from '@custos/consent';
import { aLearner, aStatement, aVerb, xapiClient } from '@custos/testing';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
let db: pg.Pool;

beforeAll(async () => {
  browser = await launchChromium();
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

const COURSE = 'https://lms.example.org/courses/a/';
const password = (username: string) => `${username}-password-123`;
/** docs/audit.md "Exporting": the CSV's header row. */
const CSV_HEADER =
  'tenant_id,seq,at,principal_id,principal_kind,action,resource,query,decision,count,reason,returned_ids,' +
  'returned_digest,basis,learner_keys,request_id,event_id,prev_hash,hash';
/** How often the scraper is refused: the pattern the charts must show. */
const SCRAPER_REFUSALS = 8;

/**
 * A tenant whose log holds an LMS writing and reading, a consumer reading Ana's records under her consent to an
 * institution policy, Ana reading her own, and a client that may only write trying to read, again and again.
 */
async function aTenant() {
  const credentials = lrs.app.get(CredentialsService);
  const tenantId = `web-audit-${randomBytes(5).toString('hex')}`;
  const client = async (name: string, scopes: string[]) => {
    const c = await credentials.create({ tenantId, name, scopes });
    return { id: c.credential.id, xapi: xapiClient(lrs.baseUrl, c.credential.key, c.secret, '2.0.0') };
  };
  const lms = await client('Moodle', ['all']);
  const ana = aLearner();
  expect(
    (
      await lms.xapi.postStatements([
        aStatement({
          actor: ana,
          verb: aVerb('completed'),
          object: { objectType: 'Activity', id: `${COURSE}1` },
        }),
        aStatement({
          actor: ana,
          verb: aVerb('attempted'),
          object: { objectType: 'Activity', id: `${COURSE}2` },
        }),
      ])
    ).status,
  ).toBe(200);
  const person = (username: string, roles: ('learner' | 'admin' | 'auditor' | 'consumer')[], extra = {}) =>
    lrs.people.create(tenantId, { username, password: password(username), roles, ...extra });
  const people = {
    auditor: await person('auditor', ['auditor'], { displayName: 'Olga Auditor' }),
    admin: await person('admin', ['admin'], { displayName: 'Adam Admin' }),
    consumer: await person('consumer', ['consumer'], { displayName: 'Carla Consumer' }),
    ana: await person('ana', ['learner'], { displayName: 'Ana', agents: [{ mbox: ana.mbox }] }),
  };
  const admin = await lrs.signIn(tenantId, 'admin', password('admin'));
  const policy = await admin.call('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'tutoring', text: 'Tutors follow the progress of their students in course A' },
    lawfulBasis: 'consent',
    scope: { activityPrefixes: [COURSE], verbs: [aVerb('completed').id] },
  });
  expect(policy.status).toBe(201);
  const policyId = (policy.body as { id: string }).id;
  const asAna = await lrs.signIn(tenantId, 'ana', password('ana'));
  expect((await asAna.call('POST', '/api/v1/me/grants', { policyId })).status).toBe(201);
  const consumer = await lrs.signIn(tenantId, 'consumer', password('consumer'));
  for (let i = 0; i < 3; i += 1) expect((await consumer.call('GET', '/xapi/statements')).status).toBe(200);
  expect((await asAna.call('GET', '/xapi/statements')).status).toBe(200);
  // The LMS reads often: the log has more than one page (50 records).
  for (let i = 0; i < 40; i += 1) expect((await lms.xapi.getStatements({ limit: '1' })).status).toBe(200);
  const scraper = await client('Quiz scraper', ['statements/write']);
  for (let i = 0; i < SCRAPER_REFUSALS; i += 1) expect((await scraper.xapi.getStatements()).status).toBe(403);
  return { tenantId, people, policyId, scraper, consumerId: people.consumer.id };
}

interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** Every script and style the browser fetched. */
  assets: string[];
}

async function open(locale: string): Promise<Opened> {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lrs.baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  const assets: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A CSP refusal shows as a console error: the pages must not need anything the policy forbids.
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => {
    if (r.url().includes('/assets/')) assets.push(new URL(r.url()).pathname);
  });
  return { context, page, errors, assets };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

const CONSOLE_CODE = /\/assets\/(AuditLogPage|AuditChartsPage|IntegrityPage)-/;

async function signIn(page: Page, tenantId: string, username: string, labels: Labels) {
  await page.getByRole('heading', { name: labels.signInTitle }).waitFor();
  await page.locator('#tenant').fill(tenantId);
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password).fill(password(username));
  await page.getByRole('button', { name: labels.signIn }).click();
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

interface Labels {
  signInTitle: string;
  username: string;
  password: string;
  signIn: string;
  notForYou: string;
  nav: { log: string; charts: string; integrity: string };
  log: {
    title: string;
    outcome: string;
    refused: string;
    principal: string;
    learner: string;
    person: string;
    apply: string;
    clear: string;
    bothRefused: string;
    more: string;
    csv: string;
    count: (n: number) => string;
  };
  charts: { title: string; mostDenied: (name: string, n: number) => RegExp; table: string };
  integrity: {
    title: string;
    /** The page says the log is a Merkle tree too, with signed tree heads, not a hash chain only. */
    tree: RegExp;
    signedTreeHead: RegExp;
    ok: RegExp;
    again: string;
    sign: string;
    signed: RegExp;
    copy: string;
    copied: string;
    downloadKey: string;
    broken: (seq: number) => string;
    unchecked: string;
    downloadCheckpoint: string;
    kept: string;
    check: string;
    consistent: RegExp;
    notConsistent: string;
    keptNotSigned: string;
  };
}

const EN: Labels = {
  signInTitle: 'Sign in',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  notForYou: 'Not available to you',
  nav: { log: 'Audit log', charts: 'Patterns', integrity: 'Chain integrity' },
  log: {
    title: 'Audit log',
    outcome: 'Outcome',
    refused: 'Refused',
    principal: 'Who acted (credential or person id)',
    learner: 'About a learner',
    person: 'About a person (id)',
    apply: 'Apply filters',
    clear: 'Clear filters',
    bothRefused: 'Filter by a learner or by a person, not both.',
    more: 'Show older records',
    csv: 'Download CSV',
    count: (n) => `${n} records shown`,
  },
  charts: {
    title: 'Patterns in the log',
    mostDenied: (name, n) => new RegExp(`^Most refusals: ${name}, with ${n}\\.$`),
    table: 'The figures as a table',
  },
  integrity: {
    title: 'Chain integrity',
    tree: /The records are also the leaves of a Merkle tree/,
    signedTreeHead: /a signed tree head\./,
    ok: /^The log is whole: \d+ records verified, from number 1 to number [\d,]+\.$/,
    again: 'Verify again',
    sign: 'Sign a checkpoint now',
    signed: /^Checkpoint signed for record number ([\d,]+)\.$/,
    copy: 'Copy key',
    copied: 'The key is copied.',
    downloadKey: 'Download key (.pem)',
    broken: (seq) => `The log has been altered. The first broken record is number ${seq}.`,
    unchecked: '1 checkpoint after the break was not compared.',
    downloadCheckpoint: 'Download checkpoint (JSON)',
    kept: 'A checkpoint you kept (JSON)',
    check: 'Check',
    consistent:
      /^Consistent: the log still holds, unchanged, the [\d,]+ records of the head you kept \(signed .+\), and now has [\d,]+ \(signed .+\)\.$/,
    notConsistent: 'Not consistent.',
    keptNotSigned: 'The checkpoint you kept is not signed by the log’s public key.',
  },
};

const ES: Labels = {
  signInTitle: 'Iniciar sesión',
  username: 'Usuario',
  password: 'Contraseña',
  signIn: 'Entrar',
  notForYou: 'Página no disponible para ti',
  nav: { log: 'Registro de auditoría', charts: 'Tendencias', integrity: 'Integridad de la cadena' },
  log: {
    title: 'Registro de auditoría',
    outcome: 'Resultado',
    refused: 'Denegado',
    principal: 'Quién actuó (id de credencial o de persona)',
    learner: 'Sobre un alumno o alumna',
    person: 'Sobre una persona (id)',
    apply: 'Aplicar filtros',
    clear: 'Quitar filtros',
    bothRefused: 'Filtra por un alumno o por una persona, pero no por ambos a la vez.',
    more: 'Ver registros anteriores',
    csv: 'Descargar CSV',
    count: (n) => `Se muestran ${n} registros`,
  },
  charts: {
    title: 'Tendencias del registro',
    mostDenied: (name, n) => new RegExp(`^Más denegaciones: ${name}, con ${n}\\.$`),
    table: 'Las cifras en una tabla',
  },
  integrity: {
    title: 'Integridad de la cadena',
    tree: /Los registros son además las hojas de un árbol de Merkle/,
    signedTreeHead: /una cabecera de árbol firmada\./,
    ok: /^El registro está íntegro: se han verificado \d+ registros, del número 1 al [\d.\s]+\.$/,
    again: 'Volver a verificar',
    sign: 'Firmar un punto de control ahora',
    signed: /^Se ha firmado un punto de control del registro número ([\d.\s]+)\.$/,
    copy: 'Copiar la clave',
    copied: 'Se ha copiado la clave.',
    downloadKey: 'Descargar la clave (.pem)',
    broken: (seq) => `El registro ha sido alterado. El primer registro roto es el número ${seq}.`,
    unchecked: 'No se ha comparado 1 punto de control posterior a la rotura.',
    downloadCheckpoint: 'Descargar el punto de control (JSON)',
    kept: 'Un punto de control que guardaste (JSON)',
    check: 'Comprobar',
    consistent:
      /^Coherente: el registro sigue conteniendo, sin cambios, los [\d.\s]+ registros de la cabecera que guardaste \(firmada el .+\), y ahora tiene [\d.\s]+ \(firmada el .+\)\.$/,
    notConsistent: 'No es coherente.',
    keptNotSigned: 'El punto de control que guardaste no está firmado con la clave pública del registro.',
  },
};

async function auditorJourney(locale: string, lang: 'en' | 'es', labels: Labels) {
  const t = await aTenant();
  const { context, page, errors, assets } = await open(locale);

  // The console's address sends a stranger to sign in, without loading any of the console's code.
  await page.goto(`${lrs.baseUrl}/audit`);
  await page.getByRole('heading', { name: labels.signInTitle }).waitFor();
  expect(assets.filter((a) => CONSOLE_CODE.test(a))).toEqual([]);
  await signIn(page, t.tenantId, 'auditor', labels);

  // The log, newest first, with the console's links in the header.
  await page.getByRole('heading', { name: labels.log.title, level: 1 }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe(lang);
  const nav = page.getByRole('navigation');
  for (const name of Object.values(labels.nav)) await nav.getByRole('link', { name }).waitFor();
  const rows = page.locator('table.audit-records tbody tr');
  await expect.poll(() => rows.count()).toBe(50);
  await expectAccessible(page);
  // The next page follows on from the first, through the API's cursor: no record twice, none skipped.
  await page.getByRole('button', { name: labels.log.more }).click();
  await expect.poll(() => rows.count()).toBeGreaterThan(50);
  const seqs = (await page.locator('table.audit-records tbody tr td:first-child').allInnerTexts()).map((s) =>
    Number(s.replace(/\D/g, '')),
  );
  expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(seqs[0]! - seqs.at(-1)! + 1).toBe(seqs.length);

  // Filtered to the scraper's refusals: exactly those, each named with its reason.
  await page.getByLabel(labels.log.outcome).selectOption('deny');
  await page.getByLabel(labels.log.principal).fill(t.scraper.id);
  await page.getByRole('button', { name: labels.log.apply }).click();
  await page.getByText(labels.log.count(SCRAPER_REFUSALS)).waitFor();
  const refused = await rows.allInnerTexts();
  expect(refused).toHaveLength(SCRAPER_REFUSALS);
  for (const row of refused) {
    expect(row).toContain(t.scraper.id);
    expect(row).toContain('statements.read');
    expect(row).toContain(labels.log.refused);
  }
  expect(page.url()).toContain(`principal=${t.scraper.id}`);
  await expectAccessible(page);
  await screenshot(page, `${lang}-audit-log`);

  // The export holds what the filters select, as the API writes it.
  const csv = await download(page, () => page.getByRole('button', { name: labels.log.csv }).click());
  expect(csv.name).toMatch(/^custos-audit-\d+\.csv$/);
  const lines = csv.text.split('\r\n').filter((l) => l !== '');
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines).toHaveLength(SCRAPER_REFUSALS + 1);
  for (const line of lines.slice(1)) {
    expect(line.startsWith(`${t.tenantId},`)).toBe(true);
    expect(line).toContain(`,${t.scraper.id},credential,statements.read,`);
    expect(line).toContain(',deny,0,');
  }

  // A learner and a person at once: the page says why before asking the API.
  await page.getByLabel(labels.log.learner).fill('ana@example.org');
  await page.getByLabel(labels.log.person).fill(t.people.ana.id);
  await page.getByRole('button', { name: labels.log.apply }).click();
  expect(await page.getByRole('alert').innerText()).toBe(labels.log.bothRefused);
  await page.getByRole('button', { name: labels.log.clear }).click();
  await expect.poll(() => rows.count()).toBeGreaterThan(SCRAPER_REFUSALS);

  // The patterns: the scraper stands out by name, and the figures are there as tables too.
  await nav.getByRole('link', { name: labels.nav.charts }).click();
  await page.getByRole('heading', { name: labels.charts.title, level: 1 }).waitFor();
  await page.getByText(labels.charts.mostDenied('Quiz scraper', SCRAPER_REFUSALS)).waitFor();
  await expect.poll(() => page.locator('.chart svg .recharts-bar-rectangle').count()).toBeGreaterThan(3);
  expect(await page.locator('.chart[role="img"]').count()).toBe(3);
  for (const summary of await page.getByText(labels.charts.table).all()) await summary.click();
  // Reads per policy: the consumer's three reads under Ana's consent.
  const policyRow = page.getByRole('row').filter({ hasText: t.policyId });
  expect((await policyRow.innerText()).split('\t').map((c) => c.trim())).toEqual([t.policyId, '3', '3']);
  await expectAccessible(page);
  await screenshot(page, `${lang}-audit-patterns`);

  // The chain is whole; a checkpoint is signed on request; the public key is there to keep.
  await nav.getByRole('link', { name: labels.nav.integrity }).click();
  await page.getByRole('heading', { name: labels.integrity.title, level: 1 }).waitFor();
  await page.getByText(labels.integrity.tree).waitFor();
  await page.getByText(labels.integrity.signedTreeHead).waitFor();
  await page.getByText(labels.integrity.ok).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: labels.integrity.sign }).click();
  const signed = page.getByText(labels.integrity.signed);
  await signed.waitFor();
  const signedSeq = labels.integrity.signed.exec(await signed.innerText())![1]!.replace(/\D/g, '');
  const { rows: checkpoints } = await db.query(
    `SELECT seq::text AS seq FROM storage.audit_checkpoint WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`,
    [t.tenantId],
  );
  expect(checkpoints[0]?.seq).toBe(signedSeq);
  const pem = await page.locator('textarea#public-key').inputValue();
  expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
  await page.getByRole('button', { name: labels.integrity.copy }).click();
  await page.getByText(labels.integrity.copied).waitFor();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(pem);
  const key = await download(page, () =>
    page.getByRole('button', { name: labels.integrity.downloadKey }).click(),
  );
  expect(key.name).toMatch(/^custos-audit-key-[0-9a-f]+\.pem$/);
  expect(key.text).toBe(pem);

  // The checkpoint kept outside Custos; after more records (a verification is recorded), the browser checks
  // that the newest signed tree head extends it — and refuses a kept head whose root was changed.
  const kept = await download(page, () =>
    page.getByRole('button', { name: labels.integrity.downloadCheckpoint }).click(),
  );
  expect(JSON.parse(kept.text)).toMatchObject({ treeSize: expect.stringMatching(/^\d+$/) });
  await page.getByRole('button', { name: labels.integrity.again }).click();
  await page.getByText(labels.integrity.ok).waitFor({ timeout: 30_000 });
  await page.getByLabel(labels.integrity.kept).fill(kept.text);
  await page.getByRole('button', { name: labels.integrity.check, exact: true }).click();
  await page.getByText(labels.integrity.consistent).waitFor();
  await expectAccessible(page);
  await screenshot(page, `${lang}-audit-integrity`);
  const head = JSON.parse(kept.text) as { rootHash: string };
  const forged = { ...head, rootHash: `${head.rootHash[0] === '0' ? '1' : '0'}${head.rootHash.slice(1)}` };
  await page.getByLabel(labels.integrity.kept).fill(JSON.stringify(forged));
  await page.getByRole('button', { name: labels.integrity.check, exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: labels.integrity.notConsistent });
  await refusal.waitFor();
  expect(await refusal.innerText()).toContain(labels.integrity.keptNotSigned);
  expect(await page.getByText(labels.integrity.consistent).count()).toBe(0);
  await expectAccessible(page);

  // Someone with access to the database makes a consumer's read look smaller than it was.
  const { rows: reads } = await db.query(
    `SELECT seq::text AS seq FROM storage.audit_record
      WHERE tenant_id = $1 AND principal_id = $2 AND action = 'statements.read' ORDER BY seq LIMIT 1`,
    [t.tenantId, t.consumerId],
  );
  const tampered = Number(reads[0]!.seq);
  await db.query(`UPDATE storage.audit_record SET count = 0 WHERE tenant_id = $1 AND seq = $2`, [
    t.tenantId,
    tampered,
  ]);
  await page.getByRole('button', { name: labels.integrity.again }).click();
  await page.getByText(labels.integrity.broken(tampered)).waitFor({ timeout: 30_000 });
  // The checkpoint signed above comes after the altered record: nothing to say about it either way.
  await page.getByText(labels.integrity.unchecked).waitFor();
  await expectAccessible(page);
  await screenshot(page, `${lang}-audit-integrity-broken`);

  expect(errors).toEqual([]);
  await context.close();
  return t;
}

describe('an auditor in the browser', () => {
  it('filters the log, exports it, sees the patterns, verifies the chain and sees a tampered record named (English)', async () => {
    const t = await auditorJourney('en-GB', 'en', EN);

    // A learner of the same tenant: no console links, and the console's address tells them it is not theirs.
    const { context, page, errors, assets } = await open('en-GB');
    await page.goto(`${lrs.baseUrl}/audit`);
    await signIn(page, t.tenantId, 'ana', EN);
    await page.getByRole('heading', { name: EN.notForYou }).waitFor();
    expect(await page.getByRole('link', { name: EN.nav.log }).count()).toBe(0);
    expect(await page.getByRole('link', { name: EN.nav.integrity }).count()).toBe(0);
    expect(assets.filter((a) => CONSOLE_CODE.test(a))).toEqual([]);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('does the same in Spanish', async () => {
    await auditorJourney('es-ES', 'es', ES);
  });
});
