// The learner's consent journey in a real browser (Debian Chromium, headless) against a real
// standalone: the learner reads their records as sentences with the activity timeline, sees who can
// see their data and why, gives consent to a policy an admin set up through the API (narrower than
// asked, in English), and a connected system then reads their records; the learner sees that read in
// their access log, withdraws consent, and the system's next read no longer includes them. Then an
// objection and its withdrawal, each receipt downloaded, and all their data downloaded — in English
// and in Spanish, with axe-core finding no violation on any page or dialog, and no Content-Security-
// Policy refusal in the console. Needs the built pages (`npm test` builds first).
import { readFile } from 'node:fs/promises';

import { CredentialsService } from '@custos/consent';
import { aLearner, xapiClient, type XapiClient } from '@custos/testing';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
let tenantId: string;
let consumer: XapiClient;
const policyIds: Record<'consent' | 'interest' | 'legal', string> = { consent: '', interest: '', legal: '' };
const USERNAME = 'lucia';
const PASSWORD = 'lucia-password-123';
const LMS = 'https://lms.example.org/';

const lucia = { ...aLearner('web-lucia'), name: 'Lucía' };
const verb = (name: string, en: string, es: string) => ({
  id: `http://adlnet.gov/expapi/verbs/${name}`,
  display: { 'en-US': en, es },
});
const activity = (id: string, en: string, es: string) => ({
  objectType: 'Activity',
  id: `${LMS}${id}`,
  definition: { name: { 'en-GB': en, 'es-ES': es } },
});
let statementIds: { unit: string; quiz: string };

interface Statement {
  id: string;
  actor: { mbox?: string };
  result?: { score?: unknown };
}

/** The statements about Lucía the connected system gets when it reads now. */
async function consumerSeesOfLucia(): Promise<Statement[]> {
  const res = await consumer.getStatements({ limit: '100' });
  expect(res.status).toBe(200);
  return (res.body as unknown as { statements: Statement[] }).statements.filter(
    (s) => s.actor.mbox === lucia.mbox,
  );
}

beforeAll(async () => {
  browser = await launchChromium();
  const lms = await lrs.client({ scopes: ['all'] });
  tenantId = lms.tenantId;
  const posted = await lms.postStatements([
    {
      actor: lucia,
      verb: verb('completed', 'completed', 'completó'),
      object: activity('unit-3', 'Unit 3', 'Unidad 3'),
      result: { score: { scaled: 0.8 } },
      timestamp: '2026-11-20T10:30:00Z',
    },
    {
      actor: lucia,
      verb: verb('passed', 'passed', 'aprobó'),
      object: activity('quiz-1', 'Quiz 1', 'Cuestionario 1'),
      result: { score: { raw: 9 } },
      timestamp: '2026-12-05T09:00:00Z',
    },
    {
      actor: lucia,
      verb: verb('experienced', 'viewed', 'vio'),
      object: activity('reading', 'Further reading', 'Lecturas complementarias'),
      timestamp: '2026-12-06T08:00:00Z',
    },
  ]);
  expect(posted.status).toBe(200);
  const [unit, quiz] = posted.body as [string, string];
  statementIds = { unit, quiz };
  await lrs.people.create(tenantId, {
    username: USERNAME,
    password: PASSWORD,
    roles: ['learner'],
    agents: [{ mbox: lucia.mbox }],
  });
  await lrs.people.create(tenantId, { username: 'admin', password: 'admin-password-123', roles: ['admin'] });

  // The connected system: it reads only what it wrote itself, plus what a policy lets it read.
  const made = await lrs.app
    .get(CredentialsService)
    .create({ tenantId, name: 'Tutoring dashboard', scopes: ['statements/read/mine'] });
  consumer = xapiClient(lrs.baseUrl, made.credential.key, made.secret);

  // The admin's policies, through the API: consent (to the dashboard, scores hidden), legitimate
  // interest (objectable) and legal obligation (not).
  const admin = await lrs.signIn(tenantId, 'admin', 'admin-password-123');
  const policy = async (body: object) => {
    const res = await admin.call('POST', '/api/v1/policies', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (res.body as { id: string }).id;
  };
  policyIds.consent = await policy({
    grantee: { kind: 'credential', id: made.credential.id },
    purpose: { code: 'tutoring', text: 'Your tutor’s dashboard shows your progress so they can help you' },
    lawfulBasis: 'consent',
    scope: {
      activityPrefixes: [LMS],
      verbs: ['http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed'],
    },
    redactFields: ['result.score'],
  });
  policyIds.interest = await policy({
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'quality', text: 'Course quality review of how the course materials are used' },
    lawfulBasis: 'legitimate-interest',
  });
  policyIds.legal = await policy({
    grantee: { kind: 'role', id: 'auditor' },
    purpose: { code: 'exams', text: 'Keeping the assessment records the law requires' },
    lawfulBasis: 'legal-obligation',
    scope: { verbs: ['http://adlnet.gov/expapi/verbs/passed'] },
  });
  // Before any consent, the dashboard reads nothing about Lucía.
  expect(await consumerSeesOfLucia()).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

type Watched = Page & { errors: string[] };

async function open(locale: string): Promise<{ context: BrowserContext; page: Watched }> {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 800 } });
  // Every Content-Security-Policy refusal as the page sees it (the init script runs through the
  // DevTools protocol, which the policy does not govern).
  await context.addInitScript(
    'globalThis.cspViolations = []; document.addEventListener("securitypolicyviolation", (e) => ' +
      'globalThis.cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sample));',
  );
  const page = (await context.newPage()) as Watched;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // A Content-Security-Policy refusal (an inline style attribute, a script) is a console error.
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  return { context, page };
}

