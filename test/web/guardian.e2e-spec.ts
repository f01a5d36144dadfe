// A guardian's journey in a real browser (Debian Chromium, headless) against a real standalone
// (docs/privacy-operations.md "Guardians and minors"): an admin marks a learner as a minor and links a guardian
// through the admin people page; the guardian sees the learner on their page and gives consent for them, and the
// receipt names a guardian; the minor alone is refused at the API. In English and Spanish, with axe-core finding no
// violation and no Content-Security-Policy refusal. Needs the built pages (`npm test` builds first).
import { randomBytes } from 'node:crypto';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface Words {
  locale: string;
  username: string;
  password: string;
  submit: string;
  birthDate: string;
  save: string;
  myLearners: string;
  manage: (name: string) => string;
  give: string;
  withdraw: string;
  byGuardian: string;
}

const EN: Words = {
  locale: 'en-GB',
  username: 'Username',
  password: 'Password',
  submit: 'Sign in',
  birthDate: 'Birth date',
  save: 'Save',
  myLearners: 'My learners',
  manage: (name) => `Consent choices for ${name}`,
  give: 'Give consent',
  withdraw: 'Withdraw consent',
  byGuardian: 'A guardian, for the learner (a minor)',
};

const ES: Words = {
  locale: 'es-ES',
  username: 'Usuario',
  password: 'Contraseña',
  submit: 'Entrar',
  birthDate: 'Fecha de nacimiento',
  save: 'Guardar',
  myLearners: 'Mis estudiantes',
  manage: (name) => `Consentimientos de ${name}`,
  give: 'Dar consentimiento',
  withdraw: 'Retirar consentimiento',
  byGuardian: 'Un tutor o tutora legal, por el estudiante (menor de edad)',
};

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate('globalThis.cspViolations')).toEqual([]);
}

/** Opens `path` and signs in on the page it sends to; the app comes back to `path`. */
async function signIn(
  page: Page,
  w: Words,
  path: string,
  tenant: string,
  username: string,
  password: string,
) {
  await page.goto(`${lrs.baseUrl}${path}`);
  await page.getByLabel(w.username).fill(username);
  await page.getByLabel(w.password).fill(password);
  await page.locator('#tenant').fill(tenant);
  await page.getByRole('button', { name: w.submit }).click();
}

async function journey(w: Words): Promise<void> {
  const tenant = `g${randomBytes(4).toString('hex')}`;
  const pw = 'guardian-journey-123';
  const tag = randomBytes(3).toString('hex');
  const learnerName = `Nora ${tag}`;
  const minor = await lrs.people.create(tenant, {
    username: `nora-${tag}`,
    password: pw,
    displayName: learnerName,
    roles: ['learner'],
  });
  const guardian = await lrs.people.create(tenant, {
    username: `gabriel-${tag}`,
    password: pw,
    displayName: `Gabriel ${tag}`,
    roles: ['guardian'],
  });
  await lrs.people.create(tenant, { username: `admin-${tag}`, password: pw, roles: ['admin'] });
  const admin = await lrs.signIn(tenant, `admin-${tag}`, pw);
  const policy = await admin.call('POST', '/api/v1/policies', {
    grantee: { kind: 'role', id: 'consumer' },
    purpose: { code: 'research', text: `Research on how the course is used ${tag}` },
    lawfulBasis: 'consent',
  });
  expect(policy.status).toBe(201);

  const context = await browser.newContext({ locale: w.locale, viewport: { width: 1100, height: 800 } });
  await context.addInitScript(
    'globalThis.cspViolations = []; document.addEventListener("securitypolicyviolation", (e) => ' +
      'globalThis.cspViolations.push(e.violatedDirective + " " + e.blockedURI));',
  );
  try {
    // The admin marks Nora as a minor (13 years old) and links Gabriel as her guardian.
    const page = await context.newPage();
    await signIn(page, w, '/admin/people', tenant, `admin-${tag}`, pw);
    await page
      .getByRole('row', { name: new RegExp(learnerName) })
      .getByRole('button')
      .click();
    const thirteen = new Date();
    thirteen.setUTCFullYear(thirteen.getUTCFullYear() - 13);
    await page.getByLabel(w.birthDate).fill(thirteen.toISOString().slice(0, 10));
    await page.getByLabel(`Gabriel ${tag} (gabriel-${tag})`).check();
    await expectAccessible(page);
    await page.getByRole('button', { name: w.save, exact: true }).click();
    await expect
      .poll(async () => (await admin.call('GET', '/api/v1/people')).body)
      .toContainEqual(expect.objectContaining({ id: minor.id, minor: true, guardianIds: [guardian.id] }));
    await page.close();

    // The minor alone is refused.
    const nora = await lrs.signIn(tenant, `nora-${tag}`, pw);
    const alone = await nora.call('POST', '/api/v1/me/grants', {
      policyId: (policy.body as { id: string }).id,
    });
    expect(alone.status).toBe(403);

    // Gabriel gives consent for Nora on his page; the receipt says a guardian made it.
    const gpage = await context.newPage();
    await signIn(gpage, w, '/records', tenant, `gabriel-${tag}`, pw);
    await gpage.getByRole('link', { name: w.myLearners }).click();
    await gpage.getByRole('button', { name: w.manage(learnerName) }).click();
    await gpage.getByRole('button', { name: w.give }).click();
    await gpage.getByText(w.byGuardian).waitFor();
    await gpage.getByRole('button', { name: w.withdraw }).waitFor();
    await expectAccessible(gpage);
    const requests = await nora.call('GET', '/api/v1/me/consent-requests');
    expect((requests.body as { grant: unknown }[])[0]?.grant).not.toBeNull();
  } finally {
    await context.close();
  }
}

describe('a guardian acts for a minor in the browser', () => {
  it('in English', () => journey(EN), 120_000);
  it('in Spanish', () => journey(ES), 120_000);
});
