import { Inject, Injectable } from '@nestjs/common';
import { type StaffNotificationView, type StaffPrincipal, DomainError, GeneralError } from '@ashar/domain';
import { decodeCursor, encodeCursor } from '../http';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { NotificationRepository } from './notification.repository';

/** A member of staff reads and dismisses their own notifications; nobody else's are ever reachable. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  /** Where the caller's notification e-mails go, and whether this installation sends e-mail at all. */
  async emailSettings(caller: StaffPrincipal): Promise<{ email: string | null; mailEnabled: boolean }> {
    return { email: await this.notifications.email(caller.userId), mailEnabled: this.config.SMTP_URL !== undefined };
  }

  /** Sets (or with null, removes) the caller's own notification address; nobody sets another's. */
  async setEmail(caller: StaffPrincipal, email: string | null): Promise<void> {
    await this.notifications.setEmail(caller.userId, email);
  }

  /** Whether the caller gets the daily digest, whether e-mail is on, and at which hour (UTC) it goes. */
  async digestSettings(caller: StaffPrincipal): Promise<{ enabled: boolean; mailEnabled: boolean; hourUtc: number }> {
    return { enabled: await this.notifications.digestEnabled(caller.userId), mailEnabled: this.config.SMTP_URL !== undefined, hourUtc: this.config.NOTIFICATION_DIGEST_HOUR_UTC };
  }

  /** Turns the caller's own digest on or off; nobody sets another's. */
  async setDigest(caller: StaffPrincipal, enabled: boolean): Promise<void> {
    await this.notifications.setDigest(caller.userId, enabled);
  }

  async list(caller: StaffPrincipal, query: { unread: boolean; before?: string; limit: number }): Promise<{ items: StaffNotificationView[]; next: string | null }> {
    const before = query.before === undefined ? undefined : decodeCursor(query.before, 'notifications');
    const rows = await this.notifications.list(caller.userId, { unreadOnly: query.unread, limit: query.limit, ...(before ? { before } : {}) });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({ id: r.id, kind: r.kind, caseId: r.case_id, grantId: r.grant_id, deskId: r.desk_id, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null })),
      next: rows.length > query.limit && last ? encodeCursor('notifications', { time: last.cursor_time, id: last.id }) : null,
    };
  }

  async markRead(caller: StaffPrincipal, id: string): Promise<void> {
    if (!(await this.notifications.markRead(caller.userId, id))) throw new DomainError(GeneralError.NotFound);
  }
}
