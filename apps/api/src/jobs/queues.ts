import { type ConnectionOptions } from 'bullmq';

/** Every BullMQ queue of the system. Job payloads carry ids, never content. */
export const QUEUES = {
  maintenance: 'maintenance',
  /** Follow-ups of case events (`case-created`). */
  cases: 'cases',
  /** First-response SLA timers: delayed checks, their cancellation, and a sweep. */
  sla: 'sla',
  /** The repeatable retention purge of closed cases. */
  retention: 'retention',
  /** Staff notification e-mails (ids only in the payload; the text never holds case content). */
  mail: 'mail',
  /** Mini-grants: overdue report reminders and the finance retention (repeatable sweeps). */
  grants: 'grants',
  /** The repeatable signed checkpoint of the audit chain's head (files outside the database). */
  audit: 'audit',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** BullMQ connection options for a redis:// URL (BullMQ needs maxRetriesPerRequest null on workers). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return {
    url: redisUrl,
    maxRetriesPerRequest: null,
    // Keep trying to reconnect after an outage, at most every 2 s.
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}
