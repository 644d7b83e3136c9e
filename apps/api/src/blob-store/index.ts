/** Where encrypted file chunks are kept (filesystem or PostgreSQL), for the files routes and the retention purge. */
export { BLOB_STORE, blobKeys, type BlobStore } from './blob-store';
export { BlobStoreModule } from './blob-store.module';
