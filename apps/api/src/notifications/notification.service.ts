import { Injectable } from '@nestjs/common';
import { type StaffNotificationView, type StaffPrincipal } from '@ashar/domain';
import { decodeCursor, encodeCursor } from '../cases/cursor';
import { ProblemError } from '../common/problem';
import { NotificationRepository } from './notification.repository';

/** A member of staff reads and dismisses their own notifications; nobody else's are ever reachable. */
@Injectable()
export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  async list(caller: StaffPrincipal, query: { unread: boolean; before?: string; limit: number }): Promise<{ items: StaffNotificationView[]; next: string | null }> {
    const before = query.before === undefined ? undefined : decodeCursor(query.before, 'notifications');
    const rows = await this.notifications.list(caller.userId, { unreadOnly: query.unread, limit: query.limit, ...(before ? { before } : {}) });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ id: r.id, kind: r.kind, caseId: r.case_id, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null })),
      next: rows.length > query.limit && last ? encodeCursor('notifications', { time: last.cursor_time, id: last.id }) : null,
    };
  }

  async markRead(caller: StaffPrincipal, id: string): Promise<void> {
    if (!(await this.notifications.markRead(caller.userId, id))) throw new ProblemError(404, 'not-found', 'Nothing was found here');
  }
}
