// Signing in at the institution's OIDC provider from the web pages (issue 11): authorization code with PKCE, a
// public client, in a real browser against a real standalone and a real OpenID provider (panva's oidc-provider,
// standing in for the institution's: it issues JWT access tokens for Custos's audience). The learner leaves for
// the provider, signs in there, comes back signed in to Custos, and signs out; the token is never left where a
// script could read it later. Needs the built pages (`npm test` builds first).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import { freePort } from '@custos/testing';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useConformanceLrs } from '../conformance/lrs.js';
import { axeViolations, launchChromium, screenshot } from './browser.js';

// A resource indicator (RFC 8707) is an absolute URI.
const AUDIENCE = 'https://custos.test.example/api';
const CLIENT_ID = 'custos-web';
const tenantId = `oidc-${randomUUID()}`;
const SUBJECT = `uni-${randomBytes(4).toString('hex')}`;

let idp: Server;
let issuer: string;
let lrsPort: number;
let lrsUrl: string;
let browser: Browser;

beforeAll(async () => {
  let idpPort: number;
  [idpPort, lrsPort] = await Promise.all([freePort(), freePort()]);
  issuer = `http://127.0.0.1:${idpPort}`;
  lrsUrl = `http://127.0.0.1:${lrsPort}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${lrsUrl}/sign-in/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'k1' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    // The web pages call the token endpoint from their own origin.
    clientBasedCORS: () => true,
    // Any login name is an account (the provider's development sign-in page); its `sub` is that name.
    findAccount: (_ctx: unknown, accountId: string) => ({ accountId, claims: () => ({ sub: accountId }) }),
    // The claim naming the person's tenant (CUSTOS_OIDC_TENANT_CLAIM, default `tid`).
    extraTokenClaims: () => ({ tid: tenantId }),
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'openid',
          audience: AUDIENCE,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  const handle = provider.callback();
  idp = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => idp.listen(idpPort, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => (idp ? idp.close(resolve) : resolve(undefined)));
});

// After the provider's hooks: it is the LRS's issuer, and the LRS closes before it stops.
const lrs = useConformanceLrs(() => ({
  PORT: lrsPort,
  CUSTOS_PUBLIC_URL: lrsUrl,
  CUSTOS_OIDC_ISSUER: issuer,
  CUSTOS_OIDC_JWKS_URL: `${issuer}/jwks`,
  CUSTOS_OIDC_AUDIENCE: AUDIENCE,
  CUSTOS_OIDC_CLIENT_ID: CLIENT_ID,
}));

beforeAll(async () => {
  browser = await launchChromium();
  await lrs.people.create(tenantId, {
    username: 'lucia',
    displayName: 'Lucía',
    externalSubject: SUBJECT,
    roles: ['learner'],
    agents: [{ mbox: `mailto:${SUBJECT}@uni.example.org` }],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** On the provider's development pages: the login form, then the consent prompt. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
}

describe('sign-in at the institution (OIDC, authorization code with PKCE)', () => {
  it('says which provider the pages use, and lets the pages call it (CSP)', async () => {
    const res = await fetch(`${lrs.baseUrl}/api/v1/auth/config`);
    expect(await res.json()).toEqual({ oidc: { issuer, clientId: CLIENT_ID, scope: 'openid' } });
    const page = await fetch(`${lrs.baseUrl}/sign-in`, { headers: { Accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuer}`);
  });

  it('takes a learner to their institution and back, signed in; sign-out ends it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // Only our own pages' errors: the provider's development pages are not ours to judge.
      if (m.type() === 'error' && page.url().startsWith(lrs.baseUrl)) errors.push(m.text());
    });

    await page.goto(`${lrs.baseUrl}/access-log`);
    await page.getByRole('heading', { name: 'Sign in with your institution' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'en-sign-in-institution');
    await page.getByRole('button', { name: 'Sign in with your institution' }).click();
    await signInAtProvider(page, SUBJECT);

    // Back on the page the learner wanted, signed in as the person linked to their institution account.
    await page.getByRole('heading', { name: 'Who looked at my records' }).waitFor();
    await page.getByText('Signed in as Lucía').waitFor();
    expect(new URL(page.url()).search).toBe('');
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(stored).not.toMatch(/eyJ|code_verifier/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.goto(`${lrs.baseUrl}/records`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so, in Spanish, when the institution account is linked to nobody here', async () => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(`${lrs.baseUrl}/sign-in`);
    await page.getByRole('button', { name: 'Iniciar sesión con tu centro' }).click();
    await signInAtProvider(page, 'someone-unknown');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/^Tu centro no ha iniciado tu sesión/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'es-sign-in-institution-refused');
    await page.getByRole('link', { name: 'Volver a iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión', exact: true }).waitFor();
    await context.close();
  });
});