/** axe-core finds nothing, and the page has broken no rule of the Content-Security-Policy so far. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate('globalThis.cspViolations')).toEqual([]);
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all<[Promise<Download>, Promise<void>]>([
    page.waitForEvent('download'),
    click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** Every visible string the journey looks for, per language. */
interface Words {
  locale: string;
  prefix: 'en' | 'es';
  username: string;
  password: string;
  submit: string;
  records: string;
  sentences: string[];
  activityChart: string;
  whoCanSee: string;
  policies: string;
  dashboard: string;
  noConsent: string;
  legalCannot: string;
  scoreHidden: string;
  give: string;
  giveTitle: string;
  giveConsequence: RegExp;
  kindsLegend: string;
  passedBox: string;
  giveConfirm: string;
  cancel: string;
  receiptHeading: string;
  granted: string;
  downloadReceipt: RegExp;
  nowGranted: string;
  accessLog: string;
  accessChart: string;
  dashboardRow: RegExp;
  giveLess: string;
  giveLessTitle: string;
  giveLessConfirm: string;
  withdrawConsent: string;
  withdrawTitle: string;
  withdrawConfirm: string;
  revoked: string;
  qualityRole: string;
  object: string;
  objectConfirm: string;
  objected: string;
  withdrawObjection: string;
  withdrawObjectionConfirm: string;
  objectionWithdrawn: string;
  myData: string;
  download: string;
  held: string;
  signOut: string;
}

