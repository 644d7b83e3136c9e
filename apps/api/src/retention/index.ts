/** The retention purge and the retention policy case closure applies. */
export { retentionDays } from './retention-policy';
export { RetentionWorkerModule } from './retention.module';
