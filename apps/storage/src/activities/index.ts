export { ActivitiesModule } from './activities.module.js';
export { ActivityRepository } from './activity.repository.js';
