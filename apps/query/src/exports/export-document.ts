// How a stored State or Agent Profile document appears in a learner data export: addressed as the xAPI
// Document Resources address it (xAPI 2.0 Communication §2.3, §2.6: activityId, agent, stateId or profileId,
// registration), its agent given back as the learner's identifier instead of the hash storage keeps, and its
// content readable as JSON when it is JSON, else as the exact bytes in base64.
import type { ExportDocumentV1, LinkedAgentV1, StoredExportDocumentV1 } from '@custos/contracts';
import { isJsonMediaType } from '@custos/xapi';

export function exportDocumentOf(
  stored: StoredExportDocumentV1,
  agents: readonly LinkedAgentV1[],
): ExportDocumentV1 {
  const agent = agents.find((a) => a.ifiHash === stored.agentIfiHash)?.agent;
  return {
    kind: stored.kind,
    ...(stored.activityId !== null && { activityId: stored.activityId }),
    ...(agent !== undefined && { agent }),
    ...(stored.kind === 'state' ? { stateId: stored.documentId } : { profileId: stored.documentId }),
    ...(stored.registration !== null && { registration: stored.registration }),
    contentType: stored.contentType,
    updated: stored.updated,
    ...contentOf(stored.contentType, Buffer.from(stored.content, 'base64')),
  };
}

function contentOf(contentType: string, bytes: Buffer): Pick<ExportDocumentV1, 'encoding' | 'content'> {
  if (isJsonMediaType(contentType)) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return { encoding: 'json', content: JSON.parse(text) as unknown };
    } catch {
      // Labelled JSON but not JSON (written before the check, or by another system): keep the bytes.
    }
  }
  return { encoding: 'base64', content: bytes.toString('base64') };
}
