/** The validated configuration, its injection token and the start-up checks of PostgreSQL and Redis. */
export { type AsharConfig, allowedOrigins, ConfigError, describeTarget, loadConfig } from './config';
export { ASHAR_CONFIG, ConfigModule } from './config.module';
export { ensureDatabase, ensureRedis, ServiceUnavailableError } from './preflight';