const ENGLISH: Words = {
  locale: 'en-GB',
  prefix: 'en',
  username: 'Username',
  password: 'Password',
  submit: 'Sign in',
  records: 'My records',
  sentences: [
    'You viewed Further reading on 6 Dec 2026',
    'You passed Quiz 1 on 5 Dec 2026, score 9',
    'You completed Unit 3 on 20 Nov 2026, score 80%',
  ],
  activityChart: 'Your activity over time',
  whoCanSee: 'Who can see my data',
  policies: 'Institution policies',
  dashboard: 'Tutoring dashboard (a connected system)',
  noConsent: 'Cannot read your records. Only with your consent, and you have not given it.',
  legalCannot: 'A legal obligation — you cannot object',
  scoreHidden: 'Hidden from them: your score.',
  give: 'Give consent',
  giveTitle: 'Give your consent?',
  giveConsequence:
    /^If you agree, Tutoring dashboard \(a connected system\) can read the records described below/,
  kindsLegend: 'Kinds of activity',
  passedBox: 'passed',
  giveConfirm: 'Yes, give my consent',
  cancel: 'Cancel',
  receiptHeading: 'Your consent receipt',
  granted: 'You gave your consent.',
  downloadReceipt: /^Download receipt [0-9a-f]{8} \(JSON\)$/,
  nowGranted: 'Can read your records. You gave your consent.',
  accessLog: 'Who looked at my records',
  accessChart: 'Accesses per month',
  dashboardRow:
    /\tTutoring dashboard \(a connected system\)\tRead your records.*\tInstitution policy, version 1\tAllowed\t✓ Verified$/,
  giveLess: 'Give less',
  giveLessTitle: 'Give less than before?',
  giveLessConfirm: 'Yes, change my consent',
  withdrawConsent: 'Withdraw consent',
  withdrawTitle: 'Withdraw your consent?',
  withdrawConfirm: 'Yes, withdraw my consent',
  revoked: 'You withdrew your consent.',
  qualityRole: 'Everyone with the role “data user”',
  object: 'Object',
  objectConfirm: 'Yes, I object',
  objected: 'You objected.',
  withdrawObjection: 'Withdraw my objection',
  withdrawObjectionConfirm: 'Yes, withdraw my objection',
  objectionWithdrawn: 'You withdrew your objection.',
  myData: 'My data',
  download: 'Download my data',
  held: '3 learning records',
  signOut: 'Sign out',
};

const SPANISH: Words = {
  locale: 'es-ES',
  prefix: 'es',
  username: 'Usuario',
  password: 'Contraseña',
  submit: 'Entrar',
  records: 'Mis registros',
  sentences: [
    'Viste Lecturas complementarias el 6 dic 2026',
    'Aprobaste Cuestionario 1 el 5 dic 2026, con una puntuación de 9',
    'Completaste Unidad 3 el 20 nov 2026, con una puntuación del 80\u00a0%',
  ],
  activityChart: 'Tu actividad a lo largo del tiempo',
  whoCanSee: 'Quién puede ver mis datos',
  policies: 'Políticas del centro',
  dashboard: 'Tutoring dashboard (un sistema conectado)',
  noConsent: 'No puede leer tus registros. Solo con tu consentimiento, y no lo has dado.',
  legalCannot: 'Una obligación legal: no puedes oponerte',
  scoreHidden: 'No pueden ver: tu puntuación.',
  give: 'Dar mi consentimiento',
  giveTitle: '¿Das tu consentimiento?',
  giveConsequence:
    /^Si aceptas, Tutoring dashboard \(un sistema conectado\) podrá leer los registros que se indican abajo/,
  kindsLegend: 'Tipos de actividad',
  passedBox: 'passed',
  giveConfirm: 'Sí, doy mi consentimiento',
  cancel: 'Cancelar',
  receiptHeading: 'Tu justificante de consentimiento',
  granted: 'Has dado tu consentimiento.',
  downloadReceipt: /^Descargar el justificante [0-9a-f]{8} \(JSON\)$/,
  nowGranted: 'Puede leer tus registros. Has dado tu consentimiento.',
  accessLog: 'Quién ha consultado mis registros',
  accessChart: 'Accesos por mes',
  dashboardRow:
    /\tTutoring dashboard \(un sistema conectado\)\tLeyó tus registros.*\tPolítica del centro, versión 1\tPermitido\t✓ Verificado$/,
  giveLess: 'Dar menos',
  giveLessTitle: '¿Quieres dar menos que antes?',
  giveLessConfirm: 'Sí, cambiar mi consentimiento',
  withdrawConsent: 'Retirar mi consentimiento',
  withdrawTitle: '¿Retiras tu consentimiento?',
  withdrawConfirm: 'Sí, retiro mi consentimiento',
  revoked: 'Has retirado tu consentimiento.',
  qualityRole: 'Todas las personas con la función «uso de datos»',
  object: 'Oponerme',
  objectConfirm: 'Sí, me opongo',
  objected: 'Te has opuesto.',
  withdrawObjection: 'Retirar mi oposición',
  withdrawObjectionConfirm: 'Sí, retiro mi oposición',
  objectionWithdrawn: 'Has retirado tu oposición.',
  myData: 'Mis datos',
  download: 'Descargar mis datos',
  held: '3 registros de aprendizaje',
  signOut: 'Cerrar sesión',
};

