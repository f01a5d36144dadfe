// What other consent features may use of people.
export { agentOfIfi, linkedIfis } from './agent-link.js';
export { PeopleModule } from './people.module.js';
export { PeopleService } from './people.service.js';
export {
  ConsentAgency,
  type LearnerAgent,
  MINOR_ALONE,
  NOT_THEIR_GUARDIAN,
  OF_AGE,
} from './consent-agency.service.js';
export { TenantSettingsRepository } from './tenant-settings.repository.js';
