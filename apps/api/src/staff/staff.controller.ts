import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '@ashar/domain';
import { type z } from 'zod';
import { InvitationBody } from '../auth/dto';
import { EnrolmentService } from '../auth/enrolment.service';
import { CurrentPrincipal, Policy } from '../common/policy';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { StaffRepository } from './staff.repository';

@ApiTags('staff')
@Controller('v1/staff')
export class StaffController {
  constructor(
    private readonly enrolment: EnrolmentService,
    private readonly staff: StaffRepository,
  ) {}

  @Get()
  @Policy('read', 'StaffMember')
  @ApiOperation({ summary: 'The staff directory: names, roles, status, whether their keys are certified' })
  async list() {
    const rows = await this.staff.list();
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles, status: r.status, certified: r.certified }));
  }

  @Post('invitations')
  @Policy('create', 'Invitation')
  @ApiOperation({ summary: 'Invite a member of staff; answers the one-time token for the /enrol link' })
  async invite(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(InvitationBody)) body: z.infer<typeof InvitationBody>) {
    const invitedBy = principal.kind === 'staff' ? principal.userId : '';
    const { id, token, staffId, expiresAt } = await this.enrolment.invite(invitedBy, body);
    return { id, token, staffId, expiresAt };
  }
}
