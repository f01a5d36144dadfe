// xAPI 2.0 Communication §2.1.2 (POST Statements): a batch is stored whole or not at all, so a
// batch naming the same statement id twice is rejected before anything is written.
import { BadRequestError } from '@custos/contracts';

export function checkBatchIds(statements: { id?: string }[]): void {
  const seen = new Set<string>();
  for (const s of statements) {
    if (s.id === undefined) continue;
    const id = s.id.toLowerCase();
    if (seen.has(id)) throw new BadRequestError(`statement id ${id} appears more than once in the batch`);
    seen.add(id);
  }
}
