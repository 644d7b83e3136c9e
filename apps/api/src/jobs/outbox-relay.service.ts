import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { OutboxRepository, type PendingOutboxRow } from './outbox.repository';
import { QUEUES } from './queues';
import { reportRedisErrors } from './redis-errors';

const BATCH = 100;
const ADD_TIMEOUT_MS = 2000;

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP
 * LOCKED so several workers can relay at once, and the BullMQ job id is the
 * outbox id, so a row relayed twice (a crash between add and commit) is one job.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues: Map<string, Queue>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
    @InjectQueue(QUEUES.cases) cases: Queue,
    @InjectQueue(QUEUES.sla) sla: Queue,
    @InjectQueue(QUEUES.retention) retention: Queue,
    @InjectQueue(QUEUES.mail) mail: Queue,
  ) {
    this.queues = new Map([
      [QUEUES.maintenance, maintenance],
      [QUEUES.cases, cases],
      [QUEUES.sla, sla],
      [QUEUES.retention, retention],
      [QUEUES.mail, mail],
    ]);
    for (const [name, queue] of this.queues) reportRedisErrors(queue, this.logger, `queue ${name}`);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayAll()
        .catch((err: unknown) => this.logger.warn(`outbox relay paused: ${(err as Error).message}`))
        .then((relayed) => this.schedule(relayed === BATCH ? 0 : this.config.OUTBOX_POLL_MS));
    }, delay);
  }

  /** Relays one batch; returns how many rows were sent. Exposed for tests and the CLI. */
  async relayAll(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.outbox.claimPending(manager, BATCH);
      const sent: string[] = [];
      // One addBulk (one Redis round trip) per queue, in the order the queues first appear.
      const byQueue = new Map<string, PendingOutboxRow[]>();
      for (const row of rows) {
        const group = byQueue.get(row.queue);
        if (group) group.push(row);
        else byQueue.set(row.queue, [row]);
      }
      for (const [name, group] of byQueue) {
        const queue = this.queues.get(name);
        const ids = group.map((row) => row.id);
        if (!queue) {
          await this.outbox.markFailed(manager, ids, `unknown queue ${name}`);
          continue;
        }
        try {
          const now = Date.now();
          await withTimeout(
            queue.addBulk(
              group.map((row) => ({
                name: row.name,
                data: row.payload,
                opts: {
                  jobId: row.job_id ?? row.id,
                  delay: Math.max(0, new Date(row.run_at).getTime() - now),
                  attempts: 5,
                  backoff: { type: 'exponential', delay: 1000 },
                  removeOnComplete: { age: 24 * 3600, count: 10000 },
                  removeOnFail: { age: 7 * 24 * 3600 },
                },
              })),
            ),
            ADD_TIMEOUT_MS,
          );
          sent.push(...ids);
        } catch (err) {
          await this.outbox.markFailed(manager, ids, String((err as Error).message));
          break;
        }
      }
      if (sent.length > 0) await this.outbox.markSent(manager, sent);
      return sent.length;
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
