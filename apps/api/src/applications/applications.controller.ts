import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Answer,
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type RequesterPrincipal,
  type StaffPrincipal,
  applicationsContract as pub,
  programmeApplicationsContract as pm,
  requesterApplicationContract as own,
} from '@ashar/domain';
import { ProofOfWork } from '../auth';
import { ContractBody, ContractParams, ContractQuery } from '../http';
import { CurrentRequester, CurrentStaff, Public, SignedIn, StaffPolicy } from '../policy';
import { ApplicationsService } from './applications.service';

/** Anyone applies to an open call, encrypted in the browser (docs/calls.md "Applications"). */
@ApiTags('applications')
@Controller('v1/calls/:id/applications')
export class PublicApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @HttpCode(201)
  @Public('anyone may apply to an open call; the receipt keys made in the browser become their account')
  @ProofOfWork('application')
  @ApiOperation({ summary: 'Apply: the signed, encrypted application and its key sealed to the programme desk and the applicant (409 call-closed after the deadline)' })
  submit(@ContractParams(pub.submit) { id }: ParamsOf<typeof pub.submit>, @ContractBody(pub.submit) body: BodyOf<typeof pub.submit>): Answer<typeof pub.submit> {
    return this.applications.submit(id, body);
  }
}

/** The applicant, signed in with their receipt code: their own application only. */
@ApiTags('requesters')
@Controller('v1/requester/application')
export class RequesterApplicationController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  @SignedIn('requester')
  @ApiOperation({ summary: 'The applicant’s application: its latest version, their envelope and the list of versions (audited)' })
  view(@CurrentRequester() requester: RequesterPrincipal): Answer<typeof own.view> {
    return this.applications.viewOfRequester(requester);
  }

  @Post('versions')
  @HttpCode(201)
  @SignedIn('requester')
  @ApiOperation({ summary: 'A new version, until the call’s deadline (409 call-closed after); the old versions are kept' })
  revise(@CurrentRequester() requester: RequesterPrincipal, @ContractBody(own.revise) body: BodyOf<typeof own.revise>): Answer<typeof own.revise> {
    return this.applications.revise(requester, body);
  }

  @Post('withdrawal')
  @HttpCode(200)
  @SignedIn('requester')
  @ApiOperation({ summary: 'Withdraw the application, until the call’s deadline' })
  withdraw(@CurrentRequester() requester: RequesterPrincipal, @ContractBody(own.withdraw) _body: BodyOf<typeof own.withdraw>): Answer<typeof own.withdraw> {
    return this.applications.withdraw(requester);
  }
}

/** Programme managers read the applications of their calls. */
@ApiTags('applications')
@Controller('v1/programme')
export class ProgrammeApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get('calls/:id/applications')
  @StaffPolicy('read', 'FellowshipApplication')
  @ApiOperation({ summary: 'A call’s applications: metadata only (status, person or organisation, country), filtered and paged in SQL' })
  list(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(pm.list) { id }: ParamsOf<typeof pm.list>,
    @ContractQuery(pm.list) query: QueryOf<typeof pm.list>,
  ): Answer<typeof pm.list> {
    return this.applications.listOfCall(staff, id, query);
  }

  @Get('applications/:id')
  @StaffPolicy('read', 'FellowshipApplication')
  @ApiOperation({ summary: 'An application’s latest version, with the envelopes for the reader’s programme-desk keys (audited)' })
  view(@CurrentStaff() staff: StaffPrincipal, @ContractParams(pm.view) { id }: ParamsOf<typeof pm.view>): Answer<typeof pm.view> {
    return this.applications.viewForProgramme(staff, id);
  }
}
