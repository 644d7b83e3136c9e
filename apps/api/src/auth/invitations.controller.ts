import { Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type StaffPrincipal, enrolmentContract as c } from '@ashar/domain';
import { ContractBody } from '../http';
import { CurrentStaff, Policy, StepUp } from '../policy';
import { EnrolmentService } from './enrolment.service';

/** Invitations to enrol, under the staff directory's path: the first step of enrolment. */
@ApiTags('staff')
@Controller('v1/staff')
export class InvitationsController {
  constructor(private readonly enrolment: EnrolmentService) {}

  @Post('invitations')
  @Policy('create', 'Invitation')
  @StepUp()
  @ApiOperation({ summary: 'Invite a member of staff; answers the one-time token for the /enrol link' })
  async invite(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.invite) body: BodyOf<typeof c.invite>): Answer<typeof c.invite> {
    const invitedBy = staff.userId;
    const { id, token, staffId, expiresAt } = await this.enrolment.invite(invitedBy, body);
    return { id, token, staffId, expiresAt };
  }
}
