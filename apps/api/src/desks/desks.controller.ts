import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type StaffPrincipal, desksContract as c } from '@ashar/domain';
import { CurrentStaff, Policy, Public, SignedIn, StepUp } from '../policy';
import { ContractBody, ContractParams } from '../http';
import { DeskService } from './desk.service';

@ApiTags('desks')
@Controller('v1/desks')
export class DesksController {
  constructor(private readonly desks: DeskService) {}

  @Get()
  @Public('desk public keys are public: requesters seal case keys to them')
  @ApiOperation({ summary: 'Desks and their current certified public keys (chain leaf first)' })
  directory(): Answer<typeof c.directory> {
    return this.desks.directory();
  }

  @Get(':deskId/history')
  @Public('a desk’s published key versions are public: everyone who seals to the desk verifies its history first')
  @ApiOperation({ summary: 'Every published key version of a desk, oldest first, with its chain, link and approval (libs/crypto SPEC.md §8.2)' })
  history(@ContractParams(c.history) { deskId }: ParamsOf<typeof c.history>): Answer<typeof c.history> {
    return this.desks.history(deskId);
  }

  @Get(':deskId/members')
  @SignedIn('staff')
  @ApiOperation({ summary: 'Members of a desk and the key versions sealed to each' })
  members(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.members) { deskId }: ParamsOf<typeof c.members>): Answer<typeof c.members> {
    return this.desks.members(staff, deskId);
  }

  @Get(':deskId/candidates')
  @Policy('create', 'DeskMembership')
  @ApiOperation({ summary: 'Whom a lead of the desk (an admin, while it has no members) may add: names, whether they may lead, whether certified' })
  candidates(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.candidates) { deskId }: ParamsOf<typeof c.candidates>): Answer<typeof c.candidates> {
    return this.desks.candidates(staff, deskId);
  }

  @Post(':deskId/members')
  @HttpCode(204)
  @Policy('create', 'DeskMembership')
  @StepUp()
  @ApiOperation({ summary: 'Add a member (or lead) to a desk: its leads; an admin only the first lead of a desk with no members' })
  async addMember(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.addMember) { deskId }: ParamsOf<typeof c.addMember>, @ContractBody(c.addMember) body: BodyOf<typeof c.addMember>): Promise<void> {
    await this.desks.addMember(staff, deskId, body.staffId, body.lead);
  }

  @Delete(':deskId/members/:staffId')
  @HttpCode(204)
  @Policy('delete', 'DeskMembership')
  @StepUp()
  @ApiOperation({ summary: 'Remove a member (a lead of the desk): their key envelopes, assignments and personal case envelopes go at once; the lead then rotates the desk key' })
  async removeMember(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.removeMember) { deskId, staffId }: ParamsOf<typeof c.removeMember>): Promise<void> {
    await this.desks.removeMember(staff, deskId, staffId);
  }

  @Get(':deskId/keys')
  @SignedIn('staff')
  @ApiOperation({ summary: 'Every key version of a desk (public keys, maker, certification), newest first' })
  keys(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.keys) { deskId }: ParamsOf<typeof c.keys>): Answer<typeof c.keys> {
    return this.desks.keys(staff, deskId);
  }

  @Post(':deskId/keys')
  @HttpCode(204)
  @Policy('seal_desk_key', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'A desk lead adds the next key version, sealed to themselves' })
  async createKey(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.createKey) { deskId }: ParamsOf<typeof c.createKey>, @ContractBody(c.createKey) body: BodyOf<typeof c.createKey>): Promise<void> {
    await this.desks.createKey(staff, deskId, body);
  }

  @Post(':deskId/keys/:version/certificate')
  @HttpCode(204)
  @Policy('certify', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'An admin certifies a desk key version' })
  async certifyKey(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(c.certifyKey) { deskId, version }: ParamsOf<typeof c.certifyKey>,
    @ContractBody(c.certifyKey) body: BodyOf<typeof c.certifyKey>,
  ): Promise<void> {
    await this.desks.certifyKey(staff, deskId, version, body.certificate);
  }

  @Post(':deskId/keys/:version/approval')
  @HttpCode(204)
  @Policy('certify', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'A second admin approves a desk key version (its first, or one after a break in continuity)' })
  async approveKey(
    @CurrentStaff() staff: StaffPrincipal,
    @ContractParams(c.approveKey) { deskId, version }: ParamsOf<typeof c.approveKey>,
    @ContractBody(c.approveKey) body: BodyOf<typeof c.approveKey>,
  ): Promise<void> {
    await this.desks.approveKey(staff, deskId, version, body.signature);
  }

  @Post(':deskId/envelopes')
  @HttpCode(204)
  @Policy('seal_desk_key', 'Desk')
  @StepUp()
  @ApiOperation({ summary: 'A desk lead seals a key version to a member (sealed in the browser)' })
  async envelope(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.sealForMember) { deskId }: ParamsOf<typeof c.sealForMember>, @ContractBody(c.sealForMember) body: BodyOf<typeof c.sealForMember>): Promise<void> {
    await this.desks.envelope(staff, deskId, body);
  }

  @Get(':deskId/envelopes/mine')
  @SignedIn('staff')
  @ApiOperation({ summary: 'The caller’s sealed envelopes of this desk’s keys' })
  mine(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.myEnvelopes) { deskId }: ParamsOf<typeof c.myEnvelopes>): Answer<typeof c.myEnvelopes> {
    return this.desks.myEnvelopes(staff, deskId);
  }
}
