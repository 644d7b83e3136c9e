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
}
