import { Injectable } from '@nestjs/common';
import { APPROVER_ROLES, approvalStanding } from '@ashar/domain';
import { type EntityManager } from 'typeorm';
import { NotificationRepository } from '../notifications';
import { GrantRepository, type GrantRow } from './grant.repository';
import { approvalFactsOf } from './grant-views';

/** Role of the staff who pay grants out (tranches). */
const PAYERS = ['finance_officer'];

/**
 * Notifications of the money work (issue 16), written in the transaction of the event: a kind and
 * the grant id, never content; never to the actor.
 */
@Injectable()
export class GrantNotices {
  constructor(
    private readonly grants: GrantRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  /**
   * The grant (`row`, already `submitted`) waits for approval: every active approver who may approve
   * or reject it now (approvalStanding: not the proposer, not case staff, no declared conflict, not
   * one who decided this version) hears of it, once per version of the terms.
   */
  async approvalWaiting(manager: EntityManager, row: GrantRow, actorId: string): Promise<void> {
    const [approvals, caseStaffIds, conflictedIds] = [await this.grants.approvals(manager, row.id), await this.grants.caseStaffIds(manager, row.id), await this.grants.conflictedIds(manager, row.id)];
    const facts = approvalFactsOf({ ...row, status: 'submitted' }, { caseStaffIds, conflictedIds, approvals });
    const candidates = (await manager.query(`SELECT id, roles FROM staff_members WHERE status = 'active' AND roles && $1::text[]`, [APPROVER_ROLES])) as { id: string; roles: string[] }[];
    const staffIds = candidates.filter((p) => {
      const standing = approvalStanding(facts, p);
      return standing.mayApprove || standing.mayReject;
    }).map((p) => p.id);
    if (staffIds.length === 0) return;
    await this.notifications.notify(manager, { staffIds }, { kind: 'grant_approval_waiting', grantId: row.id, dedupeKey: `grant_approval_waiting:${row.id}:${row.version}`, except: actorId });
  }

  /** Money to pay out: the grant was approved, or a tranche scheduled (`eventKey` names which). */
  async paymentWaiting(manager: EntityManager, grantId: string, eventKey: string, actorId: string): Promise<void> {
    await this.notifications.notify(manager, { roles: PAYERS }, { kind: 'payment_waiting', grantId, dedupeKey: `payment_waiting:${eventKey}`, except: actorId });
  }

  /**
   * A grantee sent a report: those who decide it (the grant `update` ability: the linked case's
   * assignee, or, unassigned, the members of the case's desks) and the proposer hear of it.
   */
  async reportSubmitted(manager: EntityManager, grantId: string, reportId: string): Promise<void> {
    const [g] = (await manager.query(
      `SELECT g.proposer_id, c.assignee_id, c.owner_desk_id, c.collaborator_desk_ids FROM grants g LEFT JOIN aid_cases c ON c.id = g.case_id WHERE g.id = $1`,
      [grantId],
    )) as { proposer_id: string; assignee_id: string | null; owner_desk_id: string | null; collaborator_desk_ids: string[] | null }[];
    if (!g) return;
    const deskIds = g.owner_desk_id ? [g.owner_desk_id, ...(g.collaborator_desk_ids ?? [])] : [];
    const recipients = g.assignee_id ? { staffIds: [g.assignee_id, g.proposer_id] } : { staffIds: [g.proposer_id], deskIds };
    await this.notifications.notify(manager, recipients, { kind: 'grant_report_submitted', grantId, dedupeKey: `grant_report_submitted:${reportId}`, minute: true });
  }
}
