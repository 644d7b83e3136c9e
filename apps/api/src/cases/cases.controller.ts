import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type Principal, type QueryOf, type StaffPrincipal, casesContract as c } from '@ashar/domain';
import { CurrentPrincipal, Policy } from '../policy';
import { ContractBody, ContractParams, ContractQuery } from '../http';
import { CaseReadService } from './case-read.service';
import { CaseWorkService } from './case-work.service';

const staffOf = (p: Principal) => p as StaffPrincipal; // every policy below is staff-only

/** The staff side of aid cases. Each route declares its ability; the services check it on the case itself. */
@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly reads: CaseReadService,
    private readonly work: CaseWorkService,
  ) {}

  @Get()
  @Policy('read', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Triage inbox of a desk (or the cases assigned to the caller), keyset-paged' })
  inbox(@CurrentPrincipal() p: Principal, @ContractQuery(c.inbox) q: QueryOf<typeof c.inbox>): Answer<typeof c.inbox> {
    return this.reads.inbox(staffOf(p), {
      sort: q.sort,
      limit: q.limit,
      ...(q.deskId !== undefined ? { deskId: q.deskId } : {}),
      ...(q.assignee !== undefined ? { assignee: q.assignee } : {}),
      ...(q.status ? { statuses: q.status } : {}),
      ...(q.urgency ? { urgencies: q.urgency } : {}),
      ...(q.type ? { types: q.type } : {}),
      ...(q.dueBefore ? { dueBefore: new Date(q.dueBefore) } : {}),
      ...(q.after !== undefined ? { after: q.after } : {}),
    });
  }

  @Get(':id')
  @Policy('read', 'AidCase', 'staff')
  @ApiOperation({ summary: 'A case: its facts, the caller’s case key envelopes and the records they may read (audited)' })
  view(@CurrentPrincipal() p: Principal, @ContractParams(c.view) { id }: ParamsOf<typeof c.view>): Answer<typeof c.view> {
    return this.reads.view(staffOf(p), id);
  }

  @Post(':id/urgency')
  @HttpCode(200)
  @Policy('triage', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Set the urgency; the first-response due time and its SLA check are re-planned' })
  urgency(@CurrentPrincipal() p: Principal, @ContractParams(c.setUrgency) { id }: ParamsOf<typeof c.setUrgency>, @ContractBody(c.setUrgency) body: BodyOf<typeof c.setUrgency>): Answer<typeof c.setUrgency> {
    return this.work.setUrgency(staffOf(p), id, body.urgency);
  }

  @Get(':id/assignees')
  @Policy('assign', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Whom the case may be assigned to: active caseworkers and leads of the desks that hold it, by name' })
  assignees(@CurrentPrincipal() p: Principal, @ContractParams(c.assignees) { id }: ParamsOf<typeof c.assignees>): Answer<typeof c.assignees> {
    return this.work.assignees(staffOf(p), id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Policy('assign', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Assign the case to a caseworker of a desk that holds it, or unassign (lead of the owning desk)' })
  assign(@CurrentPrincipal() p: Principal, @ContractParams(c.assign) { id }: ParamsOf<typeof c.assign>, @ContractBody(c.assign) body: BodyOf<typeof c.assign>): Answer<typeof c.assign> {
    return this.work.assign(staffOf(p), id, body.assigneeId);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Policy('transition', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Move the case through its lifecycle (409 for a move that does not exist, 403 for one not the caller’s)' })
  transition(@CurrentPrincipal() p: Principal, @ContractParams(c.transition) { id }: ParamsOf<typeof c.transition>, @ContractBody(c.transition) body: BodyOf<typeof c.transition>): Answer<typeof c.transition> {
    return this.work.transition(staffOf(p), id, body.to);
  }

  @Post(':id/notes')
  @Policy('write_note', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Add a note (staff only), encrypted and signed in the browser' })
  note(@CurrentPrincipal() p: Principal, @ContractParams(c.addNote) { id }: ParamsOf<typeof c.addNote>, @ContractBody(c.addNote) body: BodyOf<typeof c.addNote>): Answer<typeof c.addNote> {
    return this.work.addRecord(staffOf(p), id, 'note', body);
  }

  @Post(':id/messages')
  @Policy('write_message', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Add a message the requester will read; the first one is the first response' })
  message(@CurrentPrincipal() p: Principal, @ContractParams(c.addMessage) { id }: ParamsOf<typeof c.addMessage>, @ContractBody(c.addMessage) body: BodyOf<typeof c.addMessage>): Answer<typeof c.addMessage> {
    return this.work.addRecord(staffOf(p), id, 'message', body);
  }

  @Post(':id/referrals')
  @Policy('refer', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Refer the case to another desk with the case key sealed to that desk’s current certified key' })
  refer(@CurrentPrincipal() p: Principal, @ContractParams(c.refer) { id }: ParamsOf<typeof c.refer>, @ContractBody(c.refer) body: BodyOf<typeof c.refer>): Answer<typeof c.refer> {
    return this.work.refer(staffOf(p), id, body.deskId, body.envelope);
  }
}
