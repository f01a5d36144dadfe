import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tenant's audit log as its sequencer left it: the newest link of the hash chain, and the Merkle tree over the
 * chain (its size, root and the newest signed tree head). Only the sequencer writes it (ADR 0010).
 */
@Entity({ name: 'audit_head', schema: 'storage' })
export class AuditHeadEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  hash!: string;

  /** Records before the tree: leaf i is the record `tree_base + i + 1` (0 unless pruned before the tree existed). */
  @Column({ name: 'tree_base', type: 'bigint', default: 0 })
  treeBase!: string;

  @Column({ name: 'tree_size', type: 'bigint', default: 0 })
  treeSize!: string;

  /** Hex SHA-256 Merkle root of the tree of `tree_size` leaves. */
  @Column({ name: 'root_hash', type: 'text', nullable: true })
  rootHash!: string | null;

  /** The newest signed tree head: when, with which key, the Ed25519 signature (base64). */
  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true })
  signedAt!: Date | null;

  @Column({ name: 'public_key_id', type: 'text', nullable: true })
  publicKeyId!: string | null;

  @Column({ type: 'text', nullable: true })
  signature!: string | null;
}
