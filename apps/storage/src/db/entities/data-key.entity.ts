import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One identifier's data key, wrapped under the tenant key (migration 1799001000000). Deleting the row is the
 * erasure of everything sealed under it, in every backup of the data (crypto-shredding).
 */
@Entity({ name: 'data_key', schema: 'keys' })
@Index('data_key_id_idx', ['tenantId', 'keyId'], { unique: true })
export class DataKeyEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text', primaryKeyConstraintName: 'data_key_pkey' })
  tenantId!: string;

  /** SHA-256 of the identifier, as storage.statement_agent keeps it. */
  @PrimaryColumn({ name: 'ifi_hash', type: 'text', primaryKeyConstraintName: 'data_key_pkey' })
  ifiHash!: string;

  /** Random: what sealed tokens name, so a token says nothing of whose key it is. */
  @Column({ name: 'key_id', type: 'uuid' })
  keyId!: string;

  @Column({ name: 'wrapped_key', type: 'text' })
  wrappedKey!: string;

  @Column({ name: 'kek_id', type: 'text' })
  kekId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
