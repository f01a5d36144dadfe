// xAPI 2.0 Communication §2.5 (Activities resource) under docs/access-model.md "Activity definitions", standalone
// mode (the distributed run of the same check: test/e2e/activities-access.e2e-spec.ts).
import { describe, inject, it } from 'vitest';

import { checkActivityDefinitionAccess } from '../harness/activities-access.js';
import { useConformanceLrs } from './lrs.js';

const lrs = useConformanceLrs();

describe('Activity definitions by who may read what (Communication §2.5)', () => {
  it("tells each caller the define clients' definition plus what the statements it may read carry, audited", () =>
    checkActivityDefinitionAccess({
      baseUrl: lrs.baseUrl,
      databaseUrl: inject('databaseUrl'),
      credentials: lrs.credentials,
      people: lrs.people,
    }));
});
