import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store';
import { IncompleteUploadsService } from './incomplete-uploads.service';
import { RetentionProcessor } from './retention.processor';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** The retention purge and the sweep of uploads never completed, in the worker. */
@Module({
  imports: [BlobStoreModule],
  providers: [RetentionRepository, RetentionService, IncompleteUploadsService, RetentionProcessor],
  exports: [RetentionService, IncompleteUploadsService],
})
export class RetentionWorkerModule {}
