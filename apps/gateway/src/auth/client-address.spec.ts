import type { AddressInfo } from 'node:net';

import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';

import { clientAddressOf, ipv6Prefix64, trustProxySetting } from './client-address.js';

const servers: { close: () => void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** The address an Express app with this CUSTOS_GATEWAY__TRUST_PROXY sees for a request with these headers. */
async function seen(trust: string, headers: Record<string, string> = {}): Promise<string> {
  const app = express();
  app.set('trust proxy', trustProxySetting(trust));
  app.get('/', (req, res) => res.send(clientAddressOf(req)));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return (await fetch(`http://127.0.0.1:${port}/`, { headers })).text();
}

describe('client address', () => {
  it('ignores X-Forwarded-For by default: a client cannot name a fresh address each time', async () => {
    expect(await seen('false', { 'X-Forwarded-For': '203.0.113.9' })).toBe('127.0.0.1');
    expect(await seen('', { 'X-Forwarded-For': '203.0.113.9' })).toBe('127.0.0.1');
  });

  it('takes the address a trusted proxy forwarded', async () => {
    expect(await seen('loopback', { 'X-Forwarded-For': '203.0.113.9' })).toBe('203.0.113.9');
    expect(await seen('1', { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' })).toBe('203.0.113.9');
  });

  it('does not believe what an untrusted hop added before the trusted one', async () => {
    // Only the loopback proxy is trusted: the entry it appended is the client, whatever came before it.
    expect(await seen('loopback', { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' })).toBe('203.0.113.9');
  });

  it('counts an IPv6 client by its /64, so one host cannot name endless fresh addresses', async () => {
    expect(ipv6Prefix64('2001:db8:a:b:1:2:3:4')).toBe('2001:db8:a:b::/64');
    expect(ipv6Prefix64('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipv6Prefix64('2001:0db8:000a:0b::ff')).toBe('2001:db8:a:b::/64');
    expect(ipv6Prefix64('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(ipv6Prefix64('::1')).toBe('0:0:0:0::/64');
    expect(await seen('loopback', { 'X-Forwarded-For': '2001:db8:a:b:ffff::9' })).toBe('2001:db8:a:b::/64');
    expect(await seen('loopback', { 'X-Forwarded-For': '2001:db8:a:b:1::9' })).toBe('2001:db8:a:b::/64');
  });

  it('parses the setting', () => {
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('2')).toBe(2);
    expect(trustProxySetting('10.0.0.0/8, loopback')).toBe('10.0.0.0/8, loopback');
  });
});
