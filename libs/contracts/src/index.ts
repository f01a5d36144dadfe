export * from './errors.js';
export * from './v1/activities.js';
export * from './subjects.js';
export * from './v1/audit.js';
export * from './v1/credentials.js';
export * from './v1/health.js';
export * from './v1/principal.js';
export * from './v1/statements.js';
