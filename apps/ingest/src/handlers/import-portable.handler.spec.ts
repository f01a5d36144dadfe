import { randomUUID } from 'node:crypto';

import { aStatement } from '@custos/testing';
import { ifiHash } from '@custos/xapi';
import { describe, expect, it } from 'vitest';

import { ownStatements } from './import-portable.handler.js';

const ana = { objectType: 'Agent', mbox: 'mailto:ana@example.org' };
const bob = { objectType: 'Agent', mbox: 'mailto:bob@example.org' };
const anaHashes = [ifiHash('mbox:mailto:ana@example.org')];

describe('a portable import keeps only statements about the signed-in person', () => {
  it("keeps Ana's (as actor or group member), refuses Bob's by id, and passes an invalid one on to be named", () => {
    const own = aStatement({ actor: ana });
    const inGroup = aStatement({ actor: { objectType: 'Group', member: [ana, bob] } });
    const about = aStatement({ actor: bob, object: ana, id: randomUUID() });
    const invalid = { id: 'not-a-statement', actor: ana };
    const { own: kept, refused } = ownStatements([own, inGroup, about, invalid], anaHashes);
    expect(kept).toEqual([own, inGroup, invalid]);
    // Ana as the object is not a data subject of Bob's statement.
    expect(refused).toEqual([{ id: about.id, reason: 'none of its data subjects is linked to you here' }]);
  });
});
