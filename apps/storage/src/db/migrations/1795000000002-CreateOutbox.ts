import { outboxMigration } from '@custos/platform';

/** storage's transactional outbox (libs/platform `TransactionalOutbox`; the shape in outbox-table.ts). */
export class CreateOutbox1795000000002 extends outboxMigration('storage', 'CreateOutbox1795000000002') {}