/** The card of an institution policy on "Who can see my data", by the heading naming its grantee. */
const card = (page: Page, w: Words, who: string) =>
  page
    .getByRole('region', { name: w.policies })
    .locator('article.access')
    .filter({ has: page.getByRole('heading', { name: who, exact: true }) });

/** Confirms the open dialog and returns the receipt it produced, as downloaded. */
async function confirmAndKeepReceipt(page: Page, w: Words, confirm: string, status: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: confirm }).click();
  await dialog.waitFor({ state: 'detached' });
  // Focus goes to the receipts, newest first.
  await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe(w.receiptHeading);
  const newest = page.locator('article.receipt').first();
  expect(await newest.locator('.receipt-status').innerText()).toBe(status);
  const file = await downloaded(page, () => newest.getByRole('button', { name: w.downloadReceipt }).click());
  expect(file.name).toMatch(/^consent-receipt-[0-9a-f-]{36}\.json$/);
  return JSON.parse(file.text) as { status: string; policy: { id: string }; scope: { verbs?: string[] } };
}

async function signIn(page: Page, w: Words): Promise<void> {
  await page.goto(`${lrs.baseUrl}/records`);
  await page.getByLabel(w.username).fill(USERNAME);
  await page.getByLabel(w.password).fill(PASSWORD);
  await page.locator('#tenant').fill(tenantId);
  await page.getByRole('button', { name: w.submit }).click();
}

