import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { INBOX_PAGE_MAX, type Principal, type StaffPrincipal } from '@ashar/domain';
import { z } from 'zod';
import { CurrentPrincipal, SignedIn } from '../common/policy';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { NotificationService } from './notification.service';

const ListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(INBOX_PAGE_MAX).default(50),
});

const staffOf = (p: Principal) => p as StaffPrincipal; // SignedIn('staff')

@ApiTags('notifications')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @SignedIn('staff')
  @ApiOperation({ summary: 'The caller’s notifications, newest first (ids and kinds only)' })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodValidationPipe(ListQuery)) query: z.infer<typeof ListQuery>) {
    return this.notifications.list(staffOf(p), { unread: query.unread === 'true', limit: query.limit, ...(query.before !== undefined ? { before: query.before } : {}) });
  }

  @Post(':id/read')
  @HttpCode(204)
  @SignedIn('staff')
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read' })
  async read(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.notifications.markRead(staffOf(p), id);
  }
}
