// A learner asks for the erasure of their records in a real browser (Debian Chromium, headless) against a real
// standalone: the request waits out its grace period, can be cancelled inside it, and once carried out the page
// says so with the erasure's number; in English and in Spanish, with axe-core finding no violation. Needs the
// built pages (`npm test` builds first).
import { aLearner } from '@custos/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const GRACE_SECONDS = 4;
const lrs = useConformanceLrs({
  CUSTOS_ERASURE__GRACE_SECONDS: GRACE_SECONDS,
  CUSTOS_ERASURE__POLL_SECONDS: 1,
});
let browser: Browser;
let tenantId: string;
const PASSWORD = 'erasure-password-123';

beforeAll(async () => {
  browser = await launchChromium();
  const lms = await lrs.client({ scopes: ['all'] });
  tenantId = lms.tenantId;
  for (const [username, learner] of [
    ['eli', aLearner('web-eli')],
    ['eva', aLearner('web-eva')],
  ] as const) {
    await lrs.people.create(tenantId, {
      username,
      password: PASSWORD,
      roles: ['learner'],
      agents: [{ mbox: learner.mbox }],
    });
    expect(
      (
        await lms.postStatements({
          actor: learner,
          verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
          object: { objectType: 'Activity', id: 'https://lms.example.org/unit-1' },
        })
      ).status,
    ).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function signedIn(
  locale: string,
  username: string,
  labels: { username: string; password: string; submit: string },
) {
  const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${lrs.baseUrl}/sign-in`);
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.locator('#tenant').fill(tenantId);
  await page.getByRole('button', { name: labels.submit }).click();
  return { page, errors };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

describe('a learner erases their records in the browser', () => {
  it('asks, cancels inside the grace period, asks again and sees the erasure carried out (English)', async () => {
    const { page, errors } = await signedIn('en-GB', 'eli', {
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
    });
    await page.getByRole('heading', { name: 'My records' }).waitFor();
    await page.getByRole('link', { name: 'My data', exact: true }).click();
    await page.getByRole('heading', { name: 'Erase all my records' }).waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Ask for erasure' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase all your records?' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Yes, erase my records' }).click();
    await page
      .getByText(/^Your request will be carried out on .+, unless you cancel it before then\.$/)
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'en-erasure-waiting');

    await page.getByRole('button', { name: 'Cancel my request' }).click();
    await page.getByText('You cancelled your request. Your records are kept.').waitFor();

    await page.getByRole('button', { name: 'Ask for erasure' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, erase my records' }).click();
    await page.getByText(/^Your request will be carried out on/).waitFor();
    // The grace period runs out; the page follows the request until the account is gone.
    await page.getByText('Your records have been erased.').waitFor({ timeout: (GRACE_SECONDS + 15) * 1000 });
    expect(
      await page
        .getByText(
          /^The institution keeps a signed record of the erasure, .+ under the number [0-9a-f-]{36}\.$/,
        )
        .count(),
    ).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'en-erasure-done');
    expect(errors).toEqual([]);
    // Signing in again is refused: the person no longer exists.
    const login = await fetch(`${lrs.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: tenantId, username: 'eli', password: PASSWORD }),
    });
    expect(login.status).toBe(401);
  });

  it('says when the request will be carried out and lets it be cancelled (Spanish)', async () => {
    const { page, errors } = await signedIn('es-ES', 'eva', {
      username: 'Usuario',
      password: 'Contraseña',
      submit: 'Entrar',
    });
    await page.getByRole('link', { name: 'Mis datos', exact: true }).click();
    await page.getByRole('heading', { name: 'Borrar todos mis registros' }).waitFor();
    await page.getByRole('button', { name: 'Pedir el borrado' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sí, borrar mis registros' }).click();
    await page.getByText(/^Tu solicitud se llevará a cabo el .+, salvo que la canceles antes\.$/).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'es-erasure-waiting');
    await page.getByRole('button', { name: 'Cancelar mi solicitud' }).click();
    await page.getByText('Cancelaste tu solicitud. Tus registros se conservan.').waitFor();
    expect(errors).toEqual([]);
  });
});
