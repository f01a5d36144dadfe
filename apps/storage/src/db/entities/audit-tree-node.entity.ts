import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The hash of one complete, aligned subtree of a tenant's audit Merkle tree (RFC 9162): leaves
 * [idx·2^level, (idx+1)·2^level). Level 0 holds the leaf hashes. Every proof is assembled from these.
 */
@Entity({ name: 'audit_tree_node', schema: 'storage' })
export class AuditTreeNodeEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'smallint' })
  level!: number;

  @PrimaryColumn({ type: 'bigint' })
  idx!: string;

  @Column({ type: 'bytea' })
  hash!: Buffer;
}
