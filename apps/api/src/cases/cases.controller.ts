import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CASE_STATUSES,
  INBOX_PAGE_DEFAULT,
  INBOX_PAGE_MAX,
  REQUEST_TYPES,
  URGENCIES,
  type Principal,
  type StaffPrincipal,
  assignCaseSchema,
  caseRecordInputSchema,
  caseTransitionSchema,
  idSchema,
  referralSchema,
  setUrgencySchema,
} from '@ashar/domain';
import { z } from 'zod';
import { CurrentPrincipal, Policy } from '../policy';
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
  inbox(@CurrentPrincipal() p: Principal, @Query(new ZodValidationPipe(InboxQuery)) q: z.infer<typeof InboxQuery>) {
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
  view(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.reads.view(staffOf(p), id);
  }

  @Post(':id/urgency')
  @HttpCode(200)
  @Policy('triage', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Set the urgency; the first-response due time and its SLA check are re-planned' })
  urgency(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(setUrgencySchema)) body: z.infer<typeof setUrgencySchema>) {
    return this.work.setUrgency(staffOf(p), id, body.urgency);
  }

  @Get(':id/assignees')
  @Policy('assign', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Whom the case may be assigned to: active caseworkers and leads of the desks that hold it, by name' })
  assignees(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.work.assignees(staffOf(p), id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Policy('assign', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Assign the case to a caseworker of a desk that holds it, or unassign (lead of the owning desk)' })
  assign(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(assignCaseSchema)) body: z.infer<typeof assignCaseSchema>) {
    return this.work.assign(staffOf(p), id, body.assigneeId);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Policy('transition', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Move the case through its lifecycle (409 for a move that does not exist, 403 for one not the caller’s)' })
  transition(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(caseTransitionSchema)) body: z.infer<typeof caseTransitionSchema>) {
    return this.work.transition(staffOf(p), id, body.to);
  }

  @Post(':id/notes')
  @Policy('write_note', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Add a note (staff only), encrypted and signed in the browser' })
  note(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(caseRecordInputSchema)) body: z.infer<typeof caseRecordInputSchema>) {
    return this.work.addRecord(staffOf(p), id, 'note', body);
  }

  @Post(':id/messages')
  @Policy('write_message', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Add a message the requester will read; the first one is the first response' })
  message(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(caseRecordInputSchema)) body: z.infer<typeof caseRecordInputSchema>) {
    return this.work.addRecord(staffOf(p), id, 'message', body);
  }

  @Post(':id/referrals')
  @Policy('refer', 'AidCase', 'staff')
  @ApiOperation({ summary: 'Refer the case to another desk with the case key sealed to that desk’s current certified key' })
  refer(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body(new ZodValidationPipe(referralSchema)) body: z.infer<typeof referralSchema>) {
    return this.work.refer(staffOf(p), id, body.deskId, body.envelope);
  }
}
