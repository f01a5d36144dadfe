import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One xAPI document (State, Activity Profile or Agent Profile): its address, its exact bytes and the
 * metadata the HTTP layer needs (Content-Type, ETag, Last-Modified).
 */
@Entity({ name: 'document', schema: 'storage' })
// The unique key `document_key` is on the digests of the activity and document ids, NULLS NOT DISTINCT, which
// TypeORM cannot express: it lives in migration 1796000004000 (BoundedTextKeys) only.
@Index('document_key', { synchronize: false })
@Index('document_agent_idx', ['tenantId', 'agentIfiHash', 'id'], { where: 'agent_ifi_hash IS NOT NULL' })
@Check(
  'document_kind_shape',
  `(kind = 'state' AND activity_id IS NOT NULL AND agent_ifi_hash IS NOT NULL)
    OR (kind = 'activityProfile' AND activity_id IS NOT NULL AND agent_ifi_hash IS NULL
        AND registration IS NULL)
    OR (kind = 'agentProfile' AND activity_id IS NULL AND agent_ifi_hash IS NOT NULL
        AND registration IS NULL)`,
)
export class DocumentEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', name: 'id', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** `state`, `activityProfile` or `agentProfile`. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'activity_id', type: 'text', nullable: true })
  activityId!: string | null;

  /** SHA-256 of the agent's canonical identifier, never the identifier itself. */
  @Column({ name: 'agent_ifi_hash', type: 'text', nullable: true })
  agentIfiHash!: string | null;

  @Column({ type: 'uuid', nullable: true })
  registration!: string | null;

  /** The stateId or profileId. */
  @Column({ name: 'document_id', type: 'text' })
  documentId!: string;

  @Column({ type: 'bytea' })
  content!: Buffer;

  /** The data key `content` is sealed under (State and Agent Profile documents); NULL: plain (migration 1799001000000). */
  @Column({ name: 'sealed_key_id', type: 'uuid', nullable: true })
  sealedKeyId!: string | null;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** SHA-1 hex of `content`, unquoted. */
  @Column({ type: 'text' })
  etag!: string;

  @Column({ type: 'timestamptz' })
  updated!: Date;
}
