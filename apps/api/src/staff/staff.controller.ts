import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, staffContract as c } from '@ashar/domain';
import { Policy } from '../policy';
import { StaffRepository } from './staff.repository';

/** The staff directory (invitations are enrolment's: auth/invitations.controller.ts). */
@ApiTags('staff')
@Controller('v1/staff')
export class StaffController {
  constructor(private readonly staff: StaffRepository) {}

  @Get()
  @Policy('read', 'StaffMember')
  @ApiOperation({ summary: 'The staff directory: names, roles, status, whether their keys are certified' })
  async list(): Answer<typeof c.list> {
    const rows = await this.staff.list();
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles, status: r.status, certified: r.certified }));
  }
}
