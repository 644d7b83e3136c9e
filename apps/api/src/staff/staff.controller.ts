import { Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Answer, type BodyOf, type StaffPrincipal, staffContract as c } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { ContractBody } from '../http';
import { CurrentStaff, Policy, SignedIn } from '../policy';
import { StaffRepository } from './staff.repository';

/** The staff directory (invitations are enrolment's: auth/invitations.controller.ts), and one's own pseudonym. */
@ApiTags('staff')
@Controller('v1/staff')
export class StaffController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Policy('read', 'StaffMember')
  @ApiOperation({ summary: 'The staff directory: names, roles, status, whether their keys are certified' })
  async list(): Answer<typeof c.list> {
    const rows = await this.staff.list();
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles, status: r.status, certified: r.certified }));
  }

  @Get('me/pseudonym')
  @SignedIn('staff')
  @ApiOperation({ summary: 'The caller’s pseudonym: the name requesters see of them (null: none chosen)' })
  async pseudonym(@CurrentStaff() staff: StaffPrincipal): Answer<typeof c.pseudonym> {
    return { pseudonym: await this.staff.pseudonym(staff.userId) };
  }

  @Put('me/pseudonym')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Set or remove the caller’s own pseudonym for requesters (audited, without the name)' })
  async setPseudonym(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.setPseudonym) body: BodyOf<typeof c.setPseudonym>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.staff.setPseudonym(manager, staff.userId, body.pseudonym);
      await this.audit.record(manager, { action: 'staff.pseudonym_changed', actor: { kind: 'staff', id: staff.userId }, subject: { type: 'staff', id: staff.userId }, data: { set: body.pseudonym !== null } });
    });
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
