import { OutboxColumns } from '@custos/platform';
import { Entity } from 'typeorm';

/**
 * `consent.changed` events written in the same transaction as the change they announce, then published to
 * JetStream. A crash between commit and publish leaves the row here, and the relay publishes it later.
 */
@Entity({ name: 'outbox', schema: 'consent' })
export class ConsentOutboxEntity extends OutboxColumns {}
