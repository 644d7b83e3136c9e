/** Encrypted case attachments. */
export { FilesModule } from './files.module';
