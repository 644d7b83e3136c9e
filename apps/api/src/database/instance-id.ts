import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';

/** Injection token of this deployment's instance id (a string), the salt of receipt keys. */
export const INSTANCE_ID = Symbol('INSTANCE_ID');

/**
 * The instance id: INSTANCE_ID from the environment when given, else the one the migration
 * InstanceId1763700004000 stored for this deployment (random at its first start, or the former
 * default for a deployment that already had requesters). Read once at start.
 */
export async function instanceIdOf(config: Pick<AsharConfig, 'INSTANCE_ID'>, dataSource: DataSource): Promise<string> {
  if (config.INSTANCE_ID) return config.INSTANCE_ID;
  let rows: { instance_id: string }[];
  try {
    rows = await dataSource.query('SELECT instance_id FROM instance_identity');
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') throw new Error('The instance id is not stored yet: apply the migrations first (npm run ashar -- migrate).');
    throw err;
  }
  const id = rows[0]?.instance_id;
  if (!id) throw new Error('The instance id row is missing from instance_identity; set INSTANCE_ID to the value receipt codes were made with.');
  return id;
}

/** Provides INSTANCE_ID everywhere. */
@Global()
@Module({
  providers: [{ provide: INSTANCE_ID, useFactory: instanceIdOf, inject: [ASHAR_CONFIG, getDataSourceToken()] }],
  exports: [INSTANCE_ID],
})
export class InstanceIdModule {}
