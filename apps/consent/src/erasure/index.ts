// What other consent features and composition roots may use of erasure.
export { ErasureModule } from './erasure.module.js';
export {
  DEFAULT_ERASURE_GRACE_SECONDS,
  type ErasureReplayReport,
  ErasureService,
} from './erasure.service.js';
