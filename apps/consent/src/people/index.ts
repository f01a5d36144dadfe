// What other consent features may use of people.
export { agentOfIfi, linkedIfis } from './agent-link.js';
export { PeopleModule } from './people.module.js';
export { PeopleService } from './people.service.js';
