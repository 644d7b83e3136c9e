import { Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { DomainError, GeneralError } from '@ashar/domain';
import { Redis } from 'ioredis';
import { type AsharConfig, ASHAR_CONFIG } from '../config';

/** Seconds a client is asked to wait (Retry-After) when Redis cannot be reached. */
export const REDIS_RETRY_AFTER_SECONDS = 10;

/**
 * What a request that needs Redis (sessions, WebAuthn and receipt challenges) is answered with
 * while Redis cannot be reached: 503 problem+json with Retry-After (the problem filter turns the
 * `retryAfter` detail into the header). Nothing was changed.
 */
export class RedisUnavailableError extends DomainError<typeof GeneralError.Unavailable> {
  constructor() {
    super(GeneralError.Unavailable, 'Sign-in and sessions are unavailable for a moment. Nothing was changed. Try again shortly.', { retryAfter: REDIS_RETRY_AFTER_SECONDS });
  }
}

/** Replies by which a reachable Redis says it cannot serve now (loading, read-only replica, out of memory…). */
const UNAVAILABLE_REPLY = /^(LOADING|READONLY|MASTERDOWN|BUSY|OOM|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

/** True for an error that means Redis cannot be reached or cannot serve now (not a bug of the command). */
export function isRedisOutage(err: unknown): boolean {
  if (err instanceof RedisUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  // A reply is Redis answering: only the replies above mean it cannot serve; others are bugs.
  if (err.name === 'ReplyError') return UNAVAILABLE_REPLY.test(err.message);
  return true; // connection closed, not writable, retries exhausted, timed out
}

/**
 * The api's own Redis connection (sessions, WebAuthn challenges, rate limits),
 * apart from BullMQ's. Commands fail fast while Redis is away instead of queueing,
 * and time out after two seconds when it does not answer, so a request gets a clear
 * 503 (run) rather than hanging.
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
      commandTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
    });
    this.client.on('error', () => undefined); // surfaced by the commands that fail
  }

  /** A key under this instance's prefix. */
  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  /** Runs `command`; a Redis that cannot be reached or cannot serve becomes RedisUnavailableError (503). */
  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await command(this.client);
    } catch (err) {
      if (isRedisOutage(err)) throw new RedisUnavailableError();
      throw err;
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}

@Global()
@Module({ providers: [RedisStore], exports: [RedisStore] })
export class RedisModule {}

export const InjectRedis = () => Inject(RedisStore);
