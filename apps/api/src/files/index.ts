/** Encrypted case attachments. */
export { FilesModule } from './files.module';
/** Reading one raw chunk body, shared with the grant report files (apps/api/src/grants). */
export { checkChunkHeaders, readChunkBody } from './chunk-body';
