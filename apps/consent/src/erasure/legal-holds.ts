// Legal holds (issue 15, item 3) exempt a person's records from erasure while they last. They are kept elsewhere;
// the erasure asks this one seam whether any holds apply to the person, and blocks when one does. The default
// source knows of none; a module that keeps holds provides ERASURE_HOLDS with its own source.
import type { ErasureBlockerV1 } from '@custos/contracts';
import type { UnitOfWork } from '@custos/platform';

/** A hold that keeps a person's records, as an erasure names it to whoever asked. */
export type LegalHoldBlocker = Extract<ErasureBlockerV1, { kind: 'legal-hold' }>;

export interface ErasureHoldSource {
  /** The holds in force now on `personId`'s records in `tenantId`, read in the erasure's own transaction. */
  holdsOn(uow: UnitOfWork, tenantId: string, personId: string): Promise<LegalHoldBlocker[]>;
}

export const ERASURE_HOLDS = Symbol('ERASURE_HOLDS');

/** No holds are kept: nothing blocks an erasure but legal obligations. */
export const noLegalHolds: ErasureHoldSource = {
  holdsOn: () => Promise.resolve([]),
};
