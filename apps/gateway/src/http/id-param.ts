// An id in an /api/v1 path or query. A malformed one names nothing that exists, so it is a 404 like an unknown
// one; a good one is lowercased, as ids are stored and compared.
import { NotFoundError } from '@custos/contracts';
import { isUuid } from '@custos/xapi';

/** `id` lowercased; NotFoundError(`no such ${what}`) when it is not a UUID. */
export function idParam(id: string, what: string): string {
  if (!isUuid(id)) throw new NotFoundError(`no such ${what}`);
  return id.toLowerCase();
}
