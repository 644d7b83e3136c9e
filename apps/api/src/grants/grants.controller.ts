import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type QueryOf, type StaffPrincipal, grantsContract as c } from '@ashar/domain';
import { CurrentStaff, SignedIn, StaffPolicy } from '../policy';
import { ContractBody, ContractParams, ContractQuery } from '../http';
import { GrantApprovalsService } from './grant-approvals.service';
import { GrantReadService } from './grant-read.service';
import { GrantWorkService } from './grant-work.service';

/**
 * The staff side of grants. Each route declares its ability; the services check it on the grant
 * itself (in SQL). The grant page and the payee details answer 404 to anyone who cannot reach
 * the grant, admins and auditors included, so they are marked signed-in and checked in full below.
 */
@ApiTags('grants')
@Controller('v1')
export class GrantsController {
  constructor(
    private readonly reads: GrantReadService,
    private readonly work: GrantWorkService,
    private readonly approvals: GrantApprovalsService,
  ) {}

  @Post('cases/:caseId/grants')
  @StaffPolicy('create', 'Grant')
  @ApiOperation({ summary: 'Propose a grant on a case the caller works, with the grant key sealed to the finance desk, the case’s desks, the proposer and the requester' })
  propose(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.propose) { caseId }: ParamsOf<typeof c.propose>, @ContractBody(c.propose) body: BodyOf<typeof c.propose>): Answer<typeof c.propose> {
    return this.work.propose(staff, caseId, body);
  }

  @Get('cases/:caseId/grants')
  @StaffPolicy('read', 'Grant')
  @ApiOperation({ summary: 'The grants of a case the caller may read' })
  ofCase(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.ofCase) { caseId }: ParamsOf<typeof c.ofCase>): Answer<typeof c.ofCase> {
    return this.reads.ofCase(staff, caseId);
  }

  @Get('grants')
  @StaffPolicy('read', 'Grant')
  @ApiOperation({ summary: 'Grants the caller may read, filtered in SQL; waiting=approval lists submitted grants with the caller’s standing and why not' })
  list(@CurrentStaff() staff: StaffPrincipal, @ContractQuery(c.list) q: QueryOf<typeof c.list>): Answer<typeof c.list> {
    return this.reads.list(staff, q);
  }

  @Get('grants/:id')
  @SignedIn('staff')
  @ApiOperation({ summary: 'A grant: terms, signed approvals with the signers’ keys, the caller’s standing, their envelopes, payee details if theirs to read (audited), tranches, reports, timeline' })
  view(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.view) { id }: ParamsOf<typeof c.view>): Answer<typeof c.view> {
    return this.reads.view(staff, id);
  }

  @Put('grants/:id/terms')
  @StaffPolicy('update', 'Grant')
  @ApiOperation({ summary: 'New terms on the version read (409 stale-terms otherwise): a new version, earlier approvals void' })
  updateTerms(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.updateTerms) { id }: ParamsOf<typeof c.updateTerms>, @ContractBody(c.updateTerms) body: BodyOf<typeof c.updateTerms>): Answer<typeof c.updateTerms> {
    return this.work.updateTerms(staff, id, body);
  }

  @Post('grants/:id/transitions')
  @HttpCode(200)
  @StaffPolicy('read', 'Grant')
  @ApiOperation({ summary: 'Move the grant (submit, more information, withdraw, cancel, complete the disbursement, close) as the lifecycle lets the caller' })
  transition(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.transition) { id }: ParamsOf<typeof c.transition>, @ContractBody(c.transition) body: BodyOf<typeof c.transition>): Answer<typeof c.transition> {
    return this.work.transition(staff, id, body.to, body.reason);
  }

  @Post('grants/:id/approvals')
  @StaffPolicy('approve', 'Grant')
  @ApiOperation({ summary: 'Approve or reject, signed over the current terms; the final approval commits the money (409 budget-exhausted, 403 approval-refused with the reason)' })
  decide(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.decide) { id }: ParamsOf<typeof c.decide>, @ContractBody(c.decide) body: BodyOf<typeof c.decide>): Answer<typeof c.decide> {
    return this.approvals.decide(staff, id, body);
  }

  @Post('grants/:id/conflicts')
  @StaffPolicy('read', 'Grant')
  @ApiOperation({ summary: 'Declare a conflict of interest on the grant: the caller may not approve it' })
  declareConflict(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.declareConflict) { id }: ParamsOf<typeof c.declareConflict>, @ContractBody(c.declareConflict) _body: BodyOf<typeof c.declareConflict>): Answer<typeof c.declareConflict> {
    return this.work.declareConflict(staff, id);
  }

  @Put('grants/:id/payee')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Write the payee details (grant-payee ciphertext signed by the caller): the case’s staff only' })
  async setPayee(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.setPayee) { id }: ParamsOf<typeof c.setPayee>, @ContractBody(c.setPayee) body: BodyOf<typeof c.setPayee>): Promise<void> {
    await this.work.setPayee(staff, id, body);
  }
}
