export { GrantsModule } from './grants.module';
export { GrantsWorkerModule } from './grants-worker.module';
