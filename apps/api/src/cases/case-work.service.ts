import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { kidOf } from '@ashar/crypto';
import {
  type CaseRecordInput,
  type CaseStatus,
  type CaseAssignee,
  type CaseSummary,
  type StaffPrincipal,
  type Urgency,
  CASE_COLLABORATORS_MAX,
  caseActorFor,
  firstResponseDueAt,
  isOpenStatus,
  recomputeFirstResponseDueAt,
  DomainError,
  GeneralError,
  assertTransition,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { DeskRepository } from '../desks';
import { retentionDays } from '../retention';
import { StaffRepository } from '../staff';
import { CaseAccess, requireNotShut } from './case-access';
import { encKidOf, requireEnvelope, requireRecordCiphertext, signKeyOf } from './case-checks';
import { CaseContentRepository } from './case-content.repository';
import { caseSummary } from './case-views';
import { CaseRepository, type CaseRow } from './case.repository';
import { isUniqueViolation } from '../database';
import { SlaPlanner } from './sla-planner';

type ReferralEnvelope = { version: number; sealedKey: string; sealerKid: string; signature: string };

/**
 * What staff do to a case: set urgency (re-planning the SLA check), assign, move it through
 * the lifecycle of libs/domain, write notes and messages, refer it to another desk. Each use
 * case loads the case under the ability's condition for its action, then checks the content
 * it is given, and records an audit event as the last statement of its transaction.
 */
@Injectable()
export class CaseWorkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    private readonly access: CaseAccess,
    private readonly cases: CaseRepository,
    private readonly content: CaseContentRepository,
    private readonly desks: DeskRepository,
    private readonly staff: StaffRepository,
    private readonly sla: SlaPlanner,
    private readonly audit: AuditService,
  ) {}

  async setUrgency(caller: StaffPrincipal, caseId: string, urgency: Urgency): Promise<CaseSummary> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'triage');
      if (!isOpenStatus(row.status)) throw new DomainError(GeneralError.Conflict, `the urgency of a ${row.status} case no longer matters`);
      if (row.urgency === urgency) return caseSummary(row);
      const due = recomputeFirstResponseDueAt(urgency, new Date());
      await this.cases.setUrgency(manager, caseId, urgency, due);
      if (row.first_responded_at === null) await this.sla.replan(manager, caseId, row.first_response_due_at, due);
      await this.audit.record(manager, { action: 'case.urgency_changed', actor: staffActor(caller), subject: { type: 'case', id: caseId }, data: { from: row.urgency, to: urgency } });
      return caseSummary({ ...row, urgency, first_response_due_at: due });
    });
  }

  /** Whom the caller may assign the case to (GET /cases/:id/assignees): 404 or 403 as for assigning. */
  async assignees(caller: StaffPrincipal, caseId: string): Promise<CaseAssignee[]> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'assign', false);
      return this.desks.assignableMembers([row.owner_desk_id, ...row.collaborator_desk_ids], manager);
    });
  }

  async assign(caller: StaffPrincipal, caseId: string, assigneeId: string | null): Promise<CaseSummary> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'assign');
      requireNotShut(row);
      if (assigneeId !== null && (await this.desks.assignableMembers([row.owner_desk_id, ...row.collaborator_desk_ids], manager, assigneeId)).length === 0) {
        throw new DomainError(GeneralError.Validation, 'the assignee must be an active caseworker of a desk that holds the case');
      }
      if (row.assignee_id === assigneeId) return caseSummary(row);
      await this.cases.setAssignee(manager, caseId, assigneeId);
      await this.audit.record(manager, { action: 'case.assigned', actor: staffActor(caller), subject: { type: 'case', id: caseId }, data: { assigneeId } });
      return caseSummary({ ...row, assignee_id: assigneeId });
    });
  }

  async transition(caller: StaffPrincipal, caseId: string, to: CaseStatus): Promise<CaseSummary> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'transition');
      const actor = caseActorFor(caller, { ownerDeskId: row.owner_desk_id, collaboratorDeskIds: row.collaborator_desk_ids, assigneeId: row.assignee_id, requesterId: row.requester_id });
      if (actor === null) throw new DomainError(GeneralError.NotFound);
      const edge = assertTransition(row.status, to, actor);
      const now = new Date();
      if (to === 'closed') {
        await this.cases.setStatus(manager, caseId, to, { purgeAfterDays: retentionDays(this.config, row.request_type), outcome: row.status === 'declined' ? 'declined' : 'resolved' });
      } else {
        await this.cases.setStatus(manager, caseId, to, edge.name === 'reopen' ? 'reopen' : null);
      }
      let updated: CaseRow = { ...row, status: to, closed_at: to === 'closed' ? now : edge.name === 'reopen' ? null : row.closed_at };
      if (edge.name === 'reopen' && row.first_responded_at === null) {
        // A case reopened before anyone answered gets a fresh first-response clock, not an old breach.
        const due = firstResponseDueAt(row.urgency, now);
        await this.cases.setUrgency(manager, caseId, row.urgency, due);
        await this.sla.replan(manager, caseId, row.first_response_due_at, due);
        updated = { ...updated, first_response_due_at: due };
      }
      await this.audit.record(manager, {
        action: 'case.status_changed',
        actor: staffActor(caller),
        subject: { type: 'case', id: caseId },
        data: { from: row.status, to, transition: edge.name },
      });
      return caseSummary(updated, now);
    });
  }

  /** A note (staff only) or a message (shared with the requester), signed by the caller's certified key. */
  async addRecord(caller: StaffPrincipal, caseId: string, kind: 'note' | 'message', record: CaseRecordInput): Promise<{ id: string }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = await this.access.load(manager, caller, caseId, kind === 'note' ? 'write_note' : 'write_message');
        requireNotShut(row);
        const signKid = await this.certifiedSignKid(manager, caller);
        if (record.authorKid !== signKid) throw new DomainError(GeneralError.Validation, 'authorKid is not the kid of your certified signing key');
        requireRecordCiphertext(record.ciphertext, 'ciphertext');
        if (await this.content.recordExists(manager, record.id)) throw new DomainError(GeneralError.Conflict, 'a record with this id exists; choose another id');
        await this.content.insertRecord(manager, { id: record.id, caseId, kind, authorKind: 'staff', authorId: caller.userId, authorKid: signKid, ciphertext: record.ciphertext });
        if (kind === 'message' && (await this.cases.markFirstResponse(manager, caseId))) await this.sla.cancel(manager, caseId, row.first_response_due_at);
        await this.audit.record(manager, {
          action: kind === 'note' ? 'case.note_added' : 'case.message_added',
          actor: staffActor(caller),
          subject: { type: 'case', id: caseId },
          data: { recordId: record.id },
        });
        return { id: record.id };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError(GeneralError.Conflict, 'a record with this id exists; choose another id');
      throw err;
    }
  }

  /** Refers the case to another desk: the caller's browser sealed the case key to that desk's current certified key. */
  async refer(caller: StaffPrincipal, caseId: string, deskId: string, envelope: ReferralEnvelope): Promise<CaseSummary> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'refer');
      requireNotShut(row);
      if (row.owner_desk_id === deskId || row.collaborator_desk_ids.includes(deskId)) throw new DomainError(GeneralError.Conflict, 'the case is already with this desk');
      if (row.collaborator_desk_ids.length >= CASE_COLLABORATORS_MAX) throw new DomainError(GeneralError.Conflict, `a case is shared with at most ${CASE_COLLABORATORS_MAX} desks`);
      if (!(await this.desks.exists(deskId, manager))) throw new DomainError(GeneralError.Validation, 'deskId names no desk');
      const key = await this.desks.currentCertifiedKey(deskId, manager);
      if (!key) throw new DomainError(GeneralError.Validation, 'the desk has no certified key to seal the case key to');
      if (envelope.version !== key.version) throw new DomainError(GeneralError.Validation, `the envelope names key version ${envelope.version}; the desk’s current certified version is ${key.version}`);
      const me = await this.staff.findById(caller.userId, manager);
      if (!me?.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
      requireEnvelope(envelope, caseId, signKeyOf(me.sign_pk, 'your signing key'), encKidOf(key.enc_pk), 'envelope');
      await this.cases.addCollaborator(manager, caseId, deskId);
      await this.content.insertEnvelope(manager, {
        caseId,
        recipientKind: 'desk',
        recipientId: deskId,
        deskKeyVersion: key.version,
        sealedKey: envelope.sealedKey,
        sealerKind: 'staff',
        sealerId: caller.userId,
        sealerKid: envelope.sealerKid,
        signature: envelope.signature,
      });
      const subject = { type: 'case', id: caseId } as const;
      await this.audit.record(manager, { action: 'case.referred', actor: staffActor(caller), subject, data: { deskId } });
      await this.audit.record(manager, { action: 'case.key_sealed', actor: staffActor(caller), subject, data: { recipientKind: 'desk', deskId, version: key.version } });
      return caseSummary({ ...row, collaborator_desk_ids: [...row.collaborator_desk_ids, deskId] });
    });
  }

  private async certifiedSignKid(manager: EntityManager, caller: StaffPrincipal): Promise<string> {
    const me = await this.staff.findById(caller.userId, manager);
    if (!me?.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
    return kidOf(signKeyOf(me.sign_pk, 'your signing key'));
  }
}

const staffActor = (caller: StaffPrincipal) => ({ kind: 'staff', id: caller.userId }) as const;
