// An admin's retention journey in a real browser (Debian Chromium, headless) against a real standalone: open the
// Retention page from the admin section, be told what is missing from an empty rule, add a rule, run a dry run
// and read its counts per rule, place a legal hold on a person and see the dry run keep their records — in
// English and in Spanish, with axe-core finding no violation and the strict CSP refusing nothing. Needs the
// built pages (`npm test` builds first).
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement, aVerb } from '@custos/testing';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
let db: pg.Pool;
const ADMIN = { username: 'root', password: 'root-password-123' };

beforeAll(async () => {
  browser = await launchChromium();
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

interface Labels {
  lang: 'en' | 'es';
  signIn: string;
  signInButton: string;
  nav: string;
  name: string;
  verb: string;
  days: string;
  addRule: string;
  required: string;
  dryRun: string;
  total: (n: number) => string;
  holdEmail: string;
  reason: string;
  endsOn: string;
  placeHold: string;
  placed: string;
  inForce: string;
}

const EN: Labels = {
  lang: 'en',
  signIn: 'Sign in',
  signInButton: 'Sign in',
  nav: 'Retention',
  name: 'Name',
  verb: 'Verb (optional)',
  days: 'Older than (days)',
  addRule: 'Add rule',
  required: 'Name: Please fill this in.',
  dryRun: 'Run a dry run',
  total: (n) => `A run would delete ${n} records now.`,
  holdEmail: 'The person’s e-mail address',
  reason: 'Reason',
  endsOn: 'Ends on',
  placeHold: 'Place hold',
  placed: 'The legal hold has been placed.',
  inForce: 'In force',
};

const ES: Labels = {
  lang: 'es',
  signIn: 'Iniciar sesión',
  signInButton: 'Entrar',
  nav: 'Conservación',
  name: 'Nombre',
  verb: 'Verbo (opcional)',
  days: 'Más antiguos que (días)',
  addRule: 'Añadir regla',
  required: 'Nombre: ',
  dryRun: 'Hacer una simulación',
  total: (n) => `Una ejecución borraría ahora ${n} registros.`,
  holdEmail: 'La dirección de correo de la persona',
  reason: 'Motivo',
  endsOn: 'Termina el',
  placeHold: 'Establecer retención',
  placed: 'Se ha establecido la retención legal.',
  inForce: 'Vigente',
};

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

/** A tenant with an admin, and three statements of one verb, stored 400 days ago, two of them Ana's. */
async function aTenant() {
  const lms = await lrs.client({ scopes: ['all'] });
  await lrs.people.create(lms.tenantId, { ...ADMIN, roles: ['admin'] });
  const verb = aVerb(`archived-${randomUUID()}`);
  const ana = aLearner();
  const ids = (
    await lms.postStatements([
      aStatement({ verb, actor: ana }),
      aStatement({ verb, actor: ana }),
      aStatement({ verb }),
    ])
  ).body;
  await db.query(
    `UPDATE storage.statement SET stored = stored - interval '400 days' WHERE tenant_id = $1 AND statement_id = ANY($2::uuid[])`,
    [lms.tenantId, ids],
  );
  return { tenantId: lms.tenantId, verb, ana };
}

async function journey(locale: string, L: Labels): Promise<void> {
  const t = await aTenant();
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A CSP refusal shows as a console error; the empty form's 400 is not asked for (the page checks first).
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const shot = (name: string) => screenshot(page, `${L.lang}-retention-${name}`);

  await page.goto(`${lrs.baseUrl}/admin`);
  await page.getByRole('heading', { name: L.signIn }).waitFor();
  await page.locator('#tenant').fill(t.tenantId);
  await page.locator('#username').fill(ADMIN.username);
  await page.locator('#password').fill(ADMIN.password);
  await page.getByRole('button', { name: L.signInButton }).click();
  await page.getByRole('link', { name: L.nav }).click();
  await page.getByRole('heading', { name: L.nav, level: 1 }).waitFor();
  await expectAccessible(page);

  // Nothing filled in: the page says what is missing and marks the field.
  await page.getByRole('button', { name: L.addRule }).click();
  await expect.poll(() => page.getByRole('alert').first().innerText()).toContain(L.required);
  expect(await page.locator('#rule-name').getAttribute('aria-invalid')).toBe('true');
  await expectAccessible(page);

  const rule = `Archived ${L.lang}`;
  await page.locator('#rule-name').fill(rule);
  await page.getByLabel(L.verb).fill(t.verb.id);
  await page.getByLabel(L.days).fill('365');
  await page.getByRole('button', { name: L.addRule }).click();
  await page
    .getByRole('row', { name: new RegExp(rule) })
    .first()
    .waitFor();

  await page.getByRole('button', { name: L.dryRun }).click();
  await page.getByText(L.total(3)).waitFor();
  const row = page
    .locator('table', { hasText: rule })
    .last()
    .getByRole('row', { name: new RegExp(rule) });
  await expect.poll(() => row.innerText()).toMatch(/3\s+0/);
  await expectAccessible(page);
  await shot('dry-run');

  // A legal hold on Ana: her two records are kept, and the dry run says so.
  await page.getByLabel(L.holdEmail).fill(t.ana.mbox.slice('mailto:'.length));
  await page.getByLabel(L.reason).fill('Case 2026-14');
  await page.getByLabel(L.endsOn).fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: L.placeHold }).click();
  await page.getByText(L.placed).waitFor();
  await page.getByRole('cell', { name: L.inForce }).waitFor();
  await page.getByRole('button', { name: L.dryRun }).click();
  await page
    .getByText(L.total(1).replace('1 records', '1 record').replace('1 registros', '1 registro'))
    .waitFor();
  await expect.poll(() => row.innerText()).toMatch(/1\s+2/);
  expect(await page.content()).not.toContain(t.ana.mbox);
  await expectAccessible(page);
  await shot('hold');

  expect(errors).toEqual([]);
  await context.close();
}

describe('the Retention page', () => {
  it('lets an admin add a rule, run a dry run, and place a legal hold (English)', async () => {
    await journey('en-GB', EN);
  }, 120_000);

  it('does the same in Spanish', async () => {
    await journey('es-ES', ES);
  }, 120_000);
});
