import type { DatabaseTlsFiles } from '@custos/config';

import type { AuditKeySettings, AuditMaintenanceOptions } from '../audit/index.js';
import type { TenantKeySettings } from '../sealing/index.js';

export interface StorageModuleOptions {
  databaseUrl: string;
  /** TLS files beside DATABASE_URL (CUSTOS_DATABASE_CA_FILE, …); absent for the embedded database. */
  databaseTls?: DatabaseTlsFiles;
  poolSize?: number;
  /** Publish storage's events and relay leftovers (default true; false in the CLI, see OutboxOptions.relay). */
  outboxRelay?: boolean;
  /** The audit log's pseudonym and checkpoint-signing keys (audit-keys.ts). */
  audit: AuditKeySettings;
  /** Periodic checkpoints and retention of the audit log (audit-maintenance.ts); absent: none (the CLI). */
  auditMaintenance?: AuditMaintenanceOptions;
  /**
   * The retention purge (retention/): statements per batch (CUSTOS_RETENTION_PURGE_BATCH, default 500) and seconds
   * between scheduled runs (CUSTOS_RETENTION_PURGE_EVERY); absent `everySeconds`: no schedule (the CLI).
   */
  retentionPurge?: { everySeconds?: number; batchSize?: number };
  /**
   * Write purposes (write-purposes/): the key sealing held statements (CUSTOS_HOLD_KEY, hex; absent: derived from
   * the audit pseudonym key) and seconds between rounds of the held-statements job (CUSTOS_HOLD_MAINTAIN_EVERY;
   * absent: no schedule, the CLI).
   */
  writePurposes?: { holdKey?: string; maintainEverySeconds?: number };
  /**
   * The tenant keys data keys are wrapped under (sealing/, CUSTOS_KEY_STORE_*); absent: the `file` provider with a
   * key derived from the audit pseudonym key.
   */
  keyStore?: TenantKeySettings;
  /** Milliseconds between the audit sequencer's rounds over tenants with records waiting (default 250). */
  auditSequenceEveryMs?: number;
}

/** The options the part was opened with; the audit module reads its keys and schedule from them. */
export const STORAGE_OPTIONS = Symbol('STORAGE_OPTIONS');

/**
 * Storage's `UnitsOfWork`, under a token of its own: a process holding several parts (standalone) provides one
 * per part, and a storage service must never open a unit of work on another part's database.
 */
export const STORAGE_UNITS = Symbol('STORAGE_UNITS');
