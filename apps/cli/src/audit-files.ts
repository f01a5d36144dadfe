// What an auditor keeps outside the system, as `custos audit verify` reads it back (docs/audit.md "Verifying the
// log"): the public key (the PEM, or the JSON of GET /api/v1/audit/public-key) and checkpoints (the JSON of GET or
// POST /api/v1/audit/checkpoints, an array of checkpoints, or one checkpoint per line).
import { AuditCheckpointV1, type VerifyAuditReplyV1 } from '@custos/contracts';

/** The PEM in a kept public-key file. */
export function publicKeyPemOf(text: string, file: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  const parsed = parseJson(trimmed, file) as { publicKeyPem?: unknown };
  if (typeof parsed.publicKeyPem !== 'string') throw new Error(`${file} has no publicKeyPem`);
  return parsed.publicKeyPem;
}

/**
 * The checkpoints of `tenantId` in a kept file: a JSON document, or one per line, each a checkpoint, an array of
 * them or an answer of the API holding `checkpoints`. An error names the file and the first bad entry.
 */
export function checkpointsOf(text: string, file: string, tenantId: string): AuditCheckpointV1[] {
  const trimmed = text.trim();
  let documents: unknown[];
  try {
    documents = trimmed === '' ? [] : [JSON.parse(trimmed)];
  } catch {
    // One JSON document per line: checkpoints appended to a file as they were fetched.
    documents = trimmed
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => parseJson(line, `${file} line ${i + 1}`));
  }
  const entries = documents.flatMap((doc) => {
    if (Array.isArray(doc)) return doc as unknown[];
    const held = (doc as { checkpoints?: unknown } | null)?.checkpoints;
    return Array.isArray(held) ? (held as unknown[]) : [doc];
  });
  return entries
    .map((entry, i) => {
      const parsed = AuditCheckpointV1.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}: checkpoint #${i + 1} is not one: ${issue.path.join('.')} ${issue.message}`);
      }
      return parsed.data;
    })
    .filter((checkpoint) => checkpoint.tenantId === tenantId);
}

/** The JSON of an evidence pack file; what it holds is checked by the verifier, which names what is wrong. */
export function evidenceOf(text: string, file: string): unknown {
  return parseJson(text, file);
}

/** One line for the terminal: whole or broken, and where. */
export function verdictOf(tenantId: string, result: VerifyAuditReplyV1): string {
  const signatures =
    result.signatures === 'not-checked'
      ? ' Checkpoint signatures were NOT checked: no signing key is configured here and no --public-key was given.'
      : '';
  if (!result.ok) {
    const broken = result.firstBroken!;
    return `audit log of ${tenantId}: BROKEN at record ${broken.seq}: ${broken.reason}.${signatures}`;
  }
  const checkpoints = result.checkpoints;
  const kept = result.kept ? `, ${result.kept.valid} of ${result.kept.total} kept checkpoints match` : '';
  const unknown = [...(checkpoints?.problems ?? []), ...(result.kept?.problems ?? [])].filter(
    (p) => p.problem === 'unknown-key',
  ).length;
  const warning =
    unknown > 0 ? ` ${unknown} checkpoint(s) signed by a key not trusted here were ignored.` : '';
  return (
    `audit log of ${tenantId}: OK, ${result.checked} records verified (from record ${result.startSeq ?? '1'})` +
    `, ${checkpoints?.valid ?? 0} of ${checkpoints?.total ?? 0} checkpoints valid${kept}.${warning}${signatures}`
  );
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
}
