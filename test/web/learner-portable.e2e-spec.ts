// A learner takes their signed records and tries to bring a file of records, in a real browser (Debian Chromium,
// headless) against a real standalone, in English and Spanish with axe-core finding no violation: the download is
// the signed archive of their statements; bringing a file from an issuer this installation does not trust (here:
// itself, which trusts nobody) is refused with the server's reason. Two installations exchanging archives are
// test/e2e/portable.e2e-spec.ts. Needs the built pages (`npm test` builds first).
import { readFile } from 'node:fs/promises';

import { aLearner } from '@custos/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
let tenantId: string;
const PASSWORD = 'portable-password-123';

beforeAll(async () => {
  browser = await launchChromium();
  const lms = await lrs.client({ scopes: ['all'] });
  tenantId = lms.tenantId;
  const pia = aLearner('web-pia');
  await lrs.people.create(tenantId, {
    username: 'pia',
    password: PASSWORD,
    roles: ['learner'],
    agents: [{ mbox: pia.mbox }],
  });
  const posted = await lms.postStatements({
    actor: pia,
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { objectType: 'Activity', id: 'https://lms.example.org/unit-1' },
  });
  expect(posted.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function myDataPage(
  locale: string,
  labels: { username: string; password: string; submit: string; link: string },
) {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${lrs.baseUrl}/sign-in`);
  await page.getByLabel(labels.username).fill('pia');
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.locator('#tenant').fill(tenantId);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('link', { name: labels.link, exact: true }).click();
  return { page, errors };
}

describe('a learner carries their records in the browser', () => {
  it('downloads the signed records and is told why a file from an untrusted institution is refused (English)', async () => {
    const { page, errors } = await myDataPage('en-GB', {
      username: 'Username',
      password: 'Password',
      submit: 'Sign in',
      link: 'My data',
    });
    await page.getByRole('heading', { name: 'Take my records to another institution' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my signed records' }).click();
    const download = await downloading;
    await page.getByText('Your signed records are ready (1 statement).').waitFor();
    const path = await download.path();
    const archive = JSON.parse(await readFile(path, 'utf8')) as { payload: string };
    const content = JSON.parse(Buffer.from(archive.payload, 'base64url').toString()) as {
      statements: unknown[];
    };
    expect(content.statements).toHaveLength(1);

    await page.getByRole('heading', { name: 'Bring records from another institution' }).waitFor();
    await page.getByLabel('File of signed records').setInputFiles(path);
    await page.getByRole('button', { name: 'Bring my records' }).click();
    await page
      .getByRole('alert')
      .getByText(/is not one this installation trusts/)
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('offers both in Spanish', async () => {
    const { page, errors } = await myDataPage('es-ES', {
      username: 'Usuario',
      password: 'Contraseña',
      submit: 'Entrar',
      link: 'Mis datos',
    });
    await page.getByRole('heading', { name: 'Llevar mis registros a otra institución' }).waitFor();
    await page.getByRole('heading', { name: 'Traer registros de otra institución' }).waitFor();
    await page.getByRole('button', { name: 'Descargar mis registros firmados' }).waitFor();
    await page.getByRole('button', { name: 'Traer mis registros' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
