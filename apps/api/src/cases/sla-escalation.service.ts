import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { OutboxService, QUEUES } from '../jobs';
import { MAIL_JOBS } from '../mail';
import { NotificationRepository } from '../notifications';
import { CaseRepository } from './case.repository';

/**
 * Escalates a missed first response to the leads of the case's owning desk: one in-app
 * notification each (a kind and a case id, no content), with e-mail on an e-mail each (through
 * the outbox and the mail queue: no content, no id), and an audit event. Idempotent: the
 * case row is claimed for its due time first, so a retried job, a duplicate job and the sweep
 * together escalate a breach once.
 */
@Injectable()
export class SlaEscalationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly notifications: NotificationRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  /**
   * Escalates the breach of `dueAt` (null: of the case's current due time). Returns how many
   * leads were notified, or null when there was nothing (left) to escalate.
   */
  async escalate(caseId: string, dueAt: Date | null): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = await this.cases.claimEscalation(manager, caseId, dueAt);
      if (!claimed) return null;
      const notified = await this.notifications.notifyDeskLeads(manager, claimed.owner_desk_id, 'sla_breach', caseId);
      if (this.config.SMTP_URL) {
        await this.outbox.enqueue(manager, { queue: QUEUES.mail, name: MAIL_JOBS.notifyDesk, payload: { kind: 'sla_breach', caseId, deskId: claimed.owner_desk_id } });
      }
      await this.audit.record(manager, {
        action: 'case.sla_breached',
        actor: { kind: 'system' },
        subject: { type: 'case', id: caseId },
        data: { deskId: claimed.owner_desk_id, notified },
      });
      return notified;
    });
  }

  /** Escalates every overdue case the delayed jobs missed (e.g. Redis lost them); returns how many. */
  async sweep(limit = 100): Promise<number> {
    let escalated = 0;
    for (const row of await this.cases.overdue(limit)) {
      if ((await this.escalate(row.id, null)) !== null) escalated += 1;
    }
    return escalated;
  }
}
