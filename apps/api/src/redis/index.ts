/** The api's own Redis connection. */
export { RedisModule, RedisStore } from './redis.module';
