import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CASE_WORKER_ROLES, DESK_LEAD_ROLE } from '@ashar/domain';
import { DataSource } from 'typeorm';

/** Who gets notification e-mails, and the little a message names. No business rules here. */
@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ownerDeskOf(caseId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT owner_desk_id FROM aid_cases WHERE id = $1`, [caseId])) as { owner_desk_id: string }[];
    return row?.owner_desk_id ?? null;
  }

  /**
   * Active staff of a desk who gave an e-mail address: its caseworkers and leads (`members`),
   * or its leads only (`leads`, as the in-app SLA notification).
   */
  async recipients(deskId: string, audience: 'members' | 'leads'): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM desk_members m JOIN staff_members s ON s.id = m.staff_id
        WHERE m.desk_id = $1 AND s.status = 'active' AND s.notification_email IS NOT NULL
          AND (CASE WHEN $2 = 'leads' THEN m.is_lead AND $3 = ANY (s.roles)
                    ELSE s.roles && $4::text[] END)
        ORDER BY s.id`,
      [deskId, audience, DESK_LEAD_ROLE, CASE_WORKER_ROLES],
    );
    return rows.map((r) => r.id);
  }

  async addressOf(staffId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT notification_email FROM staff_members WHERE id = $1 AND status = 'active'`, [staffId])) as {
      notification_email: string | null;
    }[];
    return row?.notification_email ?? null;
  }

  async deskName(deskId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT name FROM desks WHERE id = $1`, [deskId])) as { name: string }[];
    return row?.name ?? null;
  }

  /**
   * Staff who get a digest now: active, opted in, with an address, and with an unread notification
   * newer than their last digest.
   */
  async digestRecipients(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM staff_members s
        WHERE s.status = 'active' AND s.digest_enabled AND s.notification_email IS NOT NULL
          AND EXISTS (SELECT 1 FROM staff_notifications n
                       WHERE n.recipient_id = s.id AND n.read_at IS NULL AND n.created_at > coalesce(s.digest_sent_at, '-infinity'))
        ORDER BY s.id`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * What one digest says, as of the database's `now`: the address, the unread notifications by kind,
   * and whether any is newer than the last digest (none: nothing to send). Null when the member is
   * no longer opted in, active or reachable.
   */
  async digestOf(staffId: string): Promise<{ address: string; counts: Record<string, number>; fresh: boolean; asOf: Date } | null> {
    const [member] = (await this.dataSource.query(
      `SELECT notification_email, digest_sent_at, now() AS now FROM staff_members WHERE id = $1 AND status = 'active' AND digest_enabled AND notification_email IS NOT NULL`,
      [staffId],
    )) as { notification_email: string; digest_sent_at: Date | null; now: Date }[];
    if (!member) return null;
    const rows = (await this.dataSource.query(
      `SELECT kind, count(*)::int AS n, bool_or(created_at > coalesce($2::timestamptz, '-infinity')) AS fresh
         FROM staff_notifications WHERE recipient_id = $1 AND read_at IS NULL AND created_at <= $3 GROUP BY kind`,
      [staffId, member.digest_sent_at, member.now],
    )) as { kind: string; n: number; fresh: boolean }[];
    return { address: member.notification_email, counts: Object.fromEntries(rows.map((r) => [r.kind, r.n])), fresh: rows.some((r) => r.fresh), asOf: member.now };
  }

  async markDigestSent(staffId: string, asOf: Date): Promise<void> {
    await this.dataSource.query(`UPDATE staff_members SET digest_sent_at = greatest(coalesce(digest_sent_at, '-infinity'), $2) WHERE id = $1`, [staffId, asOf]);
  }
}
