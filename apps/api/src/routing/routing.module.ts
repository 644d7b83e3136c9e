import { Module } from '@nestjs/common';
import { RoutingController } from './routing.controller';
import { RoutingRepository } from './routing.repository';
import { RoutingService } from './routing.service';

/** Routing rules: which desk a new case goes to. */
@Module({
  controllers: [RoutingController],
  providers: [RoutingRepository, RoutingService],
  exports: [RoutingRepository, RoutingService],
})
export class RoutingModule {}
