import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type StaffPrincipal } from '@ashar/domain';
import { z } from 'zod';
import { CurrentStaff, Policy, Public, SignedIn, StepUp } from '../policy';
import { ZodValidationPipe } from '../http';
import { DeskService } from './desk.service';

const sealedKey = z.string().min(1).max(512).regex(/^s1\.[A-Za-z0-9_.-]+$/, 'must be an s1. sealed key');
const NewKeyBody = z.strictObject({ version: z.number().int().min(1).max(2 ** 31 - 1), encPk: z.string().regex(/^[A-Za-z0-9_-]{43}$/), sealedKey });
const EnvelopeBody = z.strictObject({ version: z.number().int().min(1).max(2 ** 31 - 1), staffId: z.uuid(), sealedKey });
const MemberBody = z.strictObject({ staffId: z.uuid(), lead: z.boolean().default(false) });
const CertificateBody = z.strictObject({ certificate: z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 2048, 'too large') });


@ApiTags('desks')
@Controller('v1/desks')
export class DesksController {
  constructor(private readonly desks: DeskService) {}

  @Get()
  @Public('desk public keys are public: requesters seal case keys to them')
  @ApiOperation({ summary: 'Desks and their current certified public keys (chain leaf first)' })
  directory() {
    return this.desks.directory();
  }

  @Get(':deskId/members')
  @SignedIn('staff')
  @ApiOperation({ summary: 'Members of a desk and the key versions sealed to each' })
  members(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string) {
    return this.desks.members(staff, deskId);
  }

  @Post(':deskId/members')
  @HttpCode(204)
  @Policy('create', 'DeskMembership')
  @ApiOperation({ summary: 'Add a member (or lead) to a desk' })
  async addMember(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string, @Body(new ZodValidationPipe(MemberBody)) body: z.infer<typeof MemberBody>) {
    await this.desks.addMember(staff, deskId, body.staffId, body.lead);
  }

  @Delete(':deskId/members/:staffId')
  @HttpCode(204)
  @Policy('delete', 'DeskMembership')
  @ApiOperation({ summary: 'Remove a member and their key envelopes; the lead then rotates the desk key' })
  async removeMember(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string, @Param('staffId', new ParseUUIDPipe()) staffId: string) {
    await this.desks.removeMember(staff, deskId, staffId);
  }

  @Get(':deskId/keys')
  @SignedIn('staff')
  @ApiOperation({ summary: 'Every key version of a desk (public keys, maker, certification), newest first' })
  keys(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string) {
    return this.desks.keys(staff, deskId);
  }

  @Post(':deskId/keys')
  @HttpCode(204)
  @Policy('seal_desk_key', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'A desk lead adds the next key version, sealed to themselves' })
  async createKey(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string, @Body(new ZodValidationPipe(NewKeyBody)) body: z.infer<typeof NewKeyBody>) {
    await this.desks.createKey(staff, deskId, body);
  }

  @Post(':deskId/keys/:version/certificate')
  @HttpCode(204)
  @Policy('certify', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'An admin certifies a desk key version' })
  async certifyKey(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('deskId', new ParseUUIDPipe()) deskId: string,
    @Param('version', new ParseIntPipe()) version: number,
    @Body(new ZodValidationPipe(CertificateBody)) body: z.infer<typeof CertificateBody>,
  ) {
    await this.desks.certifyKey(staff, deskId, version, body.certificate);
  }

  @Post(':deskId/envelopes')
  @HttpCode(204)
  @Policy('seal_desk_key', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'A desk lead seals a key version to a member (sealed in the browser)' })
  async envelope(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string, @Body(new ZodValidationPipe(EnvelopeBody)) body: z.infer<typeof EnvelopeBody>) {
    await this.desks.envelope(staff, deskId, body);
  }

  @Get(':deskId/envelopes/mine')
  @SignedIn('staff')
  @ApiOperation({ summary: 'The caller’s sealed envelopes of this desk’s keys' })
  mine(@CurrentStaff() staff: StaffPrincipal, @Param('deskId', new ParseUUIDPipe()) deskId: string) {
    return this.desks.myEnvelopes(staff, deskId);
  }
}
