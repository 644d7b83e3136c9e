import { Module } from '@nestjs/common';
import { CallsModule } from '../calls';
import { ReviewRepository } from './review.repository';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';

/** The panel review of calls (docs/calls.md "Review"): rubrics, panels, conflicts, sealed reviews, the ranking and two-person decisions. */
@Module({
  imports: [CallsModule],
  controllers: [ReviewsController],
  providers: [ReviewRepository, ReviewsService],
})
export class ReviewsModule {}
