import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type GrantTerms, isCryptoError, verifyGrantApproval } from '@ashar/crypto';
import { type BodyOf, type GrantView, type StaffPrincipal, APPROVAL_REFUSALS, approvalStanding, grantsContract, isDirector, DomainError, GrantError } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { isUniqueViolation } from '../database';
import { DeskRepository } from '../desks';
import { GrantAccess } from './grant-access';
import { signKeyOf } from './grant-checks';
import { GrantReadService } from './grant-read.service';
import { GrantRepository } from './grant.repository';
import { approvalFactsOf } from './grant-views';
import { GrantNotices } from './grant-notices';
import { commit } from './money-movements';

/**
 * Signed decisions on a grant (docs/grants.md, "Approvals" and "Commitment"). In one transaction
 * with the grant row locked: the caller's standing from approvalStanding over facts loaded now
 * (case staff, conflicts, decisions), the signature checked with the caller's certified key over
 * the grant's current terms, the decision stored; the final approval then commits the money
 * (money-movements.ts, conditional UPDATEs on the line and the fund), sets the grant approved and
 * its report due date. No room → `budget-exhausted` and the transaction, the approval included,
 * rolls back.
 */
@Injectable()
export class GrantApprovalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: GrantRepository,
    private readonly access: GrantAccess,
    private readonly desks: DeskRepository,
    private readonly reads: GrantReadService,
    private readonly audit: AuditService,
    private readonly notices: GrantNotices,
  ) {}

  async decide(caller: StaffPrincipal, id: string, body: BodyOf<typeof grantsContract.decide>): Promise<GrantView> {
    await this.decideOnly(caller, id, body);
    return this.reads.view(caller, id);
  }

  /** The decision alone, in its own transaction; returns whether it made the grant approved. */
  private async decideOnly(caller: StaffPrincipal, id: string, body: BodyOf<typeof grantsContract.decide>): Promise<{ approved: boolean }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = await this.access.load(manager, caller, id, 'read');
        if (body.termsVersion !== row.version) throw new DomainError(GrantError.StaleTerms, `the decision is on version ${body.termsVersion}; the grant is at version ${row.version}`);
        const [approvals, caseStaffIds, conflictedIds] = [await this.grants.approvals(manager, id), await this.grants.caseStaffIds(manager, id), await this.grants.conflictedIds(manager, id)];
        const standing = approvalStanding(approvalFactsOf(row, { caseStaffIds, conflictedIds, approvals }), { id: caller.userId, roles: caller.roles });
        const mayDecide = body.decision === 'reject' ? standing.mayReject : standing.mayApprove;
        if (!mayDecide) throw new DomainError(GrantError.ApprovalRefused, APPROVAL_REFUSALS[standing.refusal ?? 'not_submitted'], { reason: standing.refusal });

        const me = await this.grants.staffKeys(manager, caller.userId);
        if (!me?.sign_pk || !me.certified) throw new DomainError(GrantError.BadApprovalSignature, 'your signing key is not certified');
        if (await this.desks.staffKeyRevoked(caller.userId, body.signerKid, manager)) throw new DomainError(GrantError.BadApprovalSignature, 'your signing key was revoked');
        const terms: GrantTerms = {
          grantId: id,
          version: row.version,
          amountMinor: row.amount_minor,
          currency: row.currency,
          fundId: row.fund_id,
          budgetLineId: row.budget_line_id,
          decision: body.decision,
        };
        try {
          verifyGrantApproval(terms, body.signature, signKeyOf(me.sign_pk, 'your signing key'), body.signerKid);
        } catch (err) {
          if (isCryptoError(err)) throw new DomainError(GrantError.BadApprovalSignature, 'the signature does not verify over the grant’s current terms with your certified key');
          throw err;
        }
        const byDirector = isDirector(caller.roles);
        await this.grants.insertApproval(manager, { grantId: id, approverId: caller.userId, termsVersion: row.version, decision: body.decision, byDirector, signature: body.signature, signerKid: body.signerKid });
        const actor = { kind: 'staff' as const, id: caller.userId };
        if (body.decision === 'reject') {
          await this.grants.setStatus(manager, id, 'submitted', 'rejected', { finished: true });
          await this.audit.record(manager, { action: 'grant.rejected', actor, subject: { type: 'grant', id }, data: { version: row.version, byDirector } });
          return { approved: false };
        }
        if (!standing.wouldBeFinal) {
          await this.audit.record(manager, { action: 'grant.approval_given', actor, subject: { type: 'grant', id }, data: { version: row.version, byDirector, remaining: standing.remaining - 1 } });
          return { approved: false };
        }
        // Money is committed only from an open fund (a closed one takes no new commitments).
        if (row.fund_status !== 'active') throw new DomainError(GrantError.FundUnavailable, 'the fund is closed; it takes no new commitments');
        const entry = await commit(manager, id, caller.userId);
        const policy = approvalFactsOf(row, { caseStaffIds, conflictedIds, approvals }).policy;
        await this.grants.setStatus(manager, id, 'submitted', 'approved', { reportDueDays: policy.reportDueDays });
        await this.audit.record(manager, {
          action: 'grant.approved',
          actor,
          subject: { type: 'grant', id },
          data: { version: row.version, byDirector, committedMinor: row.amount_minor, ledgerSeq: entry.seq },
        });
        // Approved: money to pay out, for the finance officers.
        await this.notices.paymentWaiting(manager, id, `approved:${id}`, caller.userId);
        return { approved: true };
      });
    } catch (err) {
      // The same person deciding twice at once: the second finds the first's row.
      if (isUniqueViolation(err)) throw new DomainError(GrantError.ApprovalRefused, APPROVAL_REFUSALS.already_decided, { reason: 'already_decided' });
      throw err;
    }
  }
}