async function journey(w: Words, narrow: boolean): Promise<void> {
  const { context, page } = await open(w.locale);
  await signIn(page, w);

  // My records: sentences, and the timeline with its numbers as a table for screen readers.
  await page.getByRole('heading', { name: w.records }).waitFor();
  const items = page.locator('ol.records li');
  await expect.poll(() => items.allInnerTexts()).toEqual(w.sentences);
  const timeline = page.locator('figure.chart');
  await timeline.locator('svg.recharts-surface').waitFor();
  expect(await timeline.locator('figcaption').innerText()).toContain(w.activityChart);
  // 20 Nov to 6 Dec: per day, the empty days kept; three records in all.
  const counts = (await timeline.locator('table tbody td').allInnerTexts()).map(Number);
  expect(counts.length).toBe(17);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  await expectAccessible(page);
  await screenshot(page, `${w.prefix}-records-timeline`);

  // Who can see my data: the consent policy not granted, the legal obligation not objectable.
  await page.getByRole('link', { name: w.whoCanSee }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  const consentCard = card(page, w, w.dashboard);
  await consentCard.waitFor();
  expect(await consentCard.innerText()).toContain(w.noConsent);
  expect(await consentCard.innerText()).toContain(w.scoreHidden);
  const legal = page.locator('article.access').filter({ hasText: w.legalCannot });
  expect(await legal.getByRole('button').count()).toBe(0);
  await expectAccessible(page);
  await screenshot(page, `${w.prefix}-who-can-see`);

  // Give consent: a labelled modal says what will happen; Tab stays in it; Escape changes nothing.
  await consentCard.getByRole('button', { name: w.give }).click();
  const dialog = page.getByRole('dialog', { name: w.giveTitle });
  await dialog.waitFor();
  expect(await dialog.getAttribute('aria-describedby')).toBeTruthy();
  expect(await dialog.locator('.consequence p').first().innerText()).toMatch(w.giveConsequence);
  const inDialog = () => page.evaluate<boolean>('!!document.activeElement?.closest("dialog[open]")');
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await inDialog()).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await inDialog()).toBe(true);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await page.evaluate('document.activeElement?.textContent')).toBe(w.give);
  expect(await consumerSeesOfLucia()).toEqual([]);

  await consentCard.getByRole('button', { name: w.give }).click();
  await dialog.waitFor();
  if (narrow) {
    // An end date already past is refused in the dialog, in words; nothing is sent.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Until (optional)').fill(yesterday);
    await dialog.getByRole('button', { name: w.giveConfirm }).click();
    expect(await dialog.getByRole('alert').innerText()).toBe('The end date must be after today.');
    await dialog.getByLabel('Until (optional)').fill('');
    // Less than asked: only completions, not passes.
    await dialog.getByRole('group', { name: w.kindsLegend }).getByLabel(w.passedBox).uncheck();
  }
  await expectAccessible(page);
  await screenshot(page, `${w.prefix}-give-consent-dialog`);
  const granted = await confirmAndKeepReceipt(page, w, w.giveConfirm, w.granted);
  expect(granted.status).toBe('granted');
  expect(granted.policy.id).toBe(policyIds.consent);
  if (narrow) expect(granted.scope.verbs).toEqual(['http://adlnet.gov/expapi/verbs/completed']);
  await expect.poll(() => consentCard.innerText()).toContain(w.nowGranted);
  await expectAccessible(page);
  await screenshot(page, `${w.prefix}-consent-receipt`);

  // The dashboard now reads Lucía's records in scope (scores hidden), and the learner sees the read.
  const seen = await consumerSeesOfLucia();
  expect(seen.map((s) => s.id).sort()).toEqual(
    (narrow ? [statementIds.unit] : [statementIds.unit, statementIds.quiz]).sort(),
  );
  expect(seen.every((s) => s.result?.score === undefined)).toBe(true);

  await page.getByRole('link', { name: w.accessLog }).click();
  await page.getByRole('heading', { name: w.accessLog, level: 1 }).waitFor();
  const rows = page.locator('tbody tr');
  await expect
    .poll(async () => (await rows.allInnerTexts()).some((r) => w.dashboardRow.test(r.trim())))
    .toBe(true);
  const perMonth = page.locator('figure.chart');
  await perMonth.locator('svg.recharts-surface').waitFor();
  expect(await perMonth.locator('figcaption').innerText()).toContain(w.accessChart);
  expect(Number((await perMonth.locator('table tbody td').allInnerTexts()).at(-1))).toBeGreaterThan(0);
  await expectAccessible(page);
  await screenshot(page, `${w.prefix}-access-log-chart`);

  await page.getByRole('link', { name: w.whoCanSee }).click();
  if (!narrow) {
    // Give less afterwards: the grant is replaced by a narrower one (a receipt for each step).
    await card(page, w, w.dashboard).getByRole('button', { name: w.giveLess }).click();
    const less = page.getByRole('dialog', { name: w.giveLessTitle });
    await less.waitFor();
    await less.getByRole('group', { name: w.kindsLegend }).getByLabel(w.passedBox).uncheck();
    await expectAccessible(page);
    const narrower = await confirmAndKeepReceipt(page, w, w.giveLessConfirm, w.granted);
    expect(narrower.scope.verbs).toEqual(['http://adlnet.gov/expapi/verbs/completed']);
    expect(await page.locator('article.receipt .receipt-status').allInnerTexts()).toEqual([
      w.granted,
      w.revoked,
    ]);
    expect((await consumerSeesOfLucia()).map((s) => s.id)).toEqual([statementIds.unit]);
  }

  // Withdraw consent: the next read leaves Lucía out.
  await card(page, w, w.dashboard).getByRole('button', { name: w.withdrawConsent }).click();
  await page.getByRole('dialog', { name: w.withdrawTitle }).waitFor();
  // Nothing to fill in: the dialog starts on Cancel, so a stray Enter changes nothing.
  expect(await page.evaluate('document.activeElement?.textContent')).toBe(w.cancel);
  await expectAccessible(page);
  expect((await confirmAndKeepReceipt(page, w, w.withdrawConfirm, w.revoked)).status).toBe('revoked');
  expect(await consumerSeesOfLucia()).toEqual([]);
  await expect.poll(() => card(page, w, w.dashboard).innerText()).toContain(w.noConsent);

  // Object to the legitimate-interest policy, then withdraw the objection.
  const quality = card(page, w, w.qualityRole);
  await quality.getByRole('button', { name: w.object, exact: true }).click();
  await page.getByRole('dialog').waitFor();
  expect((await confirmAndKeepReceipt(page, w, w.objectConfirm, w.objected)).policy.id).toBe(
    policyIds.interest,
  );
  await quality.getByRole('button', { name: w.withdrawObjection }).click();
  await page.getByRole('dialog').waitFor();
  await expectAccessible(page);
  const withdrawn = await confirmAndKeepReceipt(page, w, w.withdrawObjectionConfirm, w.objectionWithdrawn);
  expect(withdrawn.status).toBe('objection-withdrawn');
  await quality.getByRole('button', { name: w.object, exact: true }).waitFor();

  // Download all my data: one NDJSON file, complete (its last line is `end`).
  await page.getByRole('link', { name: w.myData, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expectAccessible(page);
  const file = await downloaded(page, () => page.getByRole('button', { name: w.download }).click());
  expect(file.name).toMatch(/^custos-my-data-\d{4}-\d{2}-\d{2}\.ndjson$/);
  const lines = file.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; statement?: { id: string } });
  expect(lines.filter((l) => l.type === 'statement').map((l) => l.statement?.id)).toEqual(
    expect.arrayContaining([statementIds.unit, statementIds.quiz]),
  );
  expect(lines.at(-1)).toMatchObject({ type: 'end', statements: 3 });
  await page.getByText(w.held).waitFor();
  await expectAccessible(page);
  await screenshot(page, `${w.prefix}-my-data`);

  await page.getByRole('button', { name: w.signOut }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(page.errors).toEqual([]);
  await context.close();
}

