export { attachmentLinks } from './attachment-links.js';
export { AttachmentRepository } from './attachment.repository.js';
export { AttachmentsModule } from './attachments.module.js';
