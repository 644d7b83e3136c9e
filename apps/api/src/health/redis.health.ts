import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { type AsharConfig, ASHAR_CONFIG } from '../config';

const PING_TIMEOUT_MS = 1000;

/** Readiness of Redis: a PING on a connection of its own that fails fast instead of queueing. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(ASHAR_CONFIG) config: AsharConfig,
  ) {
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: PING_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.redis.on('error', () => undefined); // reported through the check, not the log
  }

  async isHealthy(key: string) {
    const indicator = this.health.check(key);
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      const started = Date.now();
      const reply = await Promise.race([
        this.redis.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS).unref()),
      ]);
      if (reply !== 'PONG') return indicator.down({ message: `unexpected PING reply` });
      return indicator.up({ latencyMs: Date.now() - started });
    } catch (err) {
      return indicator.down({ message: redisReason(err) });
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

function redisReason(err: unknown): string {
  const message = (err as Error).message ?? 'unknown error';
  if (/Stream isn't writeable|enableOfflineQueue/i.test(message)) return 'connection to Redis is down; reconnecting';
  return message.split('\n')[0]!.slice(0, 200);
}
