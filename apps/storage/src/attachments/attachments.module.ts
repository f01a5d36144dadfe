// Attachment data: kept once per tenant, SHA-2 and data key, linked to the statements that carry it.
import { Module } from '@nestjs/common';

import { SealingModule } from '../sealing/index.js';
import { AttachmentRepository } from './attachment.repository.js';
import { Attachments } from './attachments.service.js';

/** Takes the caller's unit of work: attachment data commits or leaves with its statements. */
@Module({ imports: [SealingModule], providers: [AttachmentRepository, Attachments], exports: [Attachments] })
export class AttachmentsModule {}
