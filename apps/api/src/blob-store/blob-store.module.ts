import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { BLOB_STORE, type BlobStore } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { PgBlobStore } from './pg-blob-store';

/** The blob store the configuration names (BLOB_STORE=fs|postgres). */
export function createBlobStore(config: Pick<AsharConfig, 'BLOB_STORE' | 'BLOB_DIR'>, dataSource: DataSource): BlobStore {
  return config.BLOB_STORE === 'postgres' ? new PgBlobStore(dataSource) : new FsBlobStore(config.BLOB_DIR);
}

/** Provides BLOB_STORE to the files routes (api) and the retention purge (worker). */
@Module({
  providers: [{ provide: BLOB_STORE, inject: [ASHAR_CONFIG, getDataSourceToken()], useFactory: createBlobStore }],
  exports: [BLOB_STORE],
})
export class BlobStoreModule {}
