import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';

/** Grants whose report is overdue at one sweep, at most this many per transaction. */
const BATCH = 200;

/** The UTC calendar day of an instant, as PostgreSQL's `date` reads it. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * Overdue report reminders (docs/grants.md, "Grantee reports"): a grant disbursing or disbursed
 * whose `report_due_on` is before today (UTC) and which has no accepted report sends its case's
 * assignee and its proposer (active staff, each once) an in-app notification without content
 * (`grant_report_overdue` and the grant id), once per grant and due date: the (grant, due date)
 * pair is claimed in `grant_report_reminders` in the same transaction, so a second sweep, or a
 * sweep on another worker, finds it claimed. A new due date reminds again.
 */
@Injectable()
export class ReportRemindersService {
  private readonly logger = new Logger(ReportRemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Reminds every grant overdue at `now` (the clock is a parameter for tests); returns how many grants were reminded. */
  async remindOverdue(now: Date = new Date()): Promise<number> {
    const today = utcDay(now);
    let reminded = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        // Claimed and locked in one statement; SKIP LOCKED leaves grants another transaction holds.
        const claimed: { grant_id: string; due_on: string; proposer_id: string; assignee_id: string | null }[] = await manager.query(
          `WITH due AS (
             SELECT g.id, g.report_due_on, g.proposer_id, c.assignee_id
               FROM grants g LEFT JOIN aid_cases c ON c.id = g.case_id
              WHERE g.status IN ('disbursing', 'disbursed') AND g.report_due_on < $1::date
                AND NOT EXISTS (SELECT 1 FROM grant_reports r WHERE r.grant_id = g.id AND r.status = 'accepted')
                AND NOT EXISTS (SELECT 1 FROM grant_report_reminders m WHERE m.grant_id = g.id AND m.due_on = g.report_due_on)
              ORDER BY g.report_due_on, g.id
              LIMIT $2
              FOR UPDATE OF g SKIP LOCKED
           ), claimed AS (
             INSERT INTO grant_report_reminders (grant_id, due_on)
             SELECT id, report_due_on FROM due ON CONFLICT DO NOTHING RETURNING grant_id, due_on
           )
           SELECT claimed.grant_id, to_char(claimed.due_on, 'YYYY-MM-DD') AS due_on, due.proposer_id, due.assignee_id
             FROM claimed JOIN due ON due.id = claimed.grant_id`,
          [today, BATCH],
        );
        for (const grant of claimed) {
          const recipients = [...new Set([grant.assignee_id, grant.proposer_id].filter((id): id is string => id !== null))];
          const notified: unknown[] = await manager.query(
            `INSERT INTO staff_notifications (recipient_id, kind, grant_id)
             SELECT id, 'grant_report_overdue', $2 FROM staff_members WHERE id = ANY ($1::uuid[]) AND status = 'active'
             RETURNING id`,
            [recipients, grant.grant_id],
          );
          await this.audit.record(manager, {
            action: 'grant.report_overdue',
            actor: { kind: 'system' },
            subject: { type: 'grant', id: grant.grant_id },
            data: { grantId: grant.grant_id, dueOn: grant.due_on, notified: notified.length },
          });
        }
        return claimed.length;
      });
      reminded += done;
      if (done < BATCH) break;
    }
    if (reminded > 0) this.logger.log(`reminded ${reminded} overdue grant reports`);
    return reminded;
  }
}
