import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type Answer,
  type BodyOf,
  type ParamsOf,
  type RequesterPrincipal,
  type StaffPrincipal,
  programmeRefereesContract as pm,
  refereeLinkContract as link,
  requesterRefereesContract as own,
} from '@ashar/domain';
import { ProofOfWork, RateLimit, type RateLimitRule } from '../auth';
import { ContractBody, ContractParams } from '../http';
import { CurrentRequester, CurrentStaff, Public, SignedIn, StaffPolicy } from '../policy';
import { RefereesService } from './referees.service';

/** The applicant, signed in with their receipt code: the referees of their own application. */
@ApiTags('requesters')
@Controller('v1/requester/application/referees')
export class RequesterRefereesController {
  constructor(private readonly referees: RefereesService) {}

  @Get()
  @SignedIn('requester')
  @ApiOperation({ summary: 'The applicant’s referees: status and the details they wrote (never a letter; audited)' })
  list(@CurrentRequester() requester: RequesterPrincipal): Answer<typeof own.list> {
    return this.referees.listOfRequester(requester);
  }

  @Post()
  @HttpCode(201)
  @SignedIn('requester')
  @ApiOperation({ summary: 'Name a referee until the call’s deadline: the one-time link’s token is answered this once' })
  name(@CurrentRequester() requester: RequesterPrincipal, @ContractBody(own.name) body: BodyOf<typeof own.name>): Answer<typeof own.name> {
    return this.referees.name(requester, body);
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @SignedIn('requester')
  @ApiOperation({ summary: 'Revoke a referee’s link not used yet, until the call’s deadline' })
  revoke(
    @CurrentRequester() requester: RequesterPrincipal,
    @ContractParams(own.revoke) { id }: ParamsOf<typeof own.revoke>,
    @ContractBody(own.revoke) _body: BodyOf<typeof own.revoke>,
  ): Answer<typeof own.revoke> {
    return this.referees.revoke(requester, id);
  }
}

/** Opening links, per token and for everyone together: a token is 256 random bits, so this only bounds the load. */
const LINK_LIMIT: RateLimitRule = {
  name: 'referee-link',
  perClient: 20,
  total: 300,
  windowSeconds: 60,
  keyBy: {
    body: (body) => {
      const token = (body as { token?: unknown } | null)?.token;
      return typeof token === 'string' ? token : undefined;
    },
  },
};

/** A referee with a link: the token comes in the body (the link carries it in its fragment, which no server sees). */
@ApiTags('referees')
@Controller('v1/referee')
export class RefereeLinkController {
  constructor(private readonly referees: RefereesService) {}

  @Post('link')
  @HttpCode(200)
  @Public('whoever holds a referee link’s one-time token (32 random bytes, kept as a hash) learns what it is for')
  @RateLimit(LINK_LIMIT)
  @ApiOperation({ summary: 'What a referee link is for and the programme desk key version to seal the letter to (404 unknown, expired or revoked; 409 once used)' })
  open(@ContractBody(link.open) body: BodyOf<typeof link.open>): Answer<typeof link.open> {
    return this.referees.openLink(body.token);
  }

  @Post('letter')
  @HttpCode(201)
  @Public('whoever holds a referee link’s one-time token sends that referee’s letter, once')
  @ProofOfWork('referee-letter')
  @ApiOperation({ summary: 'The referee’s letter, encrypted in the browser and sealed to the programme desk (409 for a second letter)' })
  letter(@ContractBody(link.letter) body: BodyOf<typeof link.letter>): Answer<typeof link.letter> {
    return this.referees.sendLetter(body);
  }
}

/** Programme managers: who vouched for an application and what they wrote (ciphertext for the desk's keys). */
@ApiTags('applications')
@Controller('v1/programme')
export class ProgrammeRefereesController {
  constructor(private readonly referees: RefereesService) {}

  @Get('applications/:id/referees')
  @StaffPolicy('read', 'FellowshipApplication')
  @ApiOperation({ summary: 'An application’s referees: status, the applicant’s details record and its envelopes for the reader’s programme-desk keys (audited)' })
  list(@CurrentStaff() staff: StaffPrincipal, @ContractParams(pm.list) { id }: ParamsOf<typeof pm.list>): Answer<typeof pm.list> {
    return this.referees.listForProgramme(staff, id);
  }

  @Get('referees/:id/letter')
  @StaffPolicy('read', 'FellowshipApplication')
  @ApiOperation({ summary: 'A referee’s letter with the envelopes for the reader’s programme-desk keys (audited)' })
  letter(@CurrentStaff() staff: StaffPrincipal, @ContractParams(pm.letter) { id }: ParamsOf<typeof pm.letter>): Answer<typeof pm.letter> {
    return this.referees.letterForProgramme(staff, id);
  }
}
