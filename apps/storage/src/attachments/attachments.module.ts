// Attachment data: kept once per tenant and SHA-2, linked to the statements that carry it.
import { Module } from '@nestjs/common';

import { AttachmentRepository } from './attachment.repository.js';

/** The repository takes the caller's unit of work: attachment data commits or leaves with its statements. */
@Module({ providers: [AttachmentRepository], exports: [AttachmentRepository] })
export class AttachmentsModule {}
