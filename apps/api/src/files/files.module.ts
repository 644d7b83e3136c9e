import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store';
import { CasesModule } from '../cases';
import { FileRepository } from './file.repository';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';

/** Encrypted case attachments over HTTP (docs/files-api.md). */
@Module({
  imports: [BlobStoreModule, CasesModule],
  controllers: [FilesController],
  providers: [FileRepository, FilesService],
})
export class FilesModule {}
