import { Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type StaffPrincipal, staffContract as c } from '@ashar/domain';
import { ContractBody } from '../http';
import { CurrentStaff, Policy, SignedIn } from '../policy';
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

  @Get('me/language')
  @SignedIn('staff')
  @ApiOperation({ summary: 'The caller’s own console language' })
  async language(@CurrentStaff() staff: StaffPrincipal): Answer<typeof c.language> {
    return { language: (await this.staff.language(staff.userId)) ?? 'en' };
  }

  @Put('me/language')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Change the caller’s own console language (also that of their notification e-mails)' })
  async setLanguage(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.setLanguage) body: BodyOf<typeof c.setLanguage>): Promise<void> {
    await this.staff.setLanguage(staff.userId, body.language);
  }
}
