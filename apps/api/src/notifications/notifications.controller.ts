import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Answer, type BodyOf, type ParamsOf, type QueryOf, type StaffPrincipal, notificationsContract as c } from '@ashar/domain';
import { CurrentStaff, SignedIn } from '../policy';
import { ContractBody, ContractParams, ContractQuery } from '../http';
import { NotificationService } from './notification.service';

@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @SignedIn('staff')
  @ApiOperation({ summary: 'The caller’s notifications, newest first (ids and kinds only)' })
  list(@CurrentStaff() staff: StaffPrincipal, @ContractQuery(c.list) query: QueryOf<typeof c.list>): Answer<typeof c.list> {
    return this.notifications.list(staff, { unread: query.unread === 'true', limit: query.limit, ...(query.before !== undefined ? { before: query.before } : {}) });
  }

  @Post(':id/read')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read' })
  async read(@CurrentStaff() staff: StaffPrincipal, @ContractParams(c.markRead) { id }: ParamsOf<typeof c.markRead>): Promise<void> {
    await this.notifications.markRead(staff, id);
  }

  @Get('email')
  @SignedIn('staff')
  @ApiOperation({ summary: 'Where the caller’s notification e-mails go, and whether e-mail is on' })
  email(@CurrentStaff() staff: StaffPrincipal): Answer<typeof c.email> {
    return this.notifications.emailSettings(staff);
  }

  @Get('digest')
  @SignedIn('staff')
  @ApiOperation({ summary: 'Whether the caller gets the daily digest e-mail (counts by kind, no content)' })
  digest(@CurrentStaff() staff: StaffPrincipal): Answer<typeof c.digest> {
    return this.notifications.digestSettings(staff);
  }

  @Put('digest')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Turn the caller’s own daily digest e-mail on or off' })
  async setDigest(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.setDigest) body: BodyOf<typeof c.setDigest>): Promise<void> {
    await this.notifications.setDigest(staff, body.enabled);
  }

  @Put('email')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Set or remove the caller’s own notification e-mail address' })
  async setEmail(@CurrentStaff() staff: StaffPrincipal, @ContractBody(c.setEmail) body: BodyOf<typeof c.setEmail>): Promise<void> {
    await this.notifications.setEmail(staff, body.email);
  }
}
