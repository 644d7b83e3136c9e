import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { kidOf } from '@ashar/crypto';
import {
  type BodyOf,
  type GrantStatus,
  type GrantView,
  type RequesterPrincipal,
  type StaffPrincipal,
  FINAL_GRANT_STATUSES,
  assertGrantTransition,
  grantsContract,
  isEditableGrant,
  isFinalGrant,
  DomainError,
  GeneralError,
  GrantError,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { CaseAccess, requireNotShut } from '../cases';
import { isUniqueViolation } from '../database';
import { DeskRepository } from '../desks';
import { FundRepository } from './fund.repository';
import { GrantAccess } from './grant-access';
import { GrantNotices } from './grant-notices';
import { encKidOf, requireGrantEnvelope, requirePayeeCiphertext, signKeyOf } from './grant-checks';
import { GrantReadService } from './grant-read.service';
import { type GrantEnvelopeRow, GrantRepository, type GrantRow } from './grant.repository';
import { release } from './money-movements';
import { markReportedIfDue } from './grant-report.service';

/** The desk every grant key is sealed to, whose members pay grants (docs/grants.md). */
export const FINANCE_DESK_SLUG = 'finance';

const staffActor = (caller: StaffPrincipal) => ({ kind: 'staff' as const, id: caller.userId });
const FINISHING: readonly GrantStatus[] = FINAL_GRANT_STATUSES;

/**
 * What staff do to grants besides approving them: propose one on a case, change its terms (a
 * new version voids earlier approvals), move it through the lifecycle of libs/domain, declare a
 * conflict of interest, write the payee details; and the requester's payee details. Each step
 * loads the grant under the ability's condition, checks what it is given, and records an audit
 * event in its transaction.
 */
@Injectable()
export class GrantWorkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly grants: GrantRepository,
    private readonly funds: FundRepository,
    private readonly access: GrantAccess,
    private readonly cases: CaseAccess,
    private readonly desks: DeskRepository,
    private readonly reads: GrantReadService,
    private readonly audit: AuditService,
    private readonly notices: GrantNotices,
  ) {}

  /**
   * A caseworker proposes a grant on a case they work: the browser chose the id and sealed the
   * grant key to the finance desk, the desks holding the case, the proposer and the case's
   * requester (when it has one), each envelope signed by the proposer's certified key.
   */
  async propose(caller: StaffPrincipal, caseId: string, body: BodyOf<typeof grantsContract.propose>): Promise<GrantView> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = await this.cases.load(manager, caller, caseId, 'update', false);
        requireNotShut(row);
        if (await this.grants.exists(manager, body.id)) throw new DomainError(GeneralError.Conflict, 'a grant with this id exists; choose another id');
        const terms = await this.checkedTerms(manager, body);
        const me = await this.grants.staffKeys(manager, caller.userId);
        if (!me?.sign_pk || !me.enc_pk || !me.certified) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
        const signKey = signKeyOf(me.sign_pk, 'your signing key');
        const financeDeskId = await this.grants.deskIdBySlug(manager, FINANCE_DESK_SLUG);
        const desks = new Set([financeDeskId, row.owner_desk_id, ...row.collaborator_desk_ids].filter((d): d is string => d !== null));
        const envelopes: GrantEnvelopeRow[] = [];
        const seen = new Set<string>();
        for (const [i, e] of body.envelopes.entries()) {
          const what = `envelopes[${i}]`;
          const r = e.recipient;
          let recipientKid: string;
          let row_: Pick<GrantEnvelopeRow, 'recipient_kind' | 'recipient_id' | 'desk_key_version'>;
          if (r.kind === 'desk') {
            if (!desks.has(r.deskId)) throw new DomainError(GeneralError.Validation, `${what}: a grant key is sealed only to the finance desk and the desks holding the case`);
            const key = await this.desks.currentCertifiedKey(r.deskId, manager);
            if (!key) throw new DomainError(GeneralError.Validation, `${what}: the desk has no certified key to seal to`);
            if (key.version !== r.version) throw new DomainError(GeneralError.Validation, `${what}: the envelope names key version ${r.version}; the desk’s current certified version is ${key.version}`);
            recipientKid = encKidOf(key.enc_pk);
            row_ = { recipient_kind: 'desk', recipient_id: r.deskId, desk_key_version: r.version };
          } else if (r.kind === 'staff') {
            if (r.staffId !== caller.userId) throw new DomainError(GeneralError.Validation, `${what}: among staff, a grant key is sealed only to its proposer; others reach it through their desk`);
            recipientKid = encKidOf(me.enc_pk);
            row_ = { recipient_kind: 'staff', recipient_id: caller.userId, desk_key_version: null };
          } else {
            if (!row.requester_id) throw new DomainError(GeneralError.Validation, `${what}: the case has no requester`);
            const keys = await this.grants.requesterKeys(manager, row.requester_id);
            if (!keys) throw new DomainError(GeneralError.Validation, `${what}: the case has no requester`);
            recipientKid = encKidOf(keys.enc_pk);
            row_ = { recipient_kind: 'requester', recipient_id: null, desk_key_version: null };
          }
          const key = `${row_.recipient_kind}:${row_.recipient_id ?? ''}`;
          if (seen.has(key)) throw new DomainError(GeneralError.Validation, `${what}: one envelope per recipient`);
          seen.add(key);
          requireGrantEnvelope(e, body.id, signKey, recipientKid, what);
          envelopes.push({ ...row_, sealed_key: e.sealedKey, sealer_kid: e.sealerKid, signature: e.signature, sealer_id: caller.userId });
        }
        if (!financeDeskId || !seen.has(`desk:${financeDeskId}`)) throw new DomainError(GeneralError.Validation, 'envelopes: the grant key must be sealed to the finance desk');
        if (!seen.has(`desk:${row.owner_desk_id}`)) throw new DomainError(GeneralError.Validation, 'envelopes: the grant key must be sealed to the case’s owning desk');
        if (row.requester_id && !seen.has('requester:')) throw new DomainError(GeneralError.Validation, 'envelopes: the grant key must be sealed to the case’s requester');
        await this.grants.insert(manager, { id: body.id, caseId, requesterId: row.requester_id, proposerId: caller.userId, ...terms });
        for (const e of envelopes) await this.grants.insertEnvelope(manager, body.id, e);
        await this.audit.record(manager, {
          action: 'grant.proposed',
          actor: staffActor(caller),
          subject: { type: 'grant', id: body.id },
          data: { caseId, fundId: terms.fundId, budgetLineId: terms.budgetLineId, amountMinor: terms.amountMinor.toString(), currency: terms.currency },
        });
        return this.reads.viewIn(manager, caller, body.id);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError(GeneralError.Conflict, 'a grant with this id exists; choose another id');
      throw err;
    }
  }

  /** New terms on the version the caller read: a new version, and earlier approvals count for nothing. */
  async updateTerms(caller: StaffPrincipal, id: string, body: BodyOf<typeof grantsContract.updateTerms>): Promise<GrantView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, id, 'update');
      if (!isEditableGrant(row.status)) throw new DomainError(GeneralError.Conflict, `the terms of a ${row.status} grant no longer change`);
      if (body.version !== row.version) throw new DomainError(GrantError.StaleTerms, `you read version ${body.version}; the grant is at version ${row.version}`);
      const terms = await this.checkedTerms(manager, body);
      const same = terms.fundId === row.fund_id && terms.budgetLineId === row.budget_line_id && terms.amountMinor.toString() === row.amount_minor;
      if (!same) {
        if (!(await this.grants.updateTerms(manager, id, row.version, terms))) throw new DomainError(GrantError.StaleTerms);
        await this.audit.record(manager, {
          action: 'grant.terms_changed',
          actor: staffActor(caller),
          subject: { type: 'grant', id },
          data: { fromVersion: row.version, toVersion: row.version + 1, fundId: terms.fundId, budgetLineId: terms.budgetLineId, amountMinor: terms.amountMinor.toString() },
        });
      }
      return this.reads.viewIn(manager, caller, id);
    });
  }

  /**
   * The moves asked for by people (grant-lifecycle.ts): submit and resubmit, more information,
   * withdraw, cancel (releases the commitment; only while no money is out), complete the
   * disbursement (every tranche settled, one confirmed at least; releases the unpaid rest) and close.
   */
  async transition(caller: StaffPrincipal, id: string, to: BodyOf<typeof grantsContract.transition>['to'], reason: string | undefined): Promise<GrantView> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, id, 'read');
      const actors = await this.reads.actorsFor(manager, caller, row);
      const edge = assertGrantTransition(row.status, to, actors);
      let released: bigint | null = null;
      if (to === 'cancelled') {
        const counts = await this.grants.trancheCounts(manager, id);
        if (BigInt(row.disbursed_minor) > 0n || (counts.sent ?? 0) + (counts.confirmed ?? 0) > 0) {
          throw new DomainError(GrantError.GrantNotReady, 'money is already out on this grant: settle its tranches (failed or returned) before cancelling');
        }
        await this.grants.cancelScheduledTranches(manager, id);
        released = await this.releaseRest(manager, caller, row);
      } else if (to === 'disbursed') {
        const counts = await this.grants.trancheCounts(manager, id);
        if ((counts.scheduled ?? 0) + (counts.sent ?? 0) > 0) throw new DomainError(GrantError.GrantNotReady, 'every tranche must be settled (confirmed, failed, returned or cancelled) first');
        if ((counts.confirmed ?? 0) === 0) throw new DomainError(GrantError.GrantNotReady, 'no tranche was confirmed yet');
        released = await this.releaseRest(manager, caller, row);
      }
      const informationRequest = to === 'needs_information' ? (reason ?? null) : row.status === 'needs_information' ? null : undefined;
      if (!(await this.grants.setStatus(manager, id, row.status, to, { finished: FINISHING.includes(to), ...(informationRequest !== undefined ? { informationRequest } : {}) }))) throw new DomainError(GeneralError.Conflict, 'the grant moved meanwhile; reload it');
      await this.audit.record(manager, {
        action: 'grant.status_changed',
        actor: staffActor(caller),
        subject: { type: 'grant', id },
        data: { from: row.status, to, transition: edge.name, ...(released !== null ? { releasedMinor: released.toString() } : {}), ...(to === 'needs_information' ? { reasonGiven: Boolean(reason) } : {}) },
      });
      // A grant is reported once disbursed with a report accepted, whichever comes second (the report decision calls the same check).
      if (to === 'disbursed') await markReportedIfDue(manager, this.audit, id, { kind: 'system' });
      // Submitted (or resubmitted): the approvers who may decide it hear of it.
      if (to === 'submitted') await this.notices.approvalWaiting(manager, row, caller.userId);
    });
    return this.reads.view(caller, id);
  }

  /** Releases what the grant still has committed (cancel; the unpaid rest at completion). */
  private async releaseRest(manager: EntityManager, caller: StaffPrincipal, row: GrantRow): Promise<bigint | null> {
    const committed = BigInt(row.committed_minor);
    if (committed === 0n) return null;
    const entry = await release(manager, row.id, committed, caller.userId);
    await this.audit.record(manager, { action: 'grant.released', actor: staffActor(caller), subject: { type: 'grant', id: row.id }, data: { amountMinor: committed.toString(), ledgerSeq: entry.seq } });
    return committed;
  }

  /** Anyone who may read the grant declares a conflict of interest on it; they may not approve it from then on. */
  async declareConflict(caller: StaffPrincipal, id: string): Promise<GrantView> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.load(manager, caller, id, 'read');
      if (await this.grants.insertConflict(manager, id, caller.userId)) {
        await this.audit.record(manager, { action: 'grant.conflict_declared', actor: staffActor(caller), subject: { type: 'grant', id } });
      }
      return this.reads.viewIn(manager, caller, id);
    });
  }

  /** The case's staff write the payee details: a `grant-payee` ciphertext signed with their certified key. */
  async setPayee(caller: StaffPrincipal, id: string, body: BodyOf<typeof grantsContract.setPayee>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, id, 'read');
      if (!(await this.reads.may(manager, caller, id, 'update'))) {
        throw new DomainError((await this.reads.may(manager, caller, id, 'read')) ? GeneralError.Forbidden : GeneralError.NotFound);
      }
      requireOpenForPayee(row);
      requirePayeeCiphertext(body.ciphertext);
      const me = await this.grants.staffKeys(manager, caller.userId);
      if (!me?.sign_pk || !me.certified) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
      if (body.authorKid !== kidOf(signKeyOf(me.sign_pk, 'your signing key'))) throw new DomainError(GeneralError.Validation, 'authorKid is not the kid of your certified signing key');
      await this.grants.upsertPayee(manager, id, { ciphertext: body.ciphertext, authorKind: 'staff', authorId: caller.userId, authorKid: body.authorKid });
      await this.audit.record(manager, { action: 'grant.payee_set', actor: staffActor(caller), subject: { type: 'grant', id }, data: { author: 'staff' } });
    });
  }

  /** The requester types or confirms their payee details from the follow-up page, signed with their receipt key. */
  async setPayeeAsRequester(requester: RequesterPrincipal, id: string, body: BodyOf<typeof grantsContract.setPayee>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.reads.may(manager, requester, id, 'update'))) throw new DomainError(GeneralError.NotFound);
      const row = await this.grants.find(manager, id, true);
      if (!row || row.requester_id !== requester.requesterId) throw new DomainError(GeneralError.NotFound);
      requireOpenForPayee(row);
      requirePayeeCiphertext(body.ciphertext);
      const keys = await this.grants.requesterKeys(manager, requester.requesterId);
      if (!keys) throw new DomainError(GeneralError.NotFound);
      if (body.authorKid !== kidOf(signKeyOf(keys.sign_pk, 'your signing key'))) throw new DomainError(GeneralError.Validation, 'authorKid is not the kid of your receipt key');
      await this.grants.upsertPayee(manager, id, { ciphertext: body.ciphertext, authorKind: 'requester', authorId: requester.requesterId, authorKid: body.authorKid });
      await this.audit.record(manager, { action: 'grant.payee_set', actor: { kind: 'requester', id: requester.requesterId }, subject: { type: 'grant', id }, data: { author: 'requester' } });
    });
  }

  /** The fund (active), its line, the amount; the currency is the fund's. */
  private async checkedTerms(manager: EntityManager, t: { fundId: string; budgetLineId: string; amountMinor: string }) {
    const fund = await this.funds.find(manager, t.fundId);
    if (!fund) throw new DomainError(GeneralError.Validation, 'fundId names no fund');
    if (fund.status !== 'active') throw new DomainError(GrantError.FundUnavailable, 'the fund is closed');
    const line = await this.funds.line(manager, t.fundId, t.budgetLineId);
    if (!line) throw new DomainError(GeneralError.Validation, 'budgetLineId names no budget line of this fund');
    return { fundId: fund.id, budgetLineId: line.id, currency: fund.currency, amountMinor: BigInt(t.amountMinor), purpose: line.purpose };
  }
}

function requireOpenForPayee(row: GrantRow): void {
  if (isFinalGrant(row.status)) throw new DomainError(GeneralError.Conflict, `the grant is ${row.status}; its payee details no longer change`);
  if (row.payee_shredded_at !== null) throw new DomainError(GeneralError.Conflict, 'the payee details were shredded under the finance retention');
}
