// The client address failed sign-ins are also counted against (consent's sign-in throttle). Express works it
// out from the socket, or — only behind a proxy the operator trusts (CUSTOS_GATEWAY__TRUST_PROXY) — from
// X-Forwarded-For; otherwise any client could name a fresh address on every attempt.
import { isIPv6 } from 'node:net';

import type { Request } from 'express';

/** Express's `trust proxy` setting from CUSTOS_GATEWAY__TRUST_PROXY: off, every proxy, a hop count, or addresses/subnets. */
export function trustProxySetting(value: string): boolean | number | string {
  const v = value.trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/**
 * The client's address, as Express determined it: an IPv4 peer without its IPv6 mapping, an IPv6 peer as its /64
 * (one host usually holds a whole /64, so counting single addresses would give it endless fresh ones).
 */
export function clientAddressOf(req: Request): string | undefined {
  const ip = req.ip ?? req.socket.remoteAddress;
  if (!ip) return undefined;
  if (ip.startsWith('::ffff:') && ip.includes('.')) return ip.slice(7);
  return isIPv6(ip) ? ipv6Prefix64(ip) : ip.slice(0, 64);
}

/** `2001:db8:a:b:1:2:3:4` → `2001:db8:a:b::/64` (zone ids dropped). */
export function ipv6Prefix64(ip: string): string {
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
