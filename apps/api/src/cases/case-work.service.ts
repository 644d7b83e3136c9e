import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { kidOf } from '@ashar/crypto';
import {
  type CaseRecordInput,
  type CaseStatus,
  type CaseAssignee,
  type CaseSummary,
  type StaffKeyCreate,
  type StaffPrincipal,
  type Urgency,
  CASE_COLLABORATORS_MAX,
  caseActorFor,
  firstResponseDueAt,
  isOpenStatus,
  recomputeFirstResponseDueAt,
  DomainError,
  GeneralError,
  PROGRAMME_DESK_SLUG,
  assertTransition,
} from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { DeskRepository } from '../desks';
import { retentionDays } from '../retention';
import { StaffRepository } from '../staff';
import { CaseAccess, requireNotShut } from './case-access';
import { encKidOf, requireEnvelope, requireKeyCiphertext, requireNewestEpoch, requireRecordCiphertext, requireStaffKeyEnvelope, signKeyOf } from './case-checks';
import { CaseContentRepository } from './case-content.repository';
import { caseSummary } from './case-views';
import { CaseRepository, type CaseRow } from './case.repository';
import { isUniqueViolation } from '../database';
import { SlaPlanner } from './sla-planner';
import { CaseProgress } from './case-progress';
import { NotificationRepository } from '../notifications';

