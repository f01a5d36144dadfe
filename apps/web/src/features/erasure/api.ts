// The learner's erasure requests (docs/privacy-operations.md "Erasure"): ask, follow, cancel inside the grace
// period. Every call acts for the signed-in person.
import { ApiError, api, bearer } from '../../api/client';
import type { components } from '../../api/schema';

export type Erasure = components['schemas']['Erasure'];

function failure(status: number, error: unknown, fallback: string): ApiError {
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : fallback;
  return new ApiError(status, message);
}

export async function myErasures(token: string): Promise<Erasure[]> {
  const { data, error, response } = await api.GET('/api/v1/me/erasure-requests', { headers: bearer(token) });
  if (!data) throw failure(response.status, error, 'erasure requests unavailable');
  return data;
}

export async function requestErasure(token: string): Promise<Erasure> {
  const { data, error, response } = await api.POST('/api/v1/me/erasure-requests', { headers: bearer(token) });
  if (!data) throw failure(response.status, error, 'erasure request refused');
  return data;
}

export async function cancelErasure(token: string, id: string): Promise<Erasure> {
  const { data, error, response } = await api.DELETE('/api/v1/me/erasure-requests/{id}', {
    headers: bearer(token),
    params: { path: { id } },
  });
  if (!data) throw failure(response.status, error, 'cancellation refused');
  return data;
}