describe('a learner managing who can see their records, in the browser', () => {
  it('gives less consent than asked, sees the read, withdraws it, objects and downloads (English)', async () => {
    await journey(ENGLISH, true);
  });

  it('does the same in Spanish, giving consent in full and then less', async () => {
    await journey(SPANISH, false);
  });

  it('shows an access without a count as such, and why (a read that also covered another learner)', async () => {
    // A reporting system reads the whole tenant: Lucía's records and another learner's. Lucía's log shows that
    // read without its count — its total would tell her how much is recorded about the other learner.
    const reporting = await lrs.client({ scopes: ['all'], tenantId });
    const other = {
      actor: aLearner(),
      verb: verb('completed', 'completed', 'completó'),
      object: activity('x', 'X', 'X'),
    };
    expect((await reporting.postStatements([other])).status).toBe(200);
    expect((await reporting.getStatements()).status).toBe(200);
    const { context, page } = await open('en-GB');
    await signIn(page, ENGLISH);
    await page.getByRole('link', { name: ENGLISH.accessLog }).click();
    const row = page.locator('tbody tr').filter({ hasText: 'test (' }).first();
    await row.waitFor();
    const cells = (await row.innerText()).split('\t').map((c) => c.trim());
    expect(cells[2]).toBe('Read your records\nNumber of items not shown (see below the table)');
    await page
      .getByText('No number of items: that read also covered other learners, and its total would tell you')
      .waitFor();
    // Lucía's own reads keep their count.
    const own = /\tYou\tRead your records · 3 items\t/;
    expect((await page.locator('tbody tr').allInnerTexts()).some((r) => own.test(r))).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'en-access-log-count-hidden');
    expect(page.errors).toEqual([]);
    await context.close();
  });

  it('would notice a Content-Security-Policy refusal (an inline style attribute)', async () => {
    const { context, page } = await open('en-GB');
    await page.goto(`${lrs.baseUrl}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.evaluate('document.body.setAttribute("style", "color: red")');
    await expect
      .poll(() => page.evaluate<string[]>('globalThis.cspViolations'))
      .toEqual([expect.stringMatching(/^style-src-attr /)]);
    await context.close();
  });
});
