import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CASE_WORKER_ROLES, DESK_LEAD_ROLE, type StaffUiLanguage } from '@ashar/domain';
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

  /** Where a member of staff's notification e-mail goes, and the language it is written in. */
  async addressOf(staffId: string): Promise<{ address: string; language: StaffUiLanguage } | null> {
    const [row] = (await this.dataSource.query(`SELECT notification_email, language FROM staff_members WHERE id = $1 AND status = 'active'`, [staffId])) as {
      notification_email: string | null;
      language: StaffUiLanguage;
    }[];
    return row?.notification_email ? { address: row.notification_email, language: row.language } : null;
  }

  async deskName(deskId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT name FROM desks WHERE id = $1`, [deskId])) as { name: string }[];
    return row?.name ?? null;
  }

  /**
   * Staff who get a digest now: active, opted in, with an address, and with an unread notification
   * no digest has counted yet.
   */
  async digestRecipients(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM staff_members s
        WHERE s.status = 'active' AND s.digest_enabled AND s.notification_email IS NOT NULL
          AND EXISTS (SELECT 1 FROM staff_notifications n WHERE n.recipient_id = s.id AND n.read_at IS NULL AND n.digested_at IS NULL)
        ORDER BY s.id`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * What one digest says: the address, the unread notifications by kind, and the ids of those no
   * digest counted yet (none: nothing to send). Null when the member is no longer opted in, active
   * or reachable.
   */
  async digestOf(staffId: string): Promise<{ address: string; language: StaffUiLanguage; counts: Record<string, number>; fresh: string[] } | null> {
    const [member] = (await this.dataSource.query(
      `SELECT notification_email, language FROM staff_members WHERE id = $1 AND status = 'active' AND digest_enabled AND notification_email IS NOT NULL`,
      [staffId],
    )) as { notification_email: string; language: StaffUiLanguage }[];
    if (!member) return null;
    const rows = (await this.dataSource.query(`SELECT id, kind, digested_at IS NULL AS fresh FROM staff_notifications WHERE recipient_id = $1 AND read_at IS NULL`, [staffId])) as {
      id: string;
      kind: string;
      fresh: boolean;
    }[];
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    return { address: member.notification_email, language: member.language, counts, fresh: rows.filter((r) => r.fresh).map((r) => r.id) };
  }

  /** The notifications a sent digest counted are not news for the next one. */
  async markDigestSent(staffId: string, counted: readonly string[]): Promise<void> {
    await this.dataSource.query(`UPDATE staff_notifications SET digested_at = now() WHERE recipient_id = $1 AND id = ANY ($2::uuid[]) AND digested_at IS NULL`, [staffId, counted]);
    await this.dataSource.query(`UPDATE staff_members SET digest_sent_at = now() WHERE id = $1`, [staffId]);
  }
}
