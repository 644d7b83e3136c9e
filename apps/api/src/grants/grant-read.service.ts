import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type GrantActor,
  type GrantStatus,
  type GrantView,
  type QueryOf,
  type RequesterPrincipal,
  type StaffPrincipal,
  GRANT_STATUSES,
  accessibleWhere,
  allowedGrantTransitions,
  approvalStanding,
  defineAbilityFor,
  grantTransitionInputSchema,
  grantsContract,
  memberDeskIds,
  requesterGrantViewSchema,
  DomainError,
  GeneralError,
} from '@ashar/domain';
import { type z } from 'zod';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { CaseAccess } from '../cases';
import { GrantAccess } from './grant-access';
import { GRANT_COLUMNS, GRANT_PAYEE_COLUMNS, GrantRepository, type GrantRow } from './grant.repository';
import { approvalFactsOf, approvalView, grantSummary, reportView, standingView, trancheView } from './grant-views';

/** The moves the transition endpoint takes (grantTransitionInputSchema `to`). */
const ASKABLE: readonly string[] = grantTransitionInputSchema.shape.to.options;

const WAITING: Record<'approval' | 'disbursement' | 'report', GrantStatus[]> = {
  approval: ['submitted'],
  disbursement: ['approved', 'disbursing'],
  report: ['disbursing', 'disbursed'],
};

/**
 * What staff and requesters read of grants: lists (filtered in SQL by the ability), one grant
 * with its approvals and the caller's standing, the envelopes the caller may open, the payee
 * ciphertext for those who may read it (never admins, auditors or approvers), tranches, reports
 * and the timeline. A grant the caller may not read answers 404.
 */
