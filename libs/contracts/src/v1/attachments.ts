// Attachment data as it travels between parts (xAPI 2.0 Communication §1.5.2, Data §2.4.11):
// the raw bytes of one multipart part, keyed by their SHA-2 digest, base64 in JSON. Large
// bodies are fine: the NATS bus moves messages above max_payload through the object store.
import { z } from 'zod';

export const AttachmentPartV1 = z.object({
  /** Lowercase hex SHA-2 (256, 384 or 512) of the raw bytes: the attachment's `sha2`. */
  sha2: z.string().regex(/^(?:[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/),
  contentType: z.string().min(1),
  /** The raw bytes, base64 (standard alphabet, padded). */
  content: z.string(),
});
export type AttachmentPartV1 = z.infer<typeof AttachmentPartV1>;
