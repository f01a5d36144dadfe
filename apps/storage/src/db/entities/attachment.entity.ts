import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Attachment data (xAPI 2.0 Data §2.4.11), once per tenant and SHA-2: statements reference it by
 * their attachments' `sha2`, and it leaves storage only with a statement the caller may read.
 */
@Entity({ name: 'attachment', schema: 'storage' })
export class AttachmentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** Lowercase hex SHA-2 of `content`. */
  @PrimaryColumn({ type: 'text' })
  sha2!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** Octets in `content`. */
  @Column({ type: 'integer' })
  length!: number;

  @Column({ type: 'bytea' })
  content!: Buffer;
}
