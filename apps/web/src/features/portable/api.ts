// A learner carries their records (docs/flows.md "A learner carries their records"): their signed archive
// (GET /api/v1/me/portable) and bringing one from another institution (POST /api/v1/me/imports). Both act for the
// signed-in person.
import { ApiError, NO_BROWSER_CREDENTIALS, bearer } from '../../api/client';
import type { components } from '../../api/schema';

export type ImportReply = components['schemas']['PortableImportReply'];

const messageOf = async (res: Response, fallback: string): Promise<string> => {
  try {
    const body = (await res.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : fallback;
  } catch {
    return fallback;
  }
};

/** The signed archive as a file, and how many statements it holds. */
export async function myPortableArchive(token: string): Promise<{ file: Blob; statements: number }> {
  const res = await fetch('/api/v1/me/portable', { ...NO_BROWSER_CREDENTIALS, headers: bearer(token) });
  if (!res.ok) throw new ApiError(res.status, await messageOf(res, 'records unavailable'));
  const text = await res.text();
  let statements = 0;
  try {
    const { payload } = JSON.parse(text) as { payload: string };
    const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    statements = (JSON.parse(json) as { statements: unknown[] }).statements.length;
  } catch {
    // The count is only shown; the file is what matters.
  }
  return { file: new Blob([text], { type: 'application/jose+json' }), statements };
}

/** Sends an archive file's text as it is; the server checks everything. */
export async function bringArchive(token: string, text: string): Promise<ImportReply> {
  const res = await fetch('/api/v1/me/imports', {
    ...NO_BROWSER_CREDENTIALS,
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body: text,
  });
  if (!res.ok) throw new ApiError(res.status, await messageOf(res, 'the records were not accepted'));
  return (await res.json()) as ImportReply;
}
