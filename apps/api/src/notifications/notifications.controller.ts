import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { INBOX_PAGE_MAX, type StaffPrincipal } from '@ashar/domain';
import { z } from 'zod';
import { CurrentStaff, SignedIn } from '../policy';
import { ZodValidationPipe } from '../http';
import { NotificationService } from './notification.service';

const ListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(INBOX_PAGE_MAX).default(50),
});

const EmailBody = z.strictObject({ email: z.email().max(254).nullable() });


@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @SignedIn('staff')
  @ApiOperation({ summary: 'The caller’s notifications, newest first (ids and kinds only)' })
  list(@CurrentStaff() staff: StaffPrincipal, @Query(new ZodValidationPipe(ListQuery)) query: z.infer<typeof ListQuery>) {
    return this.notifications.list(staff, { unread: query.unread === 'true', limit: query.limit, ...(query.before !== undefined ? { before: query.before } : {}) });
  }

  @Post(':id/read')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read' })
  async read(@CurrentStaff() staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.notifications.markRead(staff, id);
  }

  @Get('email')
  @SignedIn('staff')
  @ApiOperation({ summary: 'Where the caller’s notification e-mails go, and whether e-mail is on' })
  email(@CurrentStaff() staff: StaffPrincipal) {
    return this.notifications.emailSettings(staff);
  }

  @Put('email')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Set or remove the caller’s own notification e-mail address' })
  async setEmail(@CurrentStaff() staff: StaffPrincipal, @Body(new ZodValidationPipe(EmailBody)) body: z.infer<typeof EmailBody>): Promise<void> {
    await this.notifications.setEmail(staff, body.email);
  }
}
