export { HeldSchedule } from './held-schedule.js';
export { PSEUDONYM_HOME_PAGE, pseudonymiseSubjects, pseudonymOf } from './pseudonymise.js';
export { openStatement, sealStatement, tenantHoldKey } from './seal.js';
export { type WriteDecision, WritePurposesService } from './write-purposes.service.js';
export { WritePurposesModule } from './write-purposes.module.js';
