/** The api's own Redis connection, and what a request meets while Redis is away. */
export { REDIS_RETRY_AFTER_SECONDS, RedisModule, RedisStore, RedisUnavailableError, isRedisOutage } from './redis.module';
