import { Module } from '@nestjs/common';
import { CaseAccess } from '../cases/case-access';
import { CaseRepository } from '../cases/case.repository';
import { BlobStoreModule } from './blob-store.module';
import { FileRepository } from './file.repository';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';

/** Encrypted case attachments over HTTP (docs/files-api.md). */
@Module({
  imports: [BlobStoreModule],
  controllers: [FilesController],
  providers: [CaseRepository, CaseAccess, FileRepository, FilesService],
})
export class FilesModule {}
