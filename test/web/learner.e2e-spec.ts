// The learner's first journey in a real browser (Debian Chromium, headless) against a real
// standalone (all five parts in-process, PostgreSQL): sign in through the page, read the
// statements about them as sentences, see who looked at their records, sign out — in English and
// in Spanish, with axe-core finding no violation on any page. Needs the built pages (`npm test`
// builds first).
import { aLearner } from '@custos/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
let tenantId: string;
const USERNAME = 'ana';
const PASSWORD = 'ana-password-123';

const ana = { ...aLearner('web-ana'), name: 'Ana' };
const activity = (id: string, en: string, es: string) => ({
  objectType: 'Activity',
  id: `https://lms.example.org/${id}`,
  definition: { name: { 'en-GB': en, 'es-ES': es } },
});
const verb = (name: string, en: string, es: string) => ({
  id: `http://adlnet.gov/expapi/verbs/${name}`,
  display: { 'en-US': en, es },
});

beforeAll(async () => {
  browser = await launchChromium();
  const lms = await lrs.client({ scopes: ['all'] });
  tenantId = lms.tenantId;
  const posted = await lms.postStatements([
    {
      actor: ana,
      verb: verb('completed', 'completed', 'completó'),
      object: activity('unit-3', 'Unit 3', 'Unidad 3'),
      result: { score: { scaled: 0.8 } },
      timestamp: '2026-12-04T10:30:00Z',
    },
    {
      actor: ana,
      verb: verb('passed', 'passed', 'aprobó'),
      object: activity('quiz-1', 'Quiz 1', 'Cuestionario 1'),
      result: { score: { raw: 9 } },
      timestamp: '2026-12-05T09:00:00Z',
    },
    {
      actor: ana,
      verb: { id: 'https://example.org/verbs/bookmarked', display: { 'en-US': 'bookmarked', es: 'marcó' } },
      object: activity('reading', 'Further reading', 'Lecturas complementarias'),
      timestamp: '2026-12-06T08:00:00Z',
    },
    // Someone else's statement: never on Ana's page.
    {
      actor: aLearner(),
      verb: verb('completed', 'completed', 'completó'),
      object: activity('x', 'Secret', 'Secreto'),
    },
  ]);
  expect(posted.status).toBe(200);
  await lrs.people.create(tenantId, {
    username: USERNAME,
    password: PASSWORD,
    roles: ['learner'],
    agents: [{ mbox: ana.mbox }],
  });
  // A connected system reads the tenant's statements, so Ana's access log has someone besides her.
  expect((await lms.getStatements()).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function open(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A CSP refusal shows as a console error: the pages must not need anything the policy forbids.
  // (A refused sign-in's 401 is logged by the browser too; that one is expected.)
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
  });
  (page as Page & { errors: string[] }).errors = errors;
  return { context, page };
}

interface AccessLogBody {
  entries: { principal: { name?: string }; proof?: { path: string[]; recordHash: string } }[];
  treeHead?: { rootHash: string };
}

/** The same hex with its first digit changed. */
const flipDigit = (hex: string) => `${hex[0] === '0' ? '1' : '0'}${hex.slice(1)}`;

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

async function signIn(page: Page, labels: { username: string; password: string; submit: string }) {
  await page.getByLabel(labels.username).fill(USERNAME);
  await page.getByLabel(labels.password).fill(PASSWORD);
  // The tenant field says `default`; this test's learner lives in a fresh tenant.
  await page.locator('#tenant').fill(tenantId);
  await page.getByRole('button', { name: labels.submit }).click();
}

describe('a learner in the browser', () => {
  it('signs in, reads their records as sentences and who looked at them, and signs out (English)', async () => {
    const { context, page } = await open('en-GB');
    await page.goto(`${lrs.baseUrl}/`);
    await expect.poll(() => page.url()).toMatch(/\/sign-in$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // No institution's provider configured: the local login only.
    expect(await (await fetch(`${lrs.baseUrl}/api/v1/auth/config`)).json()).toEqual({ oidc: null });
    expect(await page.getByRole('button', { name: 'Sign in with your institution' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'en-sign-in');

    // A wrong password: a plain message, no page change.
    await page.locator('#tenant').fill(tenantId);
    await page.getByLabel('Username').fill(USERNAME);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/^The username or password is not right/);

    await signIn(page, { username: 'Username', password: 'Password', submit: 'Sign in' });
    await page.getByRole('heading', { name: 'My records' }).waitFor();
    const items = page.locator('ol.records li');
    await expect.poll(() => items.count()).toBe(3);
    const sentences = await items.allInnerTexts();
    expect(sentences).toEqual([
      'You bookmarked Further reading on 6 Dec 2026',
      'You passed Quiz 1 on 5 Dec 2026, score 9',
      'You completed Unit 3 on 4 Dec 2026, score 80%',
    ]);
    expect(await page.content()).not.toContain('Secret');

    // Narrowed to one activity, then to a day with nothing recorded yet, then back to everything.
    await page.getByLabel('Activity or course').selectOption({ label: 'Quiz 1' });
    await expect.poll(() => items.allInnerTexts()).toEqual(['You passed Quiz 1 on 5 Dec 2026, score 9']);
    await page.getByLabel('Activity or course').selectOption({ label: 'All activities' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Recorded from').fill(tomorrow);
    await page.getByText('No records match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => items.count()).toBe(3);
    await expectAccessible(page);
    await screenshot(page, 'en-records');

    // The token is kept in memory only.
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(stored).not.toMatch(/eyJ/);
    expect(await context.cookies()).toEqual([]);

    await page.getByRole('link', { name: 'Who looked at my records' }).click();
    await page.getByRole('heading', { name: 'Who looked at my records' }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const log = await rows.allInnerTexts();
    // Each row's cells: when, who, what, under which rule, outcome, in the signed log.
    const row = (who: string, what: string, why: string) =>
      log.some((r) => {
        const cells = r.split('\t').map((c) => c.trim());
        return cells[1] === who && !!cells[2]?.startsWith(what) && cells[3] === why && cells[4] === 'Allowed';
      });
    expect(row('You', 'Read your records', 'You, reading your own records'), log.join('\n')).toBe(true);
    expect(
      row('test (a connected system)', 'Read your records', 'Permission of a connected system (all)'),
    ).toBe(true);
    // The browser checked the entries against the signed tree head: the system's read (its request waited for
    // its record to be sequenced) is in it; nothing failed.
    const checkOf = (r: string) => r.split('\t').map((c) => c.trim())[5];
    const systemRow = rows.filter({ hasText: 'test (a connected system)' }).first();
    await expect.poll(async () => checkOf(await systemRow.innerText())).toBe('✓ Verified');
    expect(
      await page
        .getByText(
          /^These accesses are in the institution’s signed access log, which held \d+ records of all its users when it was signed on .+; your browser checked it\.$/,
        )
        .count(),
    ).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'en-access-log');

    // A proof altered on its way (one hex digit of its audit path): the entry is marked and an alert says so.
    await page.route('**/api/v1/me/access-log**', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as AccessLogBody;
      const proof = body.entries.find((e) => e.principal.name === 'test')?.proof;
      if (!proof) throw new Error('the connected system’s entry has no proof');
      if (proof.path.length > 0) proof.path[0] = flipDigit(proof.path[0]!);
      else proof.recordHash = flipDigit(proof.recordHash);
      await route.fulfill({ response, json: body });
    });
    await page.getByRole('link', { name: 'My records', exact: true }).click();
    await page.getByRole('heading', { name: 'My records' }).waitFor();
    await page.getByRole('link', { name: 'Who looked at my records' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(
      /^Your browser could not confirm this access log\.\s+1 entry shown here is not in the signed log/,
    );
    await expect.poll(async () => checkOf(await systemRow.innerText())).toBe('✗ Not verified');
    expect(await page.getByText(/your browser checked it/).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'en-access-log-tampered');
    await page.unroute('**/api/v1/me/access-log**');

    // A tree head whose root was changed after signing: its signature fails, and no entry passes for verified.
    await page.route('**/api/v1/me/access-log**', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as AccessLogBody;
      if (!body.treeHead) throw new Error('the access log came without a tree head');
      body.treeHead.rootHash = flipDigit(body.treeHead.rootHash);
      await route.fulfill({ response, json: body });
    });
    await page.getByRole('link', { name: 'My records', exact: true }).click();
    await page.getByRole('heading', { name: 'My records' }).waitFor();
    await page.getByRole('link', { name: 'Who looked at my records' }).click();
    await page.getByText('The signature on the log does not match the key it came with.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(1);
    const marks = (await rows.allInnerTexts()).map(checkOf);
    expect(marks).not.toContain('✓ Verified');
    expect(marks).toContain('✗ Not verified');
    await page.unroute('**/api/v1/me/access-log**');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.goto(`${lrs.baseUrl}/records`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  });

  it('does the same in Spanish, and the language can be switched', async () => {
    const { context, page } = await open('es-ES');
    await page.goto(`${lrs.baseUrl}/records`);
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await expectAccessible(page);
    await screenshot(page, 'es-sign-in');

    await signIn(page, { username: 'Usuario', password: 'Contraseña', submit: 'Entrar' });
    await page.getByRole('heading', { name: 'Mis registros' }).waitFor();
    const items = page.locator('ol.records li');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.allInnerTexts()).toEqual([
      'Lecturas complementarias: marcó el 6 dic 2026',
      'Aprobaste Cuestionario 1 el 5 dic 2026, con una puntuación de 9',
      'Completaste Unidad 3 el 4 dic 2026, con una puntuación del 80\u00a0%',
    ]);
    await expectAccessible(page);
    await screenshot(page, 'es-records');

    await page.getByRole('link', { name: 'Quién ha consultado mis registros' }).click();
    await page.getByRole('heading', { name: 'Quién ha consultado mis registros' }).waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    // The summary appears once the tree head's signature is checked; then every entry has its mark.
    await page
      .getByText(
        /^Estos accesos están en el registro de accesos firmado de la institución, que contenía \d+ entradas de todas las personas usuarias cuando se firmó el .+; tu navegador lo ha comprobado\.$/,
      )
      .waitFor();
    const log = await rows.allInnerTexts();
    const own =
      /\tTú\tLeyó tus registros · \d+ elementos?\tTú, al consultar tus propios registros\tPermitido\t✓ Verificado$/;
    expect(
      log.some((r) => own.test(r.trim())),
      log.join('\n'),
    ).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'es-access-log');

    // Switched to English, the same page reads in English, and stays so.
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Who looked at my records' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  });
});

describe('the accessibility check', () => {
  it('finds a violation when a page has one (an image without text, an unlabelled field)', async () => {
    const page = await browser.newPage();
    await page.setContent('<html lang="en"><body><main><img src="x.png"><input></main></body></html>');
    const violations = await axeViolations(page);
    expect(violations.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(violations.some((v) => v.startsWith('label'))).toBe(true);
    await page.close();
  });
});
