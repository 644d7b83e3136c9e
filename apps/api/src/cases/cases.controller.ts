import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CASE_STATUSES,
  INBOX_PAGE_DEFAULT,
  INBOX_PAGE_MAX,
  REQUEST_TYPES,
  URGENCIES,
  type StaffPrincipal,
  assignCaseSchema,
  caseRecordInputSchema,
  caseTransitionSchema,
  idSchema,
  referralSchema,
  setUrgencySchema,
} from '@ashar/domain';
import { z } from 'zod';
import { CurrentStaff, StaffPolicy } from '../policy';
import { ZodValidationPipe } from '../http';
import { CaseReadService } from './case-read.service';
import { CaseWorkService } from './case-work.service';

/** A comma-separated list of known words, e.g. `status=new,triaged`. */
const listOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((text) => [...new Set(text.split(','))])
    .pipe(z.array(z.enum(values)).min(1));

const InboxQuery = z.strictObject({
  deskId: idSchema.optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), idSchema]).optional(),
  status: listOf(CASE_STATUSES).optional(),
  urgency: listOf(URGENCIES).optional(),
  type: listOf(REQUEST_TYPES).optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(['due', 'created']).default('due'),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(INBOX_PAGE_MAX).default(INBOX_PAGE_DEFAULT),
});


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
  inbox(@CurrentStaff() staff: StaffPrincipal, @Query(new ZodValidationPipe(InboxQuery)) q: z.infer<typeof InboxQuery>) {
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

  @Get(':id')
  @StaffPolicy('read', 'AidCase')
  @ApiOperation({ summary: 'A case: its facts, the caller’s case key envelopes and the records they may read (audited)' })
  view(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.reads.view(staff, id);
  }

  @Post(':id/urgency')
  @HttpCode(200)
  @StaffPolicy('triage', 'AidCase')
  @ApiOperation({ summary: 'Set the urgency; the first-response due time and its SLA check are re-planned' })
  urgency(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(setUrgencySchema)) body: z.infer<typeof setUrgencySchema>) {
    return this.work.setUrgency(staff, id, body.urgency);
  }

  @Get(':id/assignees')
  @StaffPolicy('assign', 'AidCase')
  @ApiOperation({ summary: 'Whom the case may be assigned to: active caseworkers and leads of the desks that hold it, by name' })
  assignees(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.work.assignees(staff, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @StaffPolicy('assign', 'AidCase')
  @ApiOperation({ summary: 'Assign the case to a caseworker of a desk that holds it, or unassign (lead of the owning desk)' })
  assign(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(assignCaseSchema)) body: z.infer<typeof assignCaseSchema>) {
    return this.work.assign(staff, id, body.assigneeId);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @StaffPolicy('transition', 'AidCase')
  @ApiOperation({ summary: 'Move the case through its lifecycle (409 for a move that does not exist, 403 for one not the caller’s)' })
  transition(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(caseTransitionSchema)) body: z.infer<typeof caseTransitionSchema>) {
    return this.work.transition(staff, id, body.to);
  }

  @Post(':id/notes')
  @StaffPolicy('write_note', 'AidCase')
  @ApiOperation({ summary: 'Add a note (staff only), encrypted and signed in the browser' })
  note(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(caseRecordInputSchema)) body: z.infer<typeof caseRecordInputSchema>) {
    return this.work.addRecord(staff, id, 'note', body);
  }

  @Post(':id/messages')
  @StaffPolicy('write_message', 'AidCase')
  @ApiOperation({ summary: 'Add a message the requester will read; the first one is the first response' })
  message(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(caseRecordInputSchema)) body: z.infer<typeof caseRecordInputSchema>) {
    return this.work.addRecord(staff, id, 'message', body);
  }

  @Post(':id/referrals')
  @StaffPolicy('refer', 'AidCase')
  @ApiOperation({ summary: 'Refer the case to another desk with the case key sealed to that desk’s current certified key' })
  refer(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(referralSchema)) body: z.infer<typeof referralSchema>) {
    return this.work.refer(staff, id, body.deskId, body.envelope);
  }
}
