// NKeys for the parts: a seed (the part's secret, CUSTOS_NATS_NKEY_SEED) and its public key (the server's
// environment, referenced by deploy/nats/accounts-<namespace>.conf). The server stores only public keys.
import { PARTS, type Part } from '@custos/contracts';
import { createUser } from '@nats-io/nkeys';

import { serverCredentialVariable } from './nats-permissions.js';

export interface PartKey {
  part: Part;
  /** The part's secret: its CUSTOS_NATS_NKEY_SEED. */
  seed: string;
  /** The user's public key, for the server. */
  publicKey: string;
  /** The variable nats-server reads the public key from. */
  serverVariable: string;
}

/** A fresh NKey user per part. */
export function generatePartKeys(namespace: string): PartKey[] {
  return PARTS.map((part) => {
    const user = createUser();
    return {
      part,
      seed: new TextDecoder().decode(user.getSeed()),
      publicKey: user.getPublicKey(),
      serverVariable: serverCredentialVariable(namespace, part, 'nkey'),
    };
  });
}
