import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type StaffPrincipal, callsContract as pub, programmeCallsContract as c } from '@ashar/domain';
import { CurrentStaff, Public, StaffPolicy } from '../policy';
import { ContractBody, ContractParams } from '../http';
import { CallsService } from './calls.service';

/** Programme managers write calls: create, edit, publish, close, decide, archive (docs/calls.md). */
@ApiTags('calls')
@Controller('v1/programme/calls')
export class ProgrammeCallsController {
  constructor(private readonly calls: CallsService) {}

  @Get()
  @StaffPolicy('read', 'FellowshipCall')
  @ApiOperation({ summary: 'Every call with its status and phase (programme managers)' })
  list(): Answer<typeof c.list> {
    return this.calls.list();
  }

  @Post()
  @StaffPolicy('create', 'FellowshipCall')
  @ApiOperation({ summary: 'Create a call as a draft; its times are a local date-time ("24:00" allowed) in an IANA zone' })
  create(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.create) body: BodyOf<typeof c.create>): Answer<typeof c.create> {
    return this.calls.create(staff, body);
  }

  @Get(':id')
  @StaffPolicy('read', 'FellowshipCall')
  @ApiOperation({ summary: 'A call, as programme staff see it' })
  view(@ContractParams(c.view) { id }: ParamsOf<typeof c.view>): Answer<typeof c.view> {
    return this.calls.view(id);
  }

  @Put(':id')
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'Replace a call’s content: a draft, or a published call before its deadline (409 call-state after it)' })
  update(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.update) { id }: ParamsOf<typeof c.update>, @ContractBody(c.update) body: BodyOf<typeof c.update>): Answer<typeof c.update> {
    return this.calls.update(staff, id, body);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @StaffPolicy('update', 'FellowshipCall')
  @ApiOperation({ summary: 'Publish, close (early), decide or archive a call (409 call-state when its phase does not allow it)' })
  transition(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(c.transition) { id }: ParamsOf<typeof c.transition>,
    @ContractBody(c.transition) body: BodyOf<typeof c.transition>,
  ): Answer<typeof c.transition> {
    return this.calls.transition(staff, id, body.transition);
  }
}

/** The public pages of calls: published, closed or decided calls only (filtered in SQL). */
@ApiTags('calls')
@Controller('v1/calls')
export class PublicCallsController {
  constructor(private readonly calls: CallsService) {}

  @Get()
  @Public('a published call is an announcement: anyone may read it, before applying or not; drafts are filtered out in SQL')
  @ApiOperation({ summary: 'Published calls, the soonest deadline first' })
  list(): Answer<typeof pub.list> {
    return this.calls.listPublic();
  }

  @Get(':id')
  @Public('a published call’s page is public; a draft or archived call answers 404 as one that does not exist')
  @ApiOperation({ summary: 'A published call’s page: texts, form, quotas, and its times in its own zone' })
  view(@ContractParams(pub.view) { id }: ParamsOf<typeof pub.view>): Answer<typeof pub.view> {
    return this.calls.viewPublic(id);
  }
}
