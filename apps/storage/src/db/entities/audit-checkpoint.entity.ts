import type { AuditCheckpointV1 } from '@custos/contracts';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** An Ed25519 signature over a tenant's chain head at `seq`, for an auditor to keep outside the system. */
@Entity({ name: 'audit_checkpoint', schema: 'storage' })
@Check('audit_checkpoint_kind_check', `kind IN ('periodic', 'retention-start')`)
export class AuditCheckpointEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  /** 'periodic', or 'retention-start': the chain is verified from here after pruning. */
  @PrimaryColumn({ type: 'text' })
  kind!: AuditCheckpointV1['kind'];

  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'public_key_id', type: 'text' })
  publicKeyId!: string;

  @Column({ type: 'text' })
  signature!: string;

  /** The Merkle tree the checkpoint signs (ADR 0010): its size and root; absent on older checkpoints. */
  @Column({ name: 'tree_size', type: 'bigint', nullable: true })
  treeSize!: string | null;

  @Column({ name: 'root_hash', type: 'text', nullable: true })
  rootHash!: string | null;
}
