import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The key id of a plain copy (a primary key column cannot be NULL): migration 1799007000000. */
export const PLAIN_ATTACHMENT_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * Attachment data (xAPI 2.0 Data §2.4.11), once per tenant, SHA-2 and data key: statements reference it by their
 * attachments' `sha2`, and it leaves storage only with a statement the caller may read. A statement's attachment
 * is sealed under the data key of each of its data subjects (docs/adr/0013, part 2); the attachment of a statement
 * without one is kept plain under {@link PLAIN_ATTACHMENT_KEY}.
 */
@Entity({ name: 'attachment', schema: 'storage' })
@Index('attachment_key_idx', ['tenantId', 'sealedKeyId'])
export class AttachmentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text', primaryKeyConstraintName: 'attachment_pkey' })
  tenantId!: string;

  /** Lowercase hex SHA-2 of the attachment's bytes (before sealing). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'attachment_pkey' })
  sha2!: string;

  /** The data key `content` is sealed under; {@link PLAIN_ATTACHMENT_KEY}: plain. */
  @PrimaryColumn({ name: 'sealed_key_id', type: 'uuid', primaryKeyConstraintName: 'attachment_pkey' })
  sealedKeyId!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** Octets of the attachment (before sealing). */
  @Column({ type: 'integer' })
  length!: number;

  /** The bytes, or IV ‖ tag ‖ ciphertext of them under the data key `sealedKeyId`. */
  @Column({ type: 'bytea' })
  content!: Buffer;
}
