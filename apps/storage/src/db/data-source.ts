// The storage part's database: schema `storage`, used by the app, the CLI and the test harness.
import { ownedDatabase } from '@custos/platform';

import { ActivityEntity } from './entities/activity.entity.js';
import { AttachmentEntity } from './entities/attachment.entity.js';
import { StatementAttachmentEntity } from './entities/statement-attachment.entity.js';
import { AuditCheckpointEntity } from './entities/audit-checkpoint.entity.js';
import { AuditHeadEntity } from './entities/audit-head.entity.js';
import { AuditPendingEntity } from './entities/audit-pending.entity.js';
import { AuditTreeNodeEntity } from './entities/audit-tree-node.entity.js';
import { AuditRecordEntity } from './entities/audit-record.entity.js';
import { DataKeyEntity } from './entities/data-key.entity.js';
import { DocumentEntity } from './entities/document.entity.js';
import { HeldStatementEntity } from './entities/held-statement.entity.js';
import { ImportJobEntity } from './entities/import-job.entity.js';
import { KeyErasureEntity } from './entities/key-erasure.entity.js';
import { LegalHoldEntity } from './entities/legal-hold.entity.js';
import { ErasureRunEntity } from './entities/erasure-run.entity.js';
import { OutboxEntity } from './entities/outbox.entity.js';
import { RetentionRuleEntity } from './entities/retention-rule.entity.js';
import { StatementActivityEntity } from './entities/statement-activity.entity.js';
import { StatementAgentEntity } from './entities/statement-agent.entity.js';
import { StatementContextActivityEntity } from './entities/statement-context-activity.entity.js';
import { StatementEntity } from './entities/statement.entity.js';
import { StatementProvenanceEntity } from './entities/statement-provenance.entity.js';
import { CreateStatementTables1795000000000 } from './migrations/1795000000000-CreateStatementTables.js';
import { CreateAuditChain1795000000001 } from './migrations/1795000000001-CreateAuditChain.js';
import { CreateOutbox1795000000002 } from './migrations/1795000000002-CreateOutbox.js';
import { CreateDocumentTable1795000001000 } from './migrations/1795000001000-CreateDocumentTable.js';
import { CreateAttachments1795000002000 } from './migrations/1795000002000-CreateAttachments.js';
import { CreateStatementAttachmentLinks1795000002001 } from './migrations/1795000002001-CreateStatementAttachmentLinks.js';
import { AddStatementTarget1795000003000 } from './migrations/1795000003000-AddStatementTarget.js';
import { CreateActivityDefinitions1795000003001 } from './migrations/1795000003001-CreateActivityDefinitions.js';
import { AddStatementAgentSubject1795000004000 } from './migrations/1795000004000-AddStatementAgentSubject.js';
import { CreateStatementContextActivities1795000005000 } from './migrations/1795000005000-CreateStatementContextActivities.js';
import { AddDocumentAgentIndex1795000007000 } from './migrations/1795000007000-AddDocumentAgentIndex.js';
import { ExtendAuditRecords1795000009000 } from './migrations/1795000009000-ExtendAuditRecords.js';
import { CanonicalActivitiesFromDefineOnly1796000002000 } from './migrations/1796000002000-CanonicalActivitiesFromDefineOnly.js';
import { BoundedTextKeys1796000004000 } from './migrations/1796000004000-BoundedTextKeys.js';
import { AuditTransparencyLog1797000000000 } from './migrations/1797000000000-AuditTransparencyLog.js';
import { DropStatementLinkForeignKeys1797000100000 } from './migrations/1797000100000-DropStatementLinkForeignKeys.js';
import { AuditSequencerBegin1798002000000 } from './migrations/1798002000000-AuditSequencerBegin.js';
import { OutboxTraceContext1798003000000 } from './migrations/1798003000000-OutboxTraceContext.js';
import { CreateRetentionRules1798004000000 } from './migrations/1798004000000-CreateRetentionRules.js';
import { CreateErasureRuns1798005000000 } from './migrations/1798005000000-CreateErasureRuns.js';
import { CreateHeldStatements1798008000001 } from './migrations/1798008000001-CreateHeldStatements.js';
import { CreateStatementProvenance1799003000000 } from './migrations/1799003000000-CreateStatementProvenance.js';
import { CreateImportJobs1799003000001 } from './migrations/1799003000001-CreateImportJobs.js';
import { SealAttachments1799007000000 } from './migrations/1799007000000-SealAttachments.js';
import { CreateKeyStore1799001000000 } from './migrations/1799001000000-CreateKeyStore.js';
import { KeyErasurePerson1799001000001 } from './migrations/1799001000001-KeyErasurePerson.js';

export const STORAGE_SCHEMA = 'storage';

/** The key store's schema (sealing/), owned by storage, backed up apart from the data (docs/operations.md). */
export const KEYS_SCHEMA = 'keys';

/**
 * STORAGE_DB: the DataSource's token in Nest (TypeOrmModule's connection named `storage`); storageDataSource: the DataSource
 * outside Nest (migrations, the CLI, test harnesses); storageDatabaseModule: the database in the part's module,
 * opened at start and closed once the bus has drained.
 */
export const {
  token: STORAGE_DB,
  dataSource: storageDataSource,
  module: storageDatabaseModule,
} = ownedDatabase({
  schema: STORAGE_SCHEMA,
  entities: [
    StatementEntity,
    StatementAgentEntity,
    StatementActivityEntity,
    StatementContextActivityEntity,
    AuditRecordEntity,
    AuditHeadEntity,
    AuditCheckpointEntity,
    AuditPendingEntity,
    AuditTreeNodeEntity,
    OutboxEntity,
    ActivityEntity,
    DocumentEntity,
    AttachmentEntity,
    StatementAttachmentEntity,
    RetentionRuleEntity,
    LegalHoldEntity,
    ErasureRunEntity,
    HeldStatementEntity,
    StatementProvenanceEntity,
    ImportJobEntity,
    DataKeyEntity,
    KeyErasureEntity,
  ],
  migrations: [
    CreateStatementTables1795000000000,
    CreateAuditChain1795000000001,
    CreateOutbox1795000000002,
    CreateDocumentTable1795000001000,
    CreateAttachments1795000002000,
    CreateStatementAttachmentLinks1795000002001,
    AddStatementTarget1795000003000,
    CreateActivityDefinitions1795000003001,
    AddStatementAgentSubject1795000004000,
    CreateStatementContextActivities1795000005000,
    AddDocumentAgentIndex1795000007000,
    ExtendAuditRecords1795000009000,
    CanonicalActivitiesFromDefineOnly1796000002000,
    BoundedTextKeys1796000004000,
    AuditTransparencyLog1797000000000,
    DropStatementLinkForeignKeys1797000100000,
    AuditSequencerBegin1798002000000,
    OutboxTraceContext1798003000000,
    CreateRetentionRules1798004000000,
    CreateErasureRuns1798005000000,
    CreateHeldStatements1798008000001,
    CreateKeyStore1799001000000,
    KeyErasurePerson1799001000001,
    CreateStatementProvenance1799003000000,
    CreateImportJobs1799003000001,
    SealAttachments1799007000000,
  ],
});
