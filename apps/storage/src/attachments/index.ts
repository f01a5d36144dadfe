export { attachmentLinks } from './attachment-links.js';
export { type AttachmentData, AttachmentRepository } from './attachment.repository.js';
export { Attachments } from './attachments.service.js';
export { AttachmentsModule } from './attachments.module.js';
