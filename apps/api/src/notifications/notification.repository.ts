import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CASE_WORKER_ROLES, DESK_LEAD_ROLE, type StaffNotificationKind } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';

export interface NotificationRow {
  id: string;
  kind: StaffNotificationKind;
  case_id: string | null;
  grant_id: string | null;
  desk_id: string | null;
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

  /**
   * Notifies `recipients` (staff ids; members of desks who hold a case role, since only they can
   * open a desk's cases; holders of roles; the inactive and `except` — the actor — are left out) of
   * one event, once each: `dedupeKey` names the event (e.g. `requester_message:<record id>`), and
   * a recipient already notified of it is not notified again. `minute`: the event was caused by
   * a requester, whose times are kept to the minute (docs/decisions.md, "Requester times").
   * Returns the ids notified.
   */
  async notify(
    manager: EntityManager,
    recipients: { staffIds?: readonly string[]; deskIds?: readonly string[]; roles?: readonly string[] },
    event: { kind: StaffNotificationKind; caseId?: string; grantId?: string; deskId?: string; dedupeKey: string; except?: string; minute?: boolean },
  ): Promise<string[]> {
    const rows: { recipient_id: string }[] = await manager.query(
      `INSERT INTO staff_notifications (recipient_id, kind, case_id, grant_id, desk_id, dedupe_key, created_at)
       SELECT s.id, $4, $5, $6, $7, $8, CASE WHEN $10 THEN date_trunc('minute', now(), 'UTC') ELSE now() END
         FROM staff_members s
        WHERE s.status = 'active' AND s.id IS DISTINCT FROM $9
          AND (s.id = ANY ($1::uuid[])
               OR (s.roles && $11::text[] AND EXISTS (SELECT 1 FROM desk_members m WHERE m.staff_id = s.id AND m.desk_id = ANY ($2::uuid[])))
               OR s.roles && $3::text[])
       ON CONFLICT (recipient_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING recipient_id`,
      [
        recipients.staffIds ?? [],
        recipients.deskIds ?? [],
        recipients.roles ?? [],
        event.kind,
        event.caseId ?? null,
        event.grantId ?? null,
        event.deskId ?? null,
        event.dedupeKey,
        event.except ?? null,
        event.minute ?? false,
        CASE_WORKER_ROLES,
      ],
    );
    return rows.map((r) => r.recipient_id);
  }

  /**
   * Notifies of requester activity on a case: its assignee, or, while it has none, the members of
   * the desks that hold it (owner and collaborators).
   */
  async notifyCaseWorkers(
    manager: EntityManager,
    row: { id: string; assignee_id: string | null; owner_desk_id: string; collaborator_desk_ids: readonly string[] },
    kind: 'requester_message' | 'requester_file',
    eventId: string,
  ): Promise<string[]> {
    const recipients = row.assignee_id ? { staffIds: [row.assignee_id] } : { deskIds: [row.owner_desk_id, ...row.collaborator_desk_ids] };
    return this.notify(manager, recipients, { kind, caseId: row.id, dedupeKey: `${kind}:${eventId}`, minute: true });
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
      `SELECT id, kind, case_id, grant_id, desk_id, created_at, read_at, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_time
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

  async digestEnabled(staffId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(`SELECT digest_enabled FROM staff_members WHERE id = $1`, [staffId])) as { digest_enabled: boolean }[];
    return row?.digest_enabled ?? false;
  }

  async setDigest(staffId: string, enabled: boolean): Promise<void> {
    await this.dataSource.query(`UPDATE staff_members SET digest_enabled = $2 WHERE id = $1`, [staffId, enabled]);
  }

  async setEmail(staffId: string, email: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE staff_members SET notification_email = $2 WHERE id = $1`, [staffId, email]);
  }
}
