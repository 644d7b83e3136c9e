import { Module } from '@nestjs/common';
import { StaffAccessCache } from './staff-access.cache';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';

/** The staff directory: members, their roles, desks and keys' certification state. */
@Module({
  controllers: [StaffController],
  providers: [StaffRepository, StaffAccessCache],
  exports: [StaffRepository, StaffAccessCache],
})
export class StaffModule {}
