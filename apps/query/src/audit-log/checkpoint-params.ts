// The query string of GET /api/v1/audit/checkpoints (docs/audit.md "Verifying the log"), parsed once: unknown or
// malformed parameters are a 400 naming them.
import { BadRequestError, type ErrorDetail } from '@custos/contracts';

export const DEFAULT_CHECKPOINT_LIMIT = 100;
export const MAX_CHECKPOINT_LIMIT = 1000;

export interface CheckpointListParams {
  /** `desc` (newest first, the default) or `asc`. */
  order: 'asc' | 'desc';
  limit: number;
  /** Continue after this checkpoint (the `next` of the page before). */
  after?: { seq: string; kind: string };
}

const AFTER = /^(\d{1,19}):(periodic|retention-start)$/;

export function parseCheckpointParams(params: Record<string, string>): CheckpointListParams {
  const errors: ErrorDetail[] = [];
  for (const name of Object.keys(params)) {
    if (!['order', 'limit', 'after'].includes(name)) {
      errors.push({ path: name, message: 'unknown parameter' });
    }
  }
  const { order = 'desc', limit, after } = params;
  if (order !== 'asc' && order !== 'desc') errors.push({ path: 'order', message: 'must be asc or desc' });
  const count = limit === undefined ? DEFAULT_CHECKPOINT_LIMIT : Number(limit);
  if (!/^\d+$/.test(limit ?? '1') || count < 1 || count > MAX_CHECKPOINT_LIMIT) {
    errors.push({ path: 'limit', message: `must be a whole number from 1 to ${MAX_CHECKPOINT_LIMIT}` });
  }
  const position = after === undefined ? undefined : AFTER.exec(after);
  if (position === null) errors.push({ path: 'after', message: 'must be the `next` of an earlier page' });
  if (errors.length > 0) {
    throw new BadRequestError(`bad parameters: ${errors.map((e) => e.path).join(', ')}`, errors);
  }
  return {
    order: order as 'asc' | 'desc',
    limit: count,
    ...(position && { after: { seq: position[1]!, kind: position[2]! } }),
  };
}

/** The `after` parameter continuing after `position`. */
export const encodeCheckpointPosition = (position: { seq: string; kind: string }): string =>
  `${position.seq}:${position.kind}`;
