// xAPI 1.0.3 Data §2.4.2.3 (Inverse Functional Identifier) and Communication §2.1.3 ("agent" filter:
// Agents and Identified Groups are equal when they use the same IFI with equal values) and IEEE
// 9274.1.1 §4.2.2.1 — the canonical identity of an Agent or Identified Group.
//
// Only the parts the spec calls case-insensitive are folded: the mailto scheme and the e-mail domain
// (§2.4.2.3; §2.3.1 "the domain portion of an e-mail address is case insensitive") and the hex digits of
// mbox_sha1sum. The local part of an address, openid and account values are kept exactly.

import { createHash } from 'node:crypto';

import type { Agent, Group, InverseFunctionalIdentifier } from './types.js';

/** mbox with scheme and domain lowercased; the local part is left as sent. */
export function normalizeMbox(mbox: string): string {
  const trimmed = mbox.trim();
  const address = trimmed.slice(trimmed.indexOf(':') + 1);
  const at = address.lastIndexOf('@');
  if (at === -1) return `mailto:${address}`;
  return `mailto:${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
}

/**
 * The canonical IFI string of an Agent or Identified Group: "mbox:mailto:…", "mbox_sha1sum:<hex>",
 * "openid:<uri>" or "account:<homePage>|<name>". Undefined for an anonymous Group. Assumes a validated
 * actor (at most one IFI); if several are present the first in that order wins.
 */
export function ifiOf(actor: Agent | Group): string | undefined {
  const ifi: InverseFunctionalIdentifier = actor;
  if (typeof ifi.mbox === 'string') return `mbox:${normalizeMbox(ifi.mbox)}`;
  if (typeof ifi.mbox_sha1sum === 'string') return `mbox_sha1sum:${ifi.mbox_sha1sum.trim().toLowerCase()}`;
  if (typeof ifi.openid === 'string') return `openid:${ifi.openid.trim()}`;
  // homePage is an IRI, which cannot contain "|", so the separator is unambiguous.
  if (ifi.account) return `account:${ifi.account.homePage.trim()}|${ifi.account.name.trim()}`;
  return undefined;
}

/** SHA-256 (hex) of a canonical IFI; lookup columns store this instead of the learner's identifier. */
export function ifiHash(ifi: string): string {
  return createHash('sha256').update(ifi, 'utf8').digest('hex');
}
