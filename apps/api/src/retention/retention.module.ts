import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store';
import { RetentionProcessor } from './retention.processor';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** The retention purge, in the worker. */
@Module({
  imports: [BlobStoreModule],
  providers: [RetentionRepository, RetentionService, RetentionProcessor],
  exports: [RetentionService],
})
export class RetentionWorkerModule {}
