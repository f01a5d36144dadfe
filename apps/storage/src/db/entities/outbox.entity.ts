import { OutboxColumns } from '@custos/platform';
import { Entity } from 'typeorm';

/**
 * Events written in the same transaction as the data they announce, then published to JetStream.
 * A crash between commit and publish leaves the row here, and the relay publishes it later.
 */
@Entity({ name: 'outbox', schema: 'storage' })
export class OutboxEntity extends OutboxColumns {}
