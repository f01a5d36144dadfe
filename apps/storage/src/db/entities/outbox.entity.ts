import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Events written in the same transaction as the data they announce, then published to JetStream.
 * A crash between commit and publish leaves the row here, and the relay publishes it later.
 */
@Entity({ name: 'outbox', schema: 'storage' })
export class OutboxEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
