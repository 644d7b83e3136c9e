/** Queues and the transactional outbox that feeds them. */
export { JobsModule } from './jobs.module';
export { OutboxMessage } from './outbox-message.entity';
export { outboxInsert, type OutboxJob, OutboxService } from './outbox.service';
export { bullConnection, QUEUES } from './queues';
export { reportRedisErrors } from './redis-errors';
