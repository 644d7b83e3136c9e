import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkCiphertextFormat, isCryptoError } from '@ashar/crypto';
import {
  type RequesterPrincipal,
  type StaffPrincipal,
  DomainError,
  GeneralError,
  GrantError,
  REPORTABLE_GRANT_STATUSES,
  type GrantStatus,
  grantReportCreateSchema,
  grantReportDecisionSchema,
  grantTransitionBetween,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { type z } from 'zod';
import { type AuditActor, AuditService } from '../audit';
import { isUniqueViolation } from '../database';
import { type MoneyGrantRow, isGrantCaseStaff, loadMoneyGrant, mayReadGrantSecrets, requireReadableGrant } from './money-grant-rows';
import { GrantReportRepository } from './grant-report.repository';
import { GrantNotices } from './grant-notices';

/** Most reports one grant may collect (each "more" asks for a new one). */
export const REPORTS_PER_GRANT_MAX = 20;

const isReportable = (status: GrantStatus) => (REPORTABLE_GRANT_STATUSES as readonly GrantStatus[]).includes(status);

/**
 * A grant becomes `reported` when it is disbursed and a report of it was accepted, whichever
 * comes second (docs/grants.md). Both the report decision and the disbursement's completion
 * call this in their transaction, after their own change; it does nothing unless both hold.
 * Audited as `grant.status_changed` (disbursed → reported, transition accept_report).
 */
export async function markReportedIfDue(manager: EntityManager, audit: AuditService, grantId: string, actor: AuditActor): Promise<boolean> {
  // In a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
  const rows: unknown[] = await manager.query(
    `WITH moved AS (
       UPDATE grants SET status = 'reported', updated_at = now()
        WHERE id = $1 AND status = 'disbursed'
          AND EXISTS (SELECT 1 FROM grant_reports WHERE grant_id = $1 AND status = 'accepted')
        RETURNING id
     ) SELECT id FROM moved`,
    [grantId],
  );
  if (rows.length === 0) return false;
  const edge = grantTransitionBetween('disbursed', 'reported');
  await audit.record(manager, {
    action: 'grant.status_changed',
    actor,
    subject: { type: 'grant', id: grantId },
    data: { grantId, from: 'disbursed', to: 'reported', transition: edge?.name ?? 'accept_report' },
  });
  return true;
}

/**
 * Grantee reports (docs/grants.md, "Grantee reports"): the requester sends a `grant-report`
 * signed ciphertext while the grant is disbursing or disbursed, one waiting for a decision at a
 * time; the case's caseworkers accept it (the grant becomes `reported` once disbursed) or ask
 * for more (the requester may then send another).
 */
@Injectable()
export class GrantReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: GrantReportRepository,
    private readonly audit: AuditService,
    private readonly notices: GrantNotices,
  ) {}

  async add(requester: RequesterPrincipal, grantId: string, body: z.infer<typeof grantReportCreateSchema>): Promise<{ id: string }> {
    requireFormat(() => checkCiphertextFormat('grant-report', body.ciphertext), 'ciphertext is not a well-formed grant-report ciphertext');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const grant = await this.ownGrant(manager, requester, grantId, true);
        if (!isReportable(grant.status)) throw new DomainError(GrantError.GrantNotReady, 'A report is sent once the money is on its way (disbursing or disbursed).');
        const kid = await this.requesterKid(manager, requester.requesterId);
        if (kid !== body.authorKid) throw new DomainError(GeneralError.Validation, 'authorKid is not your signing key');
        const earlier = await this.reports.reportsOf(manager, grantId);
        if (earlier.some((r) => r.status === 'submitted')) throw new DomainError(GrantError.GrantNotReady, 'Your earlier report waits for a decision.');
        if (earlier.some((r) => r.status === 'accepted')) throw new DomainError(GrantError.GrantNotReady, 'A report of this grant was accepted already.');
        if (earlier.length >= REPORTS_PER_GRANT_MAX) throw new DomainError(GrantError.GrantNotReady, `A grant takes at most ${REPORTS_PER_GRANT_MAX} reports.`);
        if (await this.reports.reportExists(manager, body.id)) throw new DomainError(GeneralError.Conflict, 'a report with this id exists; choose another id');
        await this.reports.insertReport(manager, { id: body.id, grantId, ciphertext: body.ciphertext, authorKind: 'requester', authorId: requester.requesterId, authorKid: body.authorKid });
        await this.audit.record(manager, {
          action: 'grant.report_submitted',
          actor: { kind: 'requester', id: requester.requesterId },
          subject: { type: 'grant', id: grantId },
          data: { grantId, reportId: body.id },
        });
        await this.notices.reportSubmitted(manager, grantId, body.id);
        return { id: body.id };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError(GeneralError.Conflict, 'a report with this id exists; choose another id');
      throw err;
    }
  }

  /** The caseworker's decision on a submitted report. */
  async decide(staff: StaffPrincipal, grantId: string, reportId: string, body: z.infer<typeof grantReportDecisionSchema>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const grant = requireReadableGrant(staff, await loadMoneyGrant(manager, grantId, true));
      if (!mayReadGrantSecrets(staff, grant)) throw new DomainError(GeneralError.NotFound);
      if (!isGrantCaseStaff(staff, grant)) throw new DomainError(GeneralError.Forbidden, 'Reports are decided by the caseworkers of the grant’s case');
      const report = await this.reports.report(manager, grantId, reportId, true);
      if (!report) throw new DomainError(GeneralError.NotFound);
      if (!isReportable(grant.status)) throw new DomainError(GrantError.GrantNotReady, 'Reports are decided while the grant is disbursing or disbursed.');
      if (report.status !== 'submitted') throw new DomainError(GeneralError.Conflict, 'This report was decided already.');
      if (report.ciphertext === null) throw new DomainError(GrantError.GrantNotReady, 'This report was shredded.');
      const status = body.decision === 'accept' ? 'accepted' : 'more_requested';
      await this.reports.decide(manager, reportId, status, staff.userId);
      const actor: AuditActor = { kind: 'staff', id: staff.userId };
      await this.audit.record(manager, {
        action: status === 'accepted' ? 'grant.report_accepted' : 'grant.report_more_requested',
        actor,
        subject: { type: 'grant', id: grantId },
        data: { grantId, reportId },
      });
      if (status === 'accepted') await markReportedIfDue(manager, this.audit, grantId, actor);
    });
  }

  private async ownGrant(manager: EntityManager, requester: RequesterPrincipal, grantId: string, lock: boolean): Promise<MoneyGrantRow> {
    const grant = await loadMoneyGrant(manager, grantId, lock);
    if (!grant || grant.requester_id !== requester.requesterId) throw new DomainError(GeneralError.NotFound);
    return grant;
  }

  private async requesterKid(manager: EntityManager, requesterId: string): Promise<string | null> {
    const rows: { sign_kid: string }[] = await manager.query(`SELECT sign_kid FROM requesters WHERE id = $1`, [requesterId]);
    return rows[0]?.sign_kid ?? null;
  }
}

export function requireFormat(check: () => void, detail: string): void {
  try {
    check();
  } catch (err) {
    if (isCryptoError(err)) throw new DomainError(GeneralError.Validation, `${detail} (${err.code})`);
    throw err;
  }
}
