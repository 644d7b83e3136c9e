import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type StaffPrincipal, programmeReviewContract as c } from '@ashar/domain';
import { ContractBody, ContractParams } from '../http';
import { CurrentStaff, StaffPolicy } from '../policy';
import { ReviewsService } from './reviews.service';

/**
 * The panel review of calls (docs/calls.md "Review"). Programme managers run it (`update` on
 * FellowshipCall); reviewers are any staff member but an admin once on a call's panel (`review`
 * on FellowshipApplication, checked per application: 404 without an assignment).
 */
@ApiTags('reviews')
@Controller('v1/programme')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Get('calls/:id/rubric')
  @StaffPolicy('review', 'FellowshipApplication')
  @ApiOperation({ summary: 'A call’s rubric, for its programme managers and its reviewers (404 for anyone else)' })
  rubric(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.rubric) { id }: ParamsOf<typeof c.rubric>): Answer<typeof c.rubric> {
    return this.reviews.rubric(staff, id);
  }

  @Put('calls/:id/rubric')
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'Write the rubric: criteria, labels, weights (409 rubric-locked once a review is submitted)' })
  putRubric(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.putRubric) { id }: ParamsOf<typeof c.putRubric>, @ContractBody(c.putRubric) body: BodyOf<typeof c.putRubric>): Answer<typeof c.putRubric> {
    return this.reviews.putRubric(staff, id, body);
  }

  @Get('calls/:id/reviewers')
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'The call’s panel: who reviews which applications' })
  reviewers(@ContractParams(c.reviewers) { id }: ParamsOf<typeof c.reviewers>): Answer<typeof c.reviewers> {
    return this.reviews.assignments(id);
  }

  @Post('calls/:id/reviewers')
  @HttpCode(201)
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'Put a staff member on the panel, for the whole call or a list of applications (replaces their earlier assignment)' })
  assign(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.assign) { id }: ParamsOf<typeof c.assign>, @ContractBody(c.assign) body: BodyOf<typeof c.assign>): Answer<typeof c.assign> {
    return this.reviews.assign(staff, id, body);
  }

  @Delete('calls/:id/reviewers/:reviewerId')
  @HttpCode(204)
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'Take a person off the panel (their submitted reviews stay)' })
  async unassign(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.unassign) { id, reviewerId }: ParamsOf<typeof c.unassign>): Promise<void> {
    await this.reviews.unassign(staff, id, reviewerId);
  }

  @Get('reviews')
  @StaffPolicy('review', 'FellowshipApplication')
  @ApiOperation({ summary: 'The caller’s applications to review and the state of their own reviews' })
  tasks(@CurrentStaff() staff: StaffPrincipal): Answer<typeof c.tasks> {
    return this.reviews.tasks(staff);
  }

  @Post('conflicts')
  @HttpCode(201)
  @StaffPolicy('review', 'FellowshipApplication')
  @ApiOperation({ summary: 'Declare a conflict of interest on an application: the caller no longer reviews, sees its reviews or decides on it' })
  declareConflict(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.declareConflict) body: BodyOf<typeof c.declareConflict>): Answer<typeof c.declareConflict> {
    return this.reviews.declareConflict(staff, body.applicationId);
  }

  @Get('applications/:id/reviews')
  @StaffPolicy('review', 'FellowshipApplication')
  @ApiOperation({ summary: 'The reviews of an application the caller may see: sealed until their own is submitted (audited)' })
  reviewsOf(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.reviews) { id }: ParamsOf<typeof c.reviews>): Answer<typeof c.reviews> {
    return this.reviews.reviewsOf(staff, id);
  }

  @Put('applications/:id/review')
  @StaffPolicy('review', 'FellowshipApplication')
  @ApiOperation({ summary: 'Save or submit the caller’s review: scores 0–5 per criterion and a comment sealed in the browser' })
  saveReview(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.saveReview) { id }: ParamsOf<typeof c.saveReview>, @ContractBody(c.saveReview) body: BodyOf<typeof c.saveReview>): Answer<typeof c.saveReview> {
    return this.reviews.saveReview(staff, id, body);
  }

  @Get('calls/:id/ranking')
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'The ranking by exact weighted score with the suggestion the quotas allow' })
  ranking(@ContractParams(c.ranking) { id }: ParamsOf<typeof c.ranking>): Answer<typeof c.ranking> {
    return this.reviews.ranking(id);
  }

  @Get('calls/:id/decisions')
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'Every application’s decision and the steps the caller may take' })
  decisions(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.decisions) { id }: ParamsOf<typeof c.decisions>): Answer<typeof c.decisions> {
    return this.reviews.decisions(staff, id);
  }

  @Post('applications/:id/decision')
  @HttpCode(200)
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'A step of the decision: propose, confirm (a second person), discard, release (from the notification date)' })
  decide(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.decide) { id }: ParamsOf<typeof c.decide>, @ContractBody(c.decide) body: BodyOf<typeof c.decide>): Answer<typeof c.decide> {
    return this.reviews.decide(staff, id, body);
  }
}
