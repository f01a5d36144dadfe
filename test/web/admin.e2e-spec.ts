// An institution admin's journey in a real browser (Debian Chromium, headless) against a real standalone: sign
// in, connect a system (its secret shown once; the key and secret then work on the xAPI), explain why it may read
// the statement it sent, revoke it after confirming (its next request is refused), create an institution policy
// and edit it (the history shows both versions), and add a person — in English and in Spanish, with axe-core
// finding no violation on any page. A learner sees no admin link, is refused the section, and never downloads
// its code. Needs the built pages (`npm test` builds first).
import { randomUUID } from 'node:crypto';

import { aStatement, xapiClient } from '@custos/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

const lrs = useConformanceLrs();
let browser: Browser;
let tenantId: string;
const ADMIN = { username: 'root', password: 'root-password-123' };
const LEARNER = { username: 'lea', password: 'lea-password-123' };

beforeAll(async () => {
  browser = await launchChromium();
  tenantId = (await lrs.client({ scopes: ['all'] })).tenantId;
  await lrs.people.create(tenantId, { ...ADMIN, displayName: 'Rosa Admin', roles: ['admin'] });
  await lrs.people.create(tenantId, { ...LEARNER, roles: ['learner'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

type Watched = Page & { errors: string[]; scripts: string[] };

async function open(locale: string): Promise<{ context: BrowserContext; page: Watched }> {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lrs.baseUrl });
  const page = (await context.newPage()) as Watched;
  page.errors = [];
  page.scripts = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // A CSP refusal shows as a console error. The 4xx answers this journey asks for (a revoked key's 401, a bad
  // form's 400) are logged by the browser too; those are expected.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|401|404)/.test(m.text())) page.errors.push(m.text());
  });
  page.on('request', (r) => {
    if (r.resourceType() === 'script') page.scripts.push(r.url());
  });
  return { context, page };
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

async function signIn(page: Page, who: { username: string; password: string }, labels: Labels) {
  await page.getByRole('heading', { name: labels.signIn }).waitFor();
  await page.locator('#tenant').fill(tenantId);
  await page.locator('#username').fill(who.username);
  await page.locator('#password').fill(who.password);
  await page.getByRole('button', { name: labels.signInButton }).click();
}

interface Labels {
  lang: 'en' | 'es';
  signIn: string;
  signInButton: string;
  admin: string;
  credentials: string;
  name: string;
  write: RegExp;
  readMine: RegExp;
  create: string;
  required: string;
  secretHeading: string;
  copySecret: string;
  copied: string;
  saved: string;
  explainNav: string;
  statementId: string;
  who: string;
  explain: string;
  allowed: (name: string) => string;
  revokeNamed: (name: string) => string;
  confirm: string;
  revoked: (name: string) => string;
  policiesNav: string;
  reader: string;
  readerOption: string;
  purposeText: string;
  purposeCode: string;
  createPolicy: string;
  editPolicy: (purpose: string) => string;
  save: string;
  savedVersion: string;
  peopleNav: string;
  username: string;
  addPerson: string;
  added: (name: string) => string;
  groupName: string;
  createGroup: string;
  editMembers: (group: string) => string;
}

const EN: Labels = {
  lang: 'en',
  signIn: 'Sign in',
  signInButton: 'Sign in',
  admin: 'Administration',
  credentials: 'Connected systems',
  name: 'Name',
  write: /^Send learning records/,
  readMine: /^Read the records it sent itself/,
  create: 'Create key and secret',
  required: 'Name: Please fill this in.',
  secretHeading: 'Save the secret now',
  copySecret: 'Copy secret',
  copied: 'Copied to the clipboard.',
  saved: 'I have saved the secret',
  explainNav: 'Explain access',
  statementId: 'Record (statement) id',
  who: 'Whose access',
  explain: 'Explain',
  allowed: (n) => `${n} may read this record.`,
  revokeNamed: (n) => `Revoke ${n}`,
  confirm: 'Yes, revoke it',
  revoked: (n) => `“${n}” has been revoked.`,
  policiesNav: 'Policies',
  reader: 'Reader',
  readerOption: 'Data consumer',
  purposeText: 'Purpose, as learners will read it',
  purposeCode: 'Purpose code',
  createPolicy: 'Create policy',
  editPolicy: (p) => `Edit the policy “${p}”`,
  save: 'Save',
  savedVersion: 'Saved as version 2.',
  peopleNav: 'People and groups',
  username: 'Username',
  addPerson: 'Add person',
  added: (n) => `${n} has been added.`,
  groupName: 'Group name',
  createGroup: 'Create group',
  editMembers: (g) => `Change members of ${g}`,
};

const ES: Labels = {
  lang: 'es',
  signIn: 'Iniciar sesión',
  signInButton: 'Entrar',
  admin: 'Administración',
  credentials: 'Sistemas conectados',
  name: 'Nombre',
  write: /^Enviar registros de aprendizaje/,
  readMine: /^Leer los registros que ha enviado él mismo/,
  create: 'Crear clave y secreto',
  required: 'Nombre: Rellena este campo.',
  secretHeading: 'Guarda el secreto ahora',
  copySecret: 'Copiar el secreto',
  copied: 'Copiado al portapapeles.',
  saved: 'Ya he guardado el secreto',
  explainNav: 'Explicar un acceso',
  statementId: 'Identificador del registro (statement)',
  who: 'Acceso de',
  explain: 'Explicar',
  allowed: (n) => `${n}: puede leer este registro.`,
  revokeNamed: (n) => `Revocar ${n}`,
  confirm: 'Sí, revocarla',
  revoked: (n) => `Se ha revocado «${n}».`,
  policiesNav: 'Políticas',
  reader: 'Lector',
  readerOption: 'Usuario/a de datos',
  purposeText: 'Finalidad, tal como la leerán los estudiantes',
  purposeCode: 'Código de la finalidad',
  createPolicy: 'Crear política',
  editPolicy: (p) => `Editar la política «${p}»`,
  save: 'Guardar',
  savedVersion: 'Guardada como versión 2.',
  peopleNav: 'Personas y grupos',
  username: 'Usuario',
  addPerson: 'Añadir persona',
  added: (n) => `Se ha añadido a ${n}.`,
  groupName: 'Nombre del grupo',
  createGroup: 'Crear grupo',
  editMembers: (g) => `Cambiar miembros de ${g}`,
};

async function adminJourney(locale: string, L: Labels): Promise<void> {
  const { context, page } = await open(locale);
  const shot = (name: string) => screenshot(page, `${L.lang}-admin-${name}`);
  await page.goto(`${lrs.baseUrl}/admin`);
  await signIn(page, ADMIN, L);
  // Back where the admin wanted to go, on the first page of the section.
  await page.getByRole('heading', { name: L.credentials, level: 1 }).waitFor();
  expect(page.url()).toMatch(/\/admin\/credentials$/);
  expect(page.scripts.some((s) => /\/routes-[^/]+\.js$/.test(s))).toBe(true);

  // Nothing filled in: the error is announced and the field marked; only the keyboard is used to get there.
  await page.getByRole('button', { name: L.create }).focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('alert').innerText()).toContain(L.required);
  expect(await page.getByLabel(L.name, { exact: true }).getAttribute('aria-invalid')).toBe('true');
  await expectAccessible(page);

  const system = `Quiz app ${L.lang}`;
  await page.getByLabel(L.name, { exact: true }).fill(system);
  await page.getByRole('checkbox', { name: L.write }).check();
  await page.getByRole('checkbox', { name: L.readMine }).check();
  await page.getByRole('button', { name: L.create }).click();
  await page.getByRole('heading', { name: L.secretHeading }).waitFor();
  const key = await page.locator('#new-key').innerText();
  const secret = await page.locator('#new-secret').innerText();
  expect(secret.length).toBeGreaterThanOrEqual(20);
  await page.getByRole('button', { name: L.copySecret }).click();
  await page.getByText(L.copied).waitFor();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
  await expectAccessible(page);
  await shot('secret');

  // The key and secret work at once on the xAPI.
  const app = xapiClient(lrs.baseUrl, key, secret, '2.0.0');
  const statementId = randomUUID();
  expect((await app.postStatements([{ ...aStatement(), id: statementId }])).status).toBe(200);

  // Once dismissed, the secret is nowhere on the page again; the list shows the key.
  await page.getByRole('button', { name: L.saved }).click();
  await page.getByRole('row', { name: new RegExp(system) }).waitFor();
  expect(await page.content()).not.toContain(secret);
  expect(await page.getByRole('row', { name: new RegExp(system) }).innerText()).toContain(key);
  await expectAccessible(page);
  await shot('credentials');

  // Why may it read the statement it sent?
  await page.getByRole('link', { name: L.explainNav }).click();
  await page.getByRole('heading', { name: L.explainNav, level: 1 }).waitFor();
  await page.getByLabel(L.statementId).fill(statementId);
  await page.getByLabel(L.who).selectOption({ label: system });
  await page.getByRole('button', { name: L.explain, exact: true }).click();
  await page.getByText(L.allowed(system)).waitFor();
  expect(await page.locator('.result').innerText()).toContain('statements/read/mine');
  await expectAccessible(page);
  await shot('explain');

  // Revoked after confirming: its very next request is refused.
  await page.getByRole('link', { name: L.credentials }).click();
  await page.getByRole('button', { name: L.revokeNamed(system) }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await expectAccessible(page);
  await shot('revoke-confirm');
  await dialog.getByRole('button', { name: L.confirm }).click();
  await page.getByText(L.revoked(system)).waitFor();
  expect((await app.postStatements([aStatement()])).status).toBe(401);

  // A policy, created then edited: two versions in its history.
  await page.getByRole('link', { name: L.policiesNav }).click();
  await page
    .getByRole('heading', {
      name: L.policiesNav === 'Policies' ? 'Institution policies' : 'Políticas del centro',
      level: 1,
    })
    .waitFor();
  const purpose =
    L.lang === 'en'
      ? 'Tutors follow their students’ progress'
      : 'El profesorado sigue el progreso de su alumnado';
  await page.getByLabel(L.reader, { exact: true }).selectOption({ label: L.readerOption });
  await page.getByLabel(L.purposeText).fill(purpose);
  await page.getByLabel(L.purposeCode).fill(`tutoring-${L.lang}`);
  await page.getByRole('button', { name: L.createPolicy }).click();
  const row = page.getByRole('row', { name: new RegExp(purpose) });
  await row.waitFor();
  // Version 1, no consent given yet, no objection.
  expect((await row.locator('td').allInnerTexts()).slice(2, 5)).toEqual(['1', '0', '0']);
  await expectAccessible(page);
  await shot('policies');
  await page.getByRole('link', { name: L.editPolicy(purpose) }).click();
  await page.getByLabel(L.purposeText).fill(`${purpose} (2)`);
  await page.getByRole('button', { name: L.save, exact: true }).click();
  await page.getByText(L.savedVersion).waitFor();
  await expect.poll(() => page.locator('table.history tbody tr').count()).toBe(2);
  await expectAccessible(page);
  await shot('policy-history');

  // A person with a linked learner identity.
  await page.getByRole('link', { name: L.peopleNav }).click();
  await page.getByRole('heading', { name: L.peopleNav, level: 1 }).waitFor();
  const username = `teo-${L.lang}`;
  await page.getByLabel(L.username, { exact: true }).fill(username);
  await page.locator('#new-person-agents').fill(`${username}@example.org`);
  await page.getByRole('button', { name: L.addPerson }).click();
  await page.getByText(L.added(username)).waitFor();
  expect(
    await page
      .getByRole('row', { name: new RegExp(username) })
      .first()
      .innerText(),
  ).toContain(`${username}@example.org`);
  // A group with that person in it.
  const group = `Tutors ${L.lang}`;
  await page.getByLabel(L.groupName, { exact: true }).fill(group);
  await page.getByRole('button', { name: L.createGroup }).click();
  await page.getByRole('button', { name: L.editMembers(group) }).click();
  await page.getByRole('checkbox', { name: new RegExp(username) }).check();
  await page.getByRole('button', { name: L.save, exact: true }).click();
  // The group's row (its name is the row header) lists the member; the person's row now names the group.
  const groupRow = page.locator('tr', { has: page.getByRole('rowheader', { name: group, exact: true }) });
  await expect.poll(() => groupRow.innerText()).toContain(username);
  await expect
    .poll(() => page.locator('tr', { has: page.getByRole('rowheader', { name: username }) }).innerText())
    .toContain(group);
  await expectAccessible(page);
  await shot('people');

  expect(page.errors).toEqual([]);
  await context.close();
}

describe('an admin in the browser', () => {
  it('connects a system, explains its access, revokes it, edits a policy and adds a person (English)', async () => {
    await adminJourney('en-GB', EN);
  });

  it('does the same in Spanish', async () => {
    await adminJourney('es-ES', ES);
  });

  it('shows a learner no admin link, refuses them the section, and never sends them its code', async () => {
    const { context, page } = await open('en-GB');
    await page.goto(`${lrs.baseUrl}/admin/credentials`);
    await signIn(page, LEARNER, EN);
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await page.getByText('These pages are for the administrators of your institution.').waitFor();
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    expect(page.scripts.some((s) => /\/routes-[^/]+\.js$/.test(s))).toBe(false);
    await expectAccessible(page);
    expect(page.errors).toEqual([]);
    await context.close();
  });
});
