/** Encrypted case attachments. */
export { FilesModule } from './files.module';
/** Reading one raw chunk body, shared with the grant report files (apps/api/src/grants). */
export { CHUNK_UPLOAD_LIMIT, checkChunkHeaders, readChunkBody } from './chunk-body';
/** The requester's storage quota, checked by case files and grant report files alike. */
export { requireRequesterStorage } from './requester-storage';