type ReferralEnvelope = { version: number; sealedKey: string; sealerKid: string; signature: string };
type Envelope = { sealedKey: string; sealerKid: string; signature: string };

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
    private readonly progress: CaseProgress,
    private readonly notifications: NotificationRepository,
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
      const event = await this.audit.record(manager, { action: 'case.assigned', actor: staffActor(caller), subject: { type: 'case', id: caseId }, data: { assigneeId } });
      if (assigneeId === null) return caseSummary({ ...row, assignee_id: assigneeId });
      // Somebody has the case now: a new case is taken up (statusAfterWork), and the assignee hears of it (once per assignment: its audit event).
      const status = await this.progress.follow(manager, row, 'assigned', staffActor(caller));
      await this.notifications.notify(manager, { staffIds: [assigneeId] }, { kind: 'case_assigned', caseId, dedupeKey: `case_assigned:${event.seq}`, except: caller.userId });
      return caseSummary({ ...row, assignee_id: assigneeId, status });
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

  /**
   * A note (staff only, under the case's staff-only key of the newest epoch: SPEC.md §9.2) or a
   * message (shared with the requester, under the case key), signed by the caller's certified key.
   */
  async addRecord(caller: StaffPrincipal, caseId: string, kind: 'note' | 'message', record: CaseRecordInput): Promise<{ id: string }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const row = await this.access.load(manager, caller, caseId, kind === 'note' ? 'write_note' : 'write_message');
        requireNotShut(row);
        const signKid = await this.certifiedSignKid(manager, caller);
        if (record.authorKid !== signKid) throw new DomainError(GeneralError.Validation, 'authorKid is not the kid of your certified signing key');
        requireRecordCiphertext(record.ciphertext, 'ciphertext');
        requireNewestEpoch(record.epoch, row);
        if (kind === 'note' && !(await this.content.hasStaffKey(manager, caseId, row.key_epoch))) {
          throw new DomainError(GeneralError.Conflict, 'the case has no staff-only key for its newest epoch yet: make one (POST /cases/:id/staff-keys) and write the note under it');
        }
        if (await this.content.recordExists(manager, record.id)) throw new DomainError(GeneralError.Conflict, 'a record with this id exists; choose another id');
        await this.content.insertRecord(manager, {
          id: record.id,
          caseId,
          kind,
          keyKind: kind === 'note' ? 'staff' : 'case',
          epoch: row.key_epoch,
          authorKind: 'staff',
          authorId: caller.userId,
          authorKid: signKid,
          ciphertext: record.ciphertext,
        });
        if (kind === 'message' && (await this.cases.markFirstResponse(manager, caseId))) await this.sla.cancel(manager, caseId, row.first_response_due_at);
        // A message to the requester takes a new or triaged case up (statusAfterWork); a note moves nothing.
        if (kind === 'message') await this.progress.follow(manager, row, 'staff_message', staffActor(caller));
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

  /**
   * Refers the case to another desk: the caller's browser sealed the case key of the newest epoch
   * (and its staff-only key, when it has one) to that desk's current certified key. Older epochs'
   * keys are reached through the key links (SPEC.md §9.4).
   */
  async refer(caller: StaffPrincipal, caseId: string, deskId: string, envelope: ReferralEnvelope, staffEnvelope?: Envelope): Promise<CaseSummary> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'refer');
      requireNotShut(row);
      if (row.owner_desk_id === deskId || row.collaborator_desk_ids.includes(deskId)) throw new DomainError(GeneralError.Conflict, 'the case is already with this desk');
      if (row.collaborator_desk_ids.length >= CASE_COLLABORATORS_MAX) throw new DomainError(GeneralError.Conflict, `a case is shared with at most ${CASE_COLLABORATORS_MAX} desks`);
      const slug = await this.desks.slugOf(deskId, manager);
      if (slug === null) throw new DomainError(GeneralError.Validation, 'deskId names no desk');
      // The programme desk holds applications to calls: its people never read aid cases (docs/calls.md).
      if (slug === PROGRAMME_DESK_SLUG) throw new DomainError(GeneralError.Validation, 'the programme desk receives applications to calls, never aid cases');
      const key = await this.desks.currentCertifiedKey(deskId, manager);
      if (!key) throw new DomainError(GeneralError.Validation, 'the desk has no certified key to seal the case key to');
      if (envelope.version !== key.version) throw new DomainError(GeneralError.Validation, `the envelope names key version ${envelope.version}; the desk’s current certified version is ${key.version}`);
      const me = await this.staff.findById(caller.userId, manager);
      if (!me?.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
      const signKey = signKeyOf(me.sign_pk, 'your signing key');
      requireEnvelope(envelope, caseId, signKey, encKidOf(key.enc_pk), 'envelope');
      const hasStaffKey = await this.content.hasStaffKey(manager, caseId, row.key_epoch);
      if (hasStaffKey && !staffEnvelope) throw new DomainError(GeneralError.Validation, 'staffEnvelope: the case has a staff-only key; seal it to the desk too');
      if (!hasStaffKey && staffEnvelope) throw new DomainError(GeneralError.Validation, 'staffEnvelope: the case has no staff-only key for its newest epoch');
      if (staffEnvelope) requireStaffKeyEnvelope(staffEnvelope, caseId, signKey, encKidOf(key.enc_pk), 'staffEnvelope');
      await this.cases.addCollaborator(manager, caseId, deskId);
      if (staffEnvelope) {
        await this.content.insertEnvelope(manager, {
          caseId,
          keyKind: 'staff',
          epoch: row.key_epoch,
          recipientKind: 'desk',
          recipientId: deskId,
          deskKeyVersion: key.version,
          sealedKey: staffEnvelope.sealedKey,
          sealerKind: 'staff',
          sealerId: caller.userId,
          sealerKid: staffEnvelope.sealerKid,
          signature: staffEnvelope.signature,
        });
      }
      await this.content.insertEnvelope(manager, {
        caseId,
        keyKind: 'case',
        epoch: row.key_epoch,
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
      await this.notifications.notify(manager, { deskIds: [deskId] }, { kind: 'case_referred', caseId, deskId, dedupeKey: `case_referred:${caseId}:${deskId}`, except: caller.userId });
      await this.audit.record(manager, { action: 'case.key_sealed', actor: staffActor(caller), subject, data: { recipientKind: 'desk', deskId, version: key.version } });
      return caseSummary({ ...row, collaborator_desk_ids: [...row.collaborator_desk_ids, deskId] });
    });
  }

  /**
   * A staff-only key for the case's newest epoch (SPEC.md §9.2), made in the caller's browser: one
   * envelope for each desk holding the case, to its current certified version, signed by the caller;
   * the binding to the epoch's case key; the link to the previous epoch's staff-only key when that
   * epoch has one. All or nothing; 409 when the epoch has one already (made by someone else meanwhile).
   */
  async addStaffKey(caller: StaffPrincipal, caseId: string, body: StaffKeyCreate): Promise<{ epoch: number }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.access.load(manager, caller, caseId, 'write_note');
      requireNotShut(row);
      requireNewestEpoch(body.epoch, row);
      const me = await this.staff.findById(caller.userId, manager);
      if (!me?.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
      const signKey = signKeyOf(me.sign_pk, 'your signing key');
      requireKeyCiphertext('staff-key-bind', body.bind, 'bind');
      const previous = body.epoch > 1 && (await this.content.hasStaffKey(manager, caseId, body.epoch - 1));
      if (previous && body.link === undefined) throw new DomainError(GeneralError.Validation, 'link: the previous epoch has a staff-only key; link it');
      if (!previous && body.link !== undefined) throw new DomainError(GeneralError.Validation, 'link: the previous epoch has no staff-only key');
      if (body.link !== undefined) requireKeyCiphertext('staff-key-link', body.link, 'link');
      const holding = [row.owner_desk_id, ...row.collaborator_desk_ids];
      const given = new Set(body.envelopes.map((g) => g.deskId));
      const missing = holding.filter((d) => !given.has(d));
      if (missing.length > 0 || given.size !== holding.length) throw new DomainError(GeneralError.Validation, 'envelopes: give exactly one for each desk that holds the case');
      const rows: Parameters<CaseContentRepository['insertEnvelope']>[1][] = [];
      for (const [i, envelope] of body.envelopes.entries()) {
        const key = await this.desks.currentCertifiedKey(envelope.deskId, manager);
        if (!key || key.version !== envelope.version) throw new DomainError(GeneralError.Validation, `envelopes[${i}]: version is not the desk’s current certified key version`);
        requireStaffKeyEnvelope(envelope, caseId, signKey, encKidOf(key.enc_pk), `envelopes[${i}]`);
        rows.push({
          caseId,
          keyKind: 'staff',
          epoch: body.epoch,
          recipientKind: 'desk',
          recipientId: envelope.deskId,
          deskKeyVersion: key.version,
          sealedKey: envelope.sealedKey,
          sealerKind: 'staff',
          sealerId: caller.userId,
          sealerKid: envelope.sealerKid,
          signature: envelope.signature,
        });
      }
      if (!(await this.content.insertStaffKey(manager, { caseId, epoch: body.epoch, bind: body.bind, link: body.link ?? null, createdBy: caller.userId }))) {
        throw new DomainError(GeneralError.Conflict, 'the case has a staff-only key for this epoch already; open the case again');
      }
      for (const envelope of rows) await this.content.insertEnvelope(manager, envelope);
      await this.audit.record(manager, {
        action: 'case.key_sealed',
        actor: staffActor(caller),
        subject: { type: 'case', id: caseId },
        data: { keyKind: 'staff', epoch: body.epoch, deskIds: body.envelopes.map((g) => g.deskId) },
      });
      return { epoch: body.epoch };
    });
  }

  private async certifiedSignKid(manager: EntityManager, caller: StaffPrincipal): Promise<string> {
    const me = await this.staff.findById(caller.userId, manager);
    if (!me?.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
    return kidOf(signKeyOf(me.sign_pk, 'your signing key'));
  }
}

const staffActor = (caller: StaffPrincipal) => ({ kind: 'staff', id: caller.userId }) as const;
