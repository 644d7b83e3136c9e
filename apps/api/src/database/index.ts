/** PostgreSQL plumbing: the data sources and migrations runner, prepared statements, constraint errors, the parameter binder, the stored instance id, the login check. */
export { appDataSourceOptions, migrateDatabase, ownerDatabaseUrl } from './data-source';
export { isUniqueViolation, uniqueViolationOf } from './db-errors';
export { INSTANCE_ID, InstanceIdModule, instanceIdOf } from './instance-id';
export { poolOf, preparedOn, preparedQuery } from './prepared';
export { SqlParams } from './sql-params';
export { loginBeyondAppRole, type RowsOf } from './login-rights';
export { envelopeColumns, type NewSealedEnvelope } from './sealed-envelopes';
