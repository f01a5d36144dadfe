// The forwarding targets of the admin's tenant and their delivery status (docs/flows.md "Forwarding"), typed by the
// gateway's OpenAPI document. Every call acts for the signed-in admin.
import { ApiError, api, bearer } from '../../api/client';
import type { components } from '../../api/schema';

export type ForwardingTarget = components['schemas']['ForwardingTarget'];
export type ForwardingStatus = components['schemas']['ForwardingStatus'];
export type TargetWithStatus = ForwardingTarget & { status: ForwardingStatus };

function failure(status: number, error: unknown, fallback: string): ApiError {
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : fallback;
  return new ApiError(status, message);
}

export async function listTargets(token: string): Promise<TargetWithStatus[]> {
  const { data, error, response } = await api.GET('/api/v1/forwarding/targets', { headers: bearer(token) });
  if (!data) throw failure(response.status, error, 'forwarding targets unavailable');
  return data;
}

/** Pauses (statements stored meanwhile are not queued for it) or resumes a target. */
export async function setEnabled(token: string, id: string, enabled: boolean): Promise<ForwardingTarget> {
  const { data, error, response } = await api.PATCH('/api/v1/forwarding/targets/{id}', {
    headers: bearer(token),
    params: { path: { id } },
    body: { enabled },
  });
  if (!data) throw failure(response.status, error, 'the target could not be changed');
  return data;
}
