import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * `consent.changed` events written in the same transaction as the change they announce, then published to
 * JetStream. A crash between commit and publish leaves the row here, and the relay publishes it later.
 */
@Entity({ name: 'outbox', schema: 'consent' })
export class ConsentOutboxEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
