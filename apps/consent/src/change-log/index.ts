// What other consent features may use of the change log.
export { ChangeLog, ifiHashesOf } from './change-log.repository.js';
export { ChangeLogModule } from './change-log.module.js';
export {
  type Actor,
  adminActor,
  BOOTSTRAP,
  type Change,
  guardianActor,
  learnerActor,
  OPERATOR,
} from './change-records.js';
export { policyChanged, receiptChanged } from './consent-events.js';
