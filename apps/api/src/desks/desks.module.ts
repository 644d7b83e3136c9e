import { Module } from '@nestjs/common';
import { StaffModule } from '../staff';
import { DeskRepository } from './desk.repository';
import { DeskService } from './desk.service';
import { DesksController } from './desks.controller';

/** Desks: their members and leads, and their keys sealed to members (desk key envelopes). */
@Module({
  imports: [StaffModule],
  controllers: [DesksController],
  providers: [DeskRepository, DeskService],
  exports: [DeskRepository, DeskService],
})
export class DesksModule {}
