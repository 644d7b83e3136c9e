/** Queues and the transactional outbox that feeds them. */
export { JobsModule } from './jobs.module';
export { OutboxMessage } from './outbox-message.entity';
export { outboxInsertSql, type OutboxJob } from './outbox.repository';
export { OutboxService } from './outbox.service';
export { bullConnection, QUEUES } from './queues';
export { reportRedisErrors } from './redis-errors';
