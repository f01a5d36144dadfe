export { LearnerRecordsModule } from './learner-records.module.js';
