export { RetentionModule } from './retention.module.js';
export { RetentionSchedule } from './retention-schedule.js';
export { RETENTION_PURGE_OPERATOR, RetentionService } from './retention.service.js';
