// An admin's analytics in a real browser (Debian Chromium, headless) against a real standalone: open Administration
// → Analytics, ask for statements by activity, see the released bar and figures and the suppressed cells drawn and
// listed as suppressed with no value — in English and in Spanish, with axe-core finding no violation and the strict
// CSP refusing nothing. Needs the built pages (`npm test` builds first).
import { randomUUID } from 'node:crypto';

import { aLearner, aStatement } from '@custos/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
const ADMIN = { username: 'root', password: 'root-password-123' };

beforeAll(async () => {
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

interface Labels {
  lang: 'en' | 'es';
  signIn: string;
  signInButton: string;
  nav: string;
  show: string;
  fewer: string;
  complementary: string;
  suppressed: string;
}

const EN: Labels = {
  lang: 'en',
  signIn: 'Sign in',
  signInButton: 'Sign in',
  nav: 'Analytics',
  show: 'Show',
  fewer: 'Suppressed: fewer than 2 learners',
  complementary: 'Suppressed: it would let a suppressed figure be worked out',
  suppressed: 'suppressed',
};

const ES: Labels = {
  lang: 'es',
  signIn: 'Iniciar sesión',
  signInButton: 'Entrar',
  nav: 'Analítica',
  show: 'Mostrar',
  fewer: 'Suprimida: menos de 2 estudiantes',
  complementary: 'Suprimida: permitiría deducir una cifra suprimida',
  suppressed: 'suprimida',
};

/** A tenant with an admin, k = 2, a legitimate-interest analytics policy, and statements on three activities. */
async function aTenant() {
  const lms = await lrs.client({ scopes: ['all'] });
  await lrs.people.create(lms.tenantId, { ...ADMIN, roles: ['admin'] });
  const admin = await lrs.signIn(lms.tenantId, ADMIN.username, ADMIN.password);
  await admin.call('PUT', '/api/v1/tenant/settings', {
    ageOfDigitalConsent: 16,
    analytics: { k: 2, noise: null },
  });
  const policy = await admin.call('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'admin' },
    purpose: { code: 'analytics', text: 'Course statistics' },
    lawfulBasis: 'legitimate-interest',
    scope: {},
  });
  expect(policy.status).toBe(201);
  const org = `https://lms.example/${randomUUID()}/`;
  const [ana, bea, cai] = [aLearner(), aLearner(), aLearner()];
  const on = (actor: typeof ana, id: string) => aStatement({ actor, object: { objectType: 'Activity', id } });
  await lms.postStatements([
    on(ana, `${org}a`),
    on(bea, `${org}a`),
    on(cai, `${org}a`),
    on(ana, `${org}b`),
    on(bea, `${org}c`),
    on(cai, `${org}c`),
  ]);
  return { tenantId: lms.tenantId, org };
}

async function journey(locale: string, L: Labels): Promise<void> {
  const t = await aTenant();
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });

  await page.goto(`${lrs.baseUrl}/admin`);
  await page.getByRole('heading', { name: L.signIn }).waitFor();
  await page.locator('#tenant').fill(t.tenantId);
  await page.locator('#username').fill(ADMIN.username);
  await page.locator('#password').fill(ADMIN.password);
  await page.getByRole('button', { name: L.signInButton }).click();
  await page.getByRole('link', { name: L.nav }).click();
  await page.getByRole('heading', { name: L.nav, level: 1 }).waitFor();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('button', { name: L.show }).click();
  const rowOf = (name: string) => page.getByRole('row', { name: new RegExp(`${name}\\b`) });
  await rowOf(`${t.org}a`).waitFor();
  expect(await rowOf(`${t.org}a`).innerText()).toMatch(/3\s+3/);
  expect(await rowOf(`${t.org}b`).innerText()).toContain(L.fewer);
  expect(await rowOf(`${t.org}c`).innerText()).toContain(L.complementary);
  // The chart draws the suppressed cells as such, and no figure of theirs appears anywhere.
  expect(await page.locator('svg text', { hasText: L.suppressed }).count()).toBe(2);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, `${L.lang}-analytics`);

  expect(errors).toEqual([]);
  await context.close();
}

describe('the Analytics page', () => {
  it('shows an admin the released figures and marks the suppressed ones (English)', async () => {
    await journey('en-GB', EN);
  }, 120_000);

  it('does the same in Spanish', async () => {
    await journey('es-ES', ES);
  }, 120_000);
});
