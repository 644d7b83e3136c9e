import { Injectable } from '@nestjs/common';
import { type CaseStatus, type CaseWorkEvent, statusAfterWork } from '@ashar/domain';
import { type EntityManager } from 'typeorm';
import { type AuditActor, AuditService } from '../audit';
import { NotificationRepository } from '../notifications';
import { CaseRepository, type CaseRow } from './case.repository';

/**
 * What follows from work on a case, in the transaction of the work itself (issue 16): the status
 * moves as libs/domain statusAfterWork says (each edge audited as `case.status_changed` with its
 * transition name, as a hand-made transition is), and requester activity (a reply, a file) counts
 * for the inbox's unread markers and notifies whoever works the case.
 */
@Injectable()
export class CaseProgress {
  constructor(
    private readonly cases: CaseRepository,
    private readonly notifications: NotificationRepository,
    private readonly audit: AuditService,
  ) {}

  /** Takes the edges `event` leads to from the case's status; returns the status after them. */
  async follow(manager: EntityManager, row: Pick<CaseRow, 'id' | 'status'>, event: CaseWorkEvent, actor: AuditActor): Promise<CaseStatus> {
    let status = row.status;
    for (const edge of statusAfterWork(row.status, event)) {
      await this.cases.setStatus(manager, row.id, edge.to, null);
      await this.audit.record(manager, { action: 'case.status_changed', actor, subject: { type: 'case', id: row.id }, data: { from: edge.from, to: edge.to, transition: edge.name } });
      status = edge.to;
    }
    return status;
  }

  /**
   * A requester's message or completed file (`eventId`: the record or file id): counts as requester
   * activity, resumes a case awaiting them, and notifies the assignee (or, unassigned, the desks).
   */
  async requesterActivity(manager: EntityManager, row: CaseRow, kind: 'requester_message' | 'requester_file', eventId: string, actor: AuditActor): Promise<CaseStatus> {
    await this.cases.markRequesterActivity(manager, row.id);
    const status = await this.follow(manager, row, 'requester_reply', actor);
    await this.notifications.notifyCaseWorkers(manager, row, kind, eventId);
    return status;
  }
}
