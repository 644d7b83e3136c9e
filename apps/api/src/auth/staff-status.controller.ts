import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ParamsOf, type StaffPrincipal, staffContract as c } from '@ashar/domain';
import { ContractParams } from '../http';
import { CurrentStaff, StaffPolicy, StepUp } from '../policy';
import { StaffStatusService } from './staff-status.service';

/** Suspending and reinstating staff, under the staff directory's path (sessions are auth's, so the use case lives here). */
@ApiTags('staff')
@Controller('v1/staff')
export class StaffStatusController {
  constructor(private readonly status: StaffStatusService) {}

  @Post(':id/suspend')
  @HttpCode(204)
  @StaffPolicy('suspend', 'StaffMember')
  @StepUp()
  @ApiOperation({ summary: 'Suspend someone (admin): their sessions end, they cannot sign in, their case assignments are released' })
  async suspend(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.suspend) { id }: ParamsOf<typeof c.suspend>): Promise<void> {
    await this.status.suspend(staff, id);
  }

  @Post(':id/reinstate')
  @HttpCode(204)
  @StaffPolicy('suspend', 'StaffMember')
  @StepUp()
  @ApiOperation({ summary: 'Lift a suspension (admin)' })
  async reinstate(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.reinstate) { id }: ParamsOf<typeof c.reinstate>): Promise<void> {
    await this.status.reinstate(staff, id);
  }
}
