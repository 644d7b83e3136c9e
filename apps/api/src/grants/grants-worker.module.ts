import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store';
import { FinanceRetentionService } from './finance-retention.service';
import { GrantsJobsProcessor } from './report-reminders.processor';
import { ReportRemindersService } from './report-reminders.service';

/** The grants jobs of the worker: overdue report reminders and the finance retention. */
@Module({
  imports: [BlobStoreModule],
  providers: [ReportRemindersService, FinanceRetentionService, GrantsJobsProcessor],
  exports: [ReportRemindersService, FinanceRetentionService],
})
export class GrantsWorkerModule {}
