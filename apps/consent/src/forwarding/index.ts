// What other consent features may use of forwarding: the erasure queues the voiding of what targets received.
export { ForwardingModule } from './forwarding.module.js';
export { ForwardingService } from './forwarding.service.js';
