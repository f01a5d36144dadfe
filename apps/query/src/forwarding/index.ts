export { verifyWebhook, signWebhook, SIGNATURE_HEADER } from './delivery.js';
export { ForwardingModule } from './forwarding.module.js';
