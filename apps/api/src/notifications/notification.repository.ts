import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DESK_LEAD_ROLE } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';

export interface NotificationRow {
  id: string;
  kind: 'sla_breach' | 'grant_report_overdue';
  case_id: string | null;
  grant_id: string | null;
  created_at: Date;
  read_at: Date | null;
  cursor_time: string;
}

/** In-app notifications of staff: a kind and a case id, never content. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Notifies the active leads (role and membership) of a desk; returns how many were notified. */
  async notifyDeskLeads(manager: EntityManager, deskId: string, kind: 'sla_breach', caseId: string): Promise<number> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO staff_notifications (recipient_id, kind, case_id)
       SELECT m.staff_id, $2, $3 FROM desk_members m JOIN staff_members s ON s.id = m.staff_id
        WHERE m.desk_id = $1 AND m.is_lead AND s.status = 'active' AND $4 = ANY (s.roles)
       RETURNING id`,
      [deskId, kind, caseId, DESK_LEAD_ROLE],
    );
    return rows.length;
  }

  /** The recipient's notifications, newest first, after an optional keyset position. */
  async list(recipientId: string, options: { unreadOnly: boolean; before?: { time: string; id: string }; limit: number }): Promise<NotificationRow[]> {
    const params: unknown[] = [recipientId, options.limit + 1];
    let where = 'recipient_id = $1';
    if (options.unreadOnly) where += ' AND read_at IS NULL';
    if (options.before) {
      params.push(options.before.time, options.before.id);
      where += ` AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    return this.dataSource.query(
      `SELECT id, kind, case_id, grant_id, created_at, read_at, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_time
         FROM staff_notifications WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
  }

  /** Marks one of the recipient's notifications read; false when it is not theirs or does not exist. */
  async markRead(recipientId: string, id: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE staff_notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND recipient_id = $2`,
      [id, recipientId],
    );
    return result[1] === 1;
  }

  /** The address a member of staff gave for notification e-mails, or null. */
  async email(staffId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT notification_email FROM staff_members WHERE id = $1`, [staffId])) as { notification_email: string | null }[];
    return row?.notification_email ?? null;
  }

  async setEmail(staffId: string, email: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE staff_members SET notification_email = $2 WHERE id = $1`, [staffId, email]);
  }
}
