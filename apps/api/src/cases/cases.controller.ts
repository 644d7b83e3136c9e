import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type QueryOf, type StaffPrincipal, MASS_CLOSING, casesContract as c, countsAsClosing } from '@ashar/domain';
import { CurrentStaff, StaffPolicy, StepUpAfter } from '../policy';
import { ContractBody, ContractParams, ContractQuery } from '../http';
import { CaseReadService } from './case-read.service';
import { CaseWorkService } from './case-work.service';

/** The staff side of aid cases. Each route declares its ability; the services check it on the case itself. */
@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly reads: CaseReadService,
    private readonly work: CaseWorkService,
  ) {}

  @Get()
  @StaffPolicy('read', 'AidCase')
  @ApiOperation({ summary: 'Triage inbox of a desk (or the cases assigned to the caller), keyset-paged' })
  inbox(@CurrentStaff() staff: StaffPrincipal, @ContractQuery(c.inbox) q: QueryOf<typeof c.inbox>): Answer<typeof c.inbox> {
    return this.reads.inbox(staff, {
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

  @Get('inbox/desks')
  @StaffPolicy('read', 'AidCase')
  @ApiOperation({ summary: 'The open work of each of the caller’s desks (overdue, by urgency, unread), to open the inbox on the most urgent' })
  inboxDesks(@CurrentStaff() staff: StaffPrincipal): Answer<typeof c.inboxDesks> {
    return this.reads.inboxDesks(staff);
  }

  @Get('inbox/keys')
  @StaffPolicy('read', 'AidCase')
  @ApiOperation({ summary: 'The caller’s case key envelopes and key links of an inbox page’s cases, to open their subject lines in the browser' })
  inboxKeys(@CurrentStaff() staff: StaffPrincipal, @ContractQuery(c.inboxKeys) q: QueryOf<typeof c.inboxKeys>): Answer<typeof c.inboxKeys> {
    return this.reads.inboxKeys(staff, q.ids);
  }

  @Get(':id')
  @StaffPolicy('read', 'AidCase')
  @ApiOperation({ summary: 'A case: its facts, the caller’s case key envelopes and the records they may read (audited)' })
  view(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.view) { id }: ParamsOf<typeof c.view>): Answer<typeof c.view> {
    return this.reads.view(staff, id);
  }

  @Post(':id/urgency')
  @HttpCode(200)
  @StaffPolicy('triage', 'AidCase')
  @ApiOperation({ summary: 'Set the urgency; the first-response due time and its SLA check are re-planned' })
  urgency(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.setUrgency) { id }: ParamsOf<typeof c.setUrgency>, @ContractBody(c.setUrgency) body: BodyOf<typeof c.setUrgency>): Answer<typeof c.setUrgency> {
    return this.work.setUrgency(staff, id, body.urgency);
  }

  @Get(':id/assignees')
  @StaffPolicy('assign', 'AidCase')
  @ApiOperation({ summary: 'Whom the case may be assigned to: active caseworkers and leads of the desks that hold it, by name' })
  assignees(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.assignees) { id }: ParamsOf<typeof c.assignees>): Answer<typeof c.assignees> {
    return this.work.assignees(staff, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @StaffPolicy('assign', 'AidCase')
  @ApiOperation({ summary: 'Assign the case to a caseworker of a desk that holds it, or unassign (lead of the owning desk)' })
  assign(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.assign) { id }: ParamsOf<typeof c.assign>, @ContractBody(c.assign) body: BodyOf<typeof c.assign>): Answer<typeof c.assign> {
    return this.work.assign(staff, id, body.assigneeId);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @StaffPolicy('transition', 'AidCase')
  @StepUpAfter({
    name: 'close-or-decline',
    free: MASS_CLOSING.free,
    windowSeconds: MASS_CLOSING.windowSeconds,
    counts: (body) => typeof body === 'object' && body !== null && countsAsClosing((body as { to?: unknown }).to),
    reason: `You closed or declined more than ${MASS_CLOSING.free} cases in a short time: confirm with your passkey to go on.`,
  })
  @ApiOperation({ summary: 'Move the case through its lifecycle (409 for a move that does not exist, 403 for one not the caller’s)' })
  transition(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.transition) { id }: ParamsOf<typeof c.transition>, @ContractBody(c.transition) body: BodyOf<typeof c.transition>): Answer<typeof c.transition> {
    return this.work.transition(staff, id, body.to);
  }

  @Post(':id/notes')
  @StaffPolicy('write_note', 'AidCase')
  @ApiOperation({ summary: 'Add a note (staff only), encrypted and signed in the browser' })
  note(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.addNote) { id }: ParamsOf<typeof c.addNote>, @ContractBody(c.addNote) body: BodyOf<typeof c.addNote>): Answer<typeof c.addNote> {
    return this.work.addRecord(staff, id, 'note', body);
  }

  @Post(':id/messages')
  @StaffPolicy('write_message', 'AidCase')
  @ApiOperation({ summary: 'Add a message the requester will read; the first one is the first response' })
  message(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.addMessage) { id }: ParamsOf<typeof c.addMessage>, @ContractBody(c.addMessage) body: BodyOf<typeof c.addMessage>): Answer<typeof c.addMessage> {
    return this.work.addRecord(staff, id, 'message', body);
  }

  @Post(':id/referrals')
  @StaffPolicy('refer', 'AidCase')
  @ApiOperation({ summary: 'Refer the case to another desk with the case key sealed to that desk’s current certified key' })
  refer(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.refer) { id }: ParamsOf<typeof c.refer>, @ContractBody(c.refer) body: BodyOf<typeof c.refer>): Answer<typeof c.refer> {
    return this.work.refer(staff, id, body.deskId, body.envelope, body.staffEnvelope);
  }

  @Post(':id/staff-keys')
  @StaffPolicy('write_note', 'AidCase')
  @ApiOperation({ summary: 'Add the staff-only key of the case’s newest epoch, sealed to every desk holding the case (notes and their files go under it)' })
  staffKey(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.addStaffKey) { id }: ParamsOf<typeof c.addStaffKey>, @ContractBody(c.addStaffKey) body: BodyOf<typeof c.addStaffKey>): Answer<typeof c.addStaffKey> {
    return this.work.addStaffKey(staff, id, body);
  }
}
