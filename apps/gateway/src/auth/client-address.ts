// The client address failed sign-ins are also counted against (consent's sign-in throttle). Express works it
// out from the socket, or — only behind a proxy the operator trusts (CUSTOS_GATEWAY__TRUST_PROXY) — from
// X-Forwarded-For; otherwise any client could name a fresh address on every attempt.
import type { Request } from 'express';

/** Express's `trust proxy` setting from CUSTOS_GATEWAY__TRUST_PROXY: off, every proxy, a hop count, or addresses/subnets. */
export function trustProxySetting(value: string): boolean | number | string {
  const v = value.trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/** The client's address, as Express determined it; an IPv4 peer without its IPv6 mapping. */
export function clientAddressOf(req: Request): string | undefined {
  const ip = req.ip ?? req.socket.remoteAddress;
  if (!ip) return undefined;
  return (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip).slice(0, 64);
}
