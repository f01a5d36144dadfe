// An admin's forwarding page in a real browser (Debian Chromium, headless) against a real standalone: open
// Administration → Forwarding, see a target with its delivery status once a statement was delivered to it, pause
// it and resume it — in English and in Spanish, with axe-core finding no violation and the strict CSP refusing
// nothing. Needs the built pages (`npm test` builds first).
import { createServer, type Server } from 'node:http';

import { aStatement, freePort } from '@custos/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
const ADMIN = { username: 'root', password: 'root-password-123' };

beforeAll(async () => {
  browser = await launchChromium();
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${port}/hook`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
});

interface Labels {
  lang: 'en' | 'es';
  signIn: string;
  signInButton: string;
  nav: string;
  active: string;
  pause: string;
  paused: string;
  resume: string;
}

const EN: Labels = {
  lang: 'en',
  signIn: 'Sign in',
  signInButton: 'Sign in',
  nav: 'Forwarding',
  active: 'Active',
  pause: 'Pause',
  paused: 'is paused.',
  resume: 'Resume',
};

const ES: Labels = {
  lang: 'es',
  signIn: 'Iniciar sesión',
  signInButton: 'Entrar',
  nav: 'Reenvío',
  active: 'Activo',
  pause: 'Pausar',
  paused: 'está en pausa.',
  resume: 'Reanudar',
};

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

async function journey(locale: string, L: Labels): Promise<void> {
  const lms = await lrs.client({ scopes: ['all'] });
  await lrs.people.create(lms.tenantId, { ...ADMIN, roles: ['admin'] });
  const grantee = await lrs.credentials.create(['statements/read'], lms.tenantId);
  const admin = await lrs.signIn(lms.tenantId, ADMIN.username, ADMIN.password);
  const name = `Dashboard ${L.lang}`;
  const created = await admin.call('POST', '/api/v1/forwarding/targets', {
    name,
    kind: 'webhook',
    url: receiverUrl,
    webhookSecret: 'a-webhook-secret-for-the-page',
    granteeCredentialId: grantee.id,
  });
  expect(created.status).toBe(201);
  const targetId = (created.body as { id: string }).id;
  expect((await lms.postStatements(aStatement())).status).toBe(200);
  await expect
    .poll(
      async () =>
        (
          (await admin.call('GET', `/api/v1/forwarding/targets/${targetId}/status`)).body as {
            deliveredStatements: number;
          }
        ).deliveredStatements,
      { timeout: 20_000 },
    )
    .toBe(1);

  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${lrs.baseUrl}/admin`);
  await page.getByRole('heading', { name: L.signIn }).waitFor();
  await page.locator('#tenant').fill(lms.tenantId);
  await page.locator('#username').fill(ADMIN.username);
  await page.locator('#password').fill(ADMIN.password);
  await page.getByRole('button', { name: L.signInButton }).click();
  await page.getByRole('link', { name: L.nav }).click();
  await page.getByRole('heading', { name: L.nav, level: 1 }).waitFor();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await row.waitFor();
  expect(await row.innerText()).toContain(L.active);
  expect(await page.content()).not.toContain('a-webhook-secret-for-the-page');
  await expectAccessible(page);
  await screenshot(page, `${L.lang}-forwarding`);

  await row.getByRole('button', { name: L.pause }).click();
  await page.getByText(`${name} ${L.paused}`).waitFor();
  await row.getByRole('button', { name: L.resume }).waitFor();
  await expectAccessible(page);

  expect(errors).toEqual([]);
  await context.close();
}

describe('the Forwarding page', () => {
  it('lists the targets with their delivery status and pauses one (English)', async () => {
    await journey('en-GB', EN);
  }, 120_000);

  it('does the same in Spanish', async () => {
    await journey('es-ES', ES);
  }, 120_000);
});