@Injectable()
export class GrantReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: GrantRepository,
    private readonly access: GrantAccess,
    private readonly cases: CaseAccess,
    private readonly audit: AuditService,
  ) {}

  async list(caller: StaffPrincipal, q: QueryOf<typeof grantsContract.list>) {
    const statuses = q.status ? parseStatuses(q.status) : undefined;
    const waiting = q.waiting ? WAITING[q.waiting] : undefined;
    const filterStatuses = statuses && waiting ? statuses.filter((s) => waiting.includes(s)) : (statuses ?? waiting);
    if (filterStatuses && filterStatuses.length === 0) return [];
    const manager = this.dataSource.manager;
    const where = accessibleWhere(defineAbilityFor(caller), 'read', 'Grant', GRANT_COLUMNS);
    const rows = await this.grants.list(manager, where, { ...(filterStatuses ? { statuses: filterStatuses } : {}), ...(q.fundId ? { fundId: q.fundId } : {}), limit: q.limit });
    const submitted = rows.filter((r) => r.status === 'submitted');
    const facts = await this.grants.approvalFacts(manager, submitted.map((r) => r.id));
    return rows.map((r) => {
      const f = facts.get(r.id);
      return { ...grantSummary(r), standing: f ? standingView(approvalStanding(approvalFactsOf(r, f), { id: caller.userId, roles: caller.roles })) : null };
    });
  }

  async ofCase(caller: StaffPrincipal, caseId: string) {
    return this.dataSource.transaction(async (manager) => {
      await this.cases.load(manager, caller, caseId, 'read', false);
      const where = accessibleWhere(defineAbilityFor(caller), 'read', 'Grant', GRANT_COLUMNS);
      return (await this.grants.list(manager, where, { caseId, limit: 200 })).map(grantSummary);
    });
  }

  async view(caller: StaffPrincipal, id: string): Promise<GrantView> {
    return this.dataSource.transaction((manager) => this.viewIn(manager, caller, id));
  }

  /** The grant as the caller may see it, inside the caller's transaction (reads of payee details are audited). */
  async viewIn(manager: EntityManager, caller: StaffPrincipal, id: string): Promise<GrantView> {
    const row = await this.access.load(manager, caller, id, 'read', false);
    // One query at a time: they share the transaction's connection.
    const approvals = await this.grants.approvals(manager, id);
    const caseStaffIds = await this.grants.caseStaffIds(manager, id);
    const conflictedIds = await this.grants.conflictedIds(manager, id);
    const standing = approvalStanding(approvalFactsOf(row, { caseStaffIds, conflictedIds, approvals }), { id: caller.userId, roles: caller.roles });
    const envelopes = await this.grants.envelopesFor(manager, id, { staffId: caller.userId, deskIds: memberDeskIds(caller) });
    const mayReadPayee = await this.may(manager, caller, id, 'read');
    const payee = mayReadPayee && row.payee_shredded_at === null ? await this.grants.payee(manager, id) : null;
    const tranches = await this.grants.tranches(manager, id);
    const reports = mayReadPayee && row.payee_shredded_at === null ? await this.grants.reports(manager, id) : [];
    // Whoever reads payee details and reports checks the requester's signatures with this key.
    const requesterSignPk = mayReadPayee ? await this.grants.requesterSignPk(manager, id) : null;
    const allowedMoves = await this.allowedMoves(manager, caller, row);
    if (payee || reports.length > 0) {
      await this.audit.record(manager, { action: 'grant.read', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'grant', id }, data: { payee: payee !== null, reports: reports.length } });
    }
    const timeline = await this.grants.timeline(manager, id);
    return {
      ...grantSummary(row),
      approvals: approvals.map((a) => approvalView(a, row.version)),
      standing: standingView(standing),
      conflictDeclared: conflictedIds.includes(caller.userId),
      envelopes: envelopes.map((e) => ({
        sealedKey: e.sealed_key,
        sealerKid: e.sealer_kid,
        signature: e.signature,
        recipientKind: e.recipient_kind,
        recipientId: e.recipient_id,
        deskKeyVersion: e.desk_key_version,
        sealerId: e.sealer_id,
        createdAt: e.created_at,
      })),
      payee: payee
        ? { ciphertext: payee.ciphertext, authorKid: payee.author_kid, author: payee.author_kind, authorId: payee.author_kind === 'staff' ? payee.author_id : null, updatedAt: payee.updated_at }
        : null,
      requesterSignPk,
      payeeShredded: row.payee_shredded_at !== null,
      tranches: tranches.map(trancheView),
      reports: reports.map(reportView),
      timeline: timeline.map((e) => ({ at: e.at, action: e.action, actorName: e.actor_name })),
      allowedMoves,
      informationRequest: row.status === 'needs_information' ? row.information_request : null,
    };
  }

  /** Whether the caller may `action` the grant's payee details (the ability's GrantPayee condition, in SQL). */
  async may(manager: EntityManager, caller: StaffPrincipal | RequesterPrincipal, id: string, action: 'read' | 'update'): Promise<boolean> {
    const where = accessibleWhere(defineAbilityFor(caller), action, 'GrantPayee', GRANT_PAYEE_COLUMNS, { paramOffset: 1 });
    return (await this.grants.findAccessible(manager, id, where)) !== null;
  }

  /** The lifecycle's actors the caller is for this grant (grant-lifecycle.ts GRANT_ACTORS). */
  async actorsFor(manager: EntityManager, caller: StaffPrincipal, row: GrantRow): Promise<GrantActor[]> {
    const actors: GrantActor[] = [];
    if (row.proposer_id === caller.userId || (await this.access.can(manager, caller, row.id, 'update'))) actors.push('case_staff');
    if (await this.access.can(manager, caller, row.id, 'disburse')) actors.push('finance');
    if (await this.access.can(manager, caller, row.id, 'approve')) actors.push('approver');
    return actors;
  }

  private async allowedMoves(manager: EntityManager, caller: StaffPrincipal, row: GrantRow): Promise<string[]> {
    const actors = await this.actorsFor(manager, caller, row);
    return [...new Set(allowedGrantTransitions(row.status, actors).map((t) => t.to as string))].filter((to) => ASKABLE.includes(to));
  }

  /** The signed-in requester's grants (the follow-up page): their envelope, payee details and reports. */
  async ofRequester(requester: RequesterPrincipal): Promise<z.infer<typeof requesterGrantViewSchema>[]> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.grants.ofRequester(manager, requester.requesterId);
      const out: z.infer<typeof requesterGrantViewSchema>[] = [];
      for (const row of rows) {
        // The ability's condition again, per grant: the requester's own, nothing else.
        if (!(await this.may(manager, requester, row.id, 'read'))) continue;
        const shredded = row.payee_shredded_at !== null;
        const [envelope] = shredded ? [] : await this.grants.envelopesFor(manager, row.id, { requester: true });
        const payee = shredded ? null : await this.grants.payee(manager, row.id);
        const reports = shredded ? [] : await this.grants.reports(manager, row.id);
        out.push({
          id: row.id,
          amountMinor: row.amount_minor,
          currency: row.currency,
          purpose: row.purpose,
          status: row.status,
          reportDueOn: row.report_due_on,
          envelope: envelope ? { sealedKey: envelope.sealed_key, sealerKid: envelope.sealer_kid, signature: envelope.signature, sealerId: envelope.sealer_id, createdAt: envelope.created_at } : null,
          payee: payee
            ? { ciphertext: payee.ciphertext, authorKid: payee.author_kid, author: payee.author_kind, authorId: payee.author_kind === 'staff' ? payee.author_id : null, updatedAt: payee.updated_at }
            : null,
          reports: reports.map(reportView),
        });
        await this.audit.record(manager, { action: 'grant.read', actor: { kind: 'requester', id: requester.requesterId }, subject: { type: 'grant', id: row.id }, data: { payee: payee !== null, reports: reports.length } });
      }
      return out;
    });
  }
}

/** `status=submitted,approved`: each a grant status, else 422. */
function parseStatuses(text: string): GrantStatus[] {
  const parts = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  for (const s of parts) if (!(GRANT_STATUSES as readonly string[]).includes(s)) throw new DomainError(GeneralError.Validation, 'status lists grant statuses, separated by commas');
  return parts as GrantStatus[];
}
