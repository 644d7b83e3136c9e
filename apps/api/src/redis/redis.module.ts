import { Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { type AsharConfig, ASHAR_CONFIG } from '../config';

/**
 * The api's own Redis connection (sessions, WebAuthn challenges, rate limits),
 * apart from BullMQ's. Commands fail fast while Redis is away instead of queueing,
 * so a request gets a clear 503 rather than hanging.
 */
@Injectable()
export class RedisStore implements OnModuleDestroy {
  readonly client: Redis;
  private readonly prefix: string;

  constructor(@Inject(ASHAR_CONFIG) config: AsharConfig) {
    this.prefix = `${config.REDIS_PREFIX}:`;
    this.client = new Redis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
    });
    this.client.on('error', () => undefined); // surfaced by the commands that fail
  }

  /** A key under this instance's prefix. */
  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisStore], exports: [RedisStore] })
export class RedisModule {}

export const InjectRedis = () => Inject(RedisStore);
