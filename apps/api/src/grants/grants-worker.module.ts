import { Module } from '@nestjs/common';

/** The grants jobs of the worker: overdue report reminders and the finance retention. */
@Module({
  imports: [],
  providers: [],
})
export class GrantsWorkerModule {}
