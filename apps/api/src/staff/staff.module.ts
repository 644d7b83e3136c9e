import { Module } from '@nestjs/common';
import { StaffController } from './staff.controller';
import { StaffRepository } from './staff.repository';

/** The staff directory: members, their roles, desks and keys' certification state. */
@Module({
  controllers: [StaffController],
  providers: [StaffRepository],
  exports: [StaffRepository],
})
export class StaffModule {}
