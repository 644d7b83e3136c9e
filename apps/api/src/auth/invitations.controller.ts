import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type StaffPrincipal } from '@ashar/domain';
import { type z } from 'zod';
import { ZodValidationPipe } from '../http';
import { CurrentStaff, Policy } from '../policy';
import { InvitationBody } from './dto';
import { EnrolmentService } from './enrolment.service';

/** Invitations to enrol, under the staff directory's path: the first step of enrolment. */
@ApiTags('staff')
@Controller('v1/staff')
export class InvitationsController {
  constructor(private readonly enrolment: EnrolmentService) {}

  @Post('invitations')
  @Policy('create', 'Invitation')
  @ApiOperation({ summary: 'Invite a member of staff; answers the one-time token for the /enrol link' })
  async invite(@CurrentStaff() staff: StaffPrincipal, @Body(new ZodValidationPipe(InvitationBody)) body: z.infer<typeof InvitationBody>) {
    const { id, token, staffId, expiresAt } = await this.enrolment.invite(staff.userId, body);
    return { id, token, staffId, expiresAt };
  }
}
