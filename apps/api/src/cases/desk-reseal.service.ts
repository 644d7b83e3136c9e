import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ResealBatch, type ResealBatchResult, type ResealPage, type StaffPrincipal, accessibleWhere, asSubject, defineAbilityFor, DomainError, GeneralError } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { DeskRepository } from '../desks';
import { StaffRepository } from '../staff';
import { encKidOf, requireEnvelope, requireKeyCiphertext, requireStaffKeyEnvelope, signKeyOf } from './case-checks';
import { CASE_COLUMNS } from './case.repository';
import { decodeCursor, encodeCursor } from '../http';
import { DeskResealRepository, type NewEnvelopeRow, type StoredDeskEnvelope } from './desk-reseal.repository';

/**
 * Re-sealing a desk's open cases after its key was rotated (crypto.md, "Desk rotation"; libs/crypto
 * SPEC.md §9.4). A lead of the desk lists the open cases whose newest key epoch is sealed only to
 * older versions of the desk key; their browser opens each case key with an older version, checks
 * it (§9.1) and gives the case its next epoch: a new case key and staff-only key, linked to the old
 * ones, sealed to every desk holding the case at its current certified version and (the case key)
 * to the requester, signed by the lead. The batch is checked as referrals are — every envelope
 * signed by the caller's certified key and sealed to the right recipient, and every recipient
 * covered — and written all or nothing. A member removed before the rotation holds none of the new
 * keys, so nothing written after the re-seal is theirs to read. Older envelopes stay: a member who
 * holds only an older version still reads the case up to the epoch sealed to it.
 */
@Injectable()
export class DeskResealService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desks: DeskRepository,
    private readonly staff: StaffRepository,
    private readonly reseal: DeskResealRepository,
    private readonly audit: AuditService,
  ) {}

  async list(caller: StaffPrincipal, deskId: string, query: { after?: string; limit: number }): Promise<ResealPage> {
    await this.requireLeadOf(caller, deskId);
    const key = await this.desks.currentCertifiedKey(deskId);
    if (!key) return { version: null, total: query.after === undefined ? 0 : null, items: [], next: null };
    // A cursor names the version it was made for: after another rotation it is refused, not misread.
    const scope = `reseal.${key.version}`;
    const after = query.after === undefined ? undefined : decodeCursor(query.after, scope);
    const where = accessibleWhere(defineAbilityFor(caller), 'read', 'AidCase', CASE_COLUMNS);
    const rows = await this.reseal.page(deskId, key.version, where, after, query.limit + 1);
    const total = after === undefined ? await this.reseal.count(deskId, key.version, where) : null;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      version: key.version,
      total,
      items: page.map((r) => ({
        caseId: r.case_id,
        createdAt: r.created_at.toISOString(),
        epoch: r.key_epoch,
        envelope: deskEnvelopeView(r.envelope),
        staffKey: r.staff_bind === null ? null : { bind: r.staff_bind, envelope: r.staff_envelope ? deskEnvelopeView(r.staff_envelope) : null },
        caseKeyLinks: r.links,
        holdingDeskIds: [r.owner_desk_id, ...r.collaborator_desk_ids],
        requester: r.requester_enc_pk && r.requester_sign_pk ? { encPk: r.requester_enc_pk, signPk: r.requester_sign_pk } : null,
        request: r.request_id && r.request_ciphertext && r.request_author_kid ? { id: r.request_id, ciphertext: r.request_ciphertext, authorKid: r.request_author_kid } : null,
        requesterEnvelope:
          r.requester_sealed_key && r.requester_sealer_kid && r.requester_signature
            ? { sealedKey: r.requester_sealed_key, sealerKid: r.requester_sealer_kid, signature: r.requester_signature }
            : null,
      })),
      next: rows.length > query.limit && last ? encodeCursor(scope, { time: last.cursor_time, id: last.case_id }) : null,
    };
  }

  /** Writes the next key epoch of each case of a batch: all or nothing, one audit event per case written. */
  async resealBatch(caller: StaffPrincipal, deskId: string, body: ResealBatch): Promise<ResealBatchResult> {
    await this.requireLeadOf(caller, deskId);
    return this.dataSource.transaction(async (manager) => {
      const key = await this.desks.currentCertifiedKey(deskId, manager);
      if (!key) throw new DomainError(GeneralError.Validation, 'the desk has no certified key to seal case keys to');
      if (body.version !== key.version) throw new DomainError(GeneralError.Validation, `the envelopes name key version ${body.version}; the desk’s current certified version is ${key.version}`);
      const me = await this.staff.findById(caller.userId, manager);
      if (!me?.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
      const signKey = signKeyOf(me.sign_pk, 'your signing key');
      const where = accessibleWhere(defineAbilityFor(caller), 'read', 'AidCase', CASE_COLUMNS);
      const open = await this.reseal.openCasesOf(manager, deskId, key.version, body.cases.map((c) => c.caseId), where);
      const deskKeys = new Map<string, { version: number; kid: string } | null>();
      const currentKeyOf = async (id: string) => {
        if (!deskKeys.has(id)) {
          const current = await this.desks.currentCertifiedKey(id, manager);
          deskKeys.set(id, current ? { version: current.version, kid: encKidOf(current.enc_pk) } : null);
        }
        return deskKeys.get(id) ?? null;
      };
      const resealed: string[] = [];
      const unchanged: string[] = [];
      const writes: Parameters<DeskResealRepository['insertEpoch']>[1][] = [];
      for (const [i, item] of body.cases.entries()) {
        const what = `cases[${i}]`;
        const state = open.get(item.caseId);
        // The same answer for a case that does not exist, is another desk's, or is closed.
        if (!state) throw new DomainError(GeneralError.Validation, `${what}: caseId is not an open case of this desk`);
        if (state.resealed && item.epoch <= state.keyEpoch) {
          unchanged.push(item.caseId);
          continue;
        }
        if (item.epoch !== state.keyEpoch + 1) throw new DomainError(GeneralError.Conflict, `${what}: the case is at key epoch ${state.keyEpoch} now; list the cases again`);
        requireKeyCiphertext('case-key-link', item.caseKeyLink, `${what}.caseKeyLink`);
        requireKeyCiphertext('staff-key-bind', item.staffKey.bind, `${what}.staffKey.bind`);
        if (state.hasStaffKey !== (item.staffKey.link !== undefined)) {
          throw new DomainError(GeneralError.Validation, `${what}.staffKey.link: ${state.hasStaffKey ? 'the case has a staff-only key; link it' : 'the case has no staff-only key to link'}`);
        }
        if (item.staffKey.link !== undefined) requireKeyCiphertext('staff-key-link', item.staffKey.link, `${what}.staffKey.link`);
        const rows: NewEnvelopeRow[] = [];
        const covered = new Set<string>();
        for (const [j, envelope] of item.envelopes.entries()) {
          const where = `${what}.envelopes[${j}]`;
          let recipientKid: string;
          let recipientId: string;
          let version: number | null = null;
          if (envelope.recipient.kind === 'requester') {
            // The staff-only key never goes to the requester.
            if (envelope.keyKind !== 'case' || !state.requesterEncPk || !state.requesterId) throw new DomainError(GeneralError.Validation, `${where}: only the case key is sealed to the requester`);
            recipientKid = encKidOf(state.requesterEncPk);
            recipientId = state.requesterId;
          } else {
            const desk = envelope.recipient;
            const current = state.holdingDeskIds.includes(desk.deskId) ? await currentKeyOf(desk.deskId) : null;
            if (!current || current.version !== desk.version) throw new DomainError(GeneralError.Validation, `${where}: not a desk holding the case at its current certified key version`);
            recipientKid = current.kid;
            recipientId = desk.deskId;
            version = desk.version;
          }
          const slot = `${envelope.keyKind}:${recipientId}`;
          if (covered.has(slot)) throw new DomainError(GeneralError.Validation, `${where}: a recipient is given the same key twice`);
          covered.add(slot);
          if (envelope.keyKind === 'case') requireEnvelope(envelope, item.caseId, signKey, recipientKid, where);
          else requireStaffKeyEnvelope(envelope, item.caseId, signKey, recipientKid, where);
          rows.push({
            caseId: item.caseId,
            keyKind: envelope.keyKind,
            epoch: item.epoch,
            recipientKind: envelope.recipient.kind,
            recipientId,
            deskKeyVersion: version,
            sealedKey: envelope.sealedKey,
            sealerKid: envelope.sealerKid,
            signature: envelope.signature,
          });
        }
        // Every holder: each desk holding the case gets both keys, the requester the case key.
        const needed = [...state.holdingDeskIds.flatMap((id) => [`case:${id}`, `staff:${id}`]), ...(state.requesterId ? [`case:${state.requesterId}`] : [])];
        if (needed.some((slot) => !covered.has(slot))) throw new DomainError(GeneralError.Validation, `${what}.envelopes: the new keys must go to every desk holding the case and the case key to the requester`);
        writes.push({ caseId: item.caseId, epoch: item.epoch, caseKeyLink: item.caseKeyLink, staffBind: item.staffKey.bind, staffLink: item.staffKey.link ?? null, createdBy: caller.userId, envelopes: rows });
      }
      for (const write of writes) {
        await this.reseal.insertEpoch(manager, write);
        resealed.push(write.caseId);
        await this.audit.record(manager, {
          action: 'case.key_sealed',
          actor: { kind: 'staff', id: caller.userId },
          subject: { type: 'case', id: write.caseId },
          data: { recipientKind: 'desk', deskId, version: key.version, resealed: true, epoch: write.epoch, deskIds: [...new Set(write.envelopes.flatMap((g) => (g.recipientKind === 'desk' ? [g.recipientId] : [])))] },
        });
      }
      return { version: key.version, resealed, unchanged };
    });
  }

  /** 404 for a desk that does not exist; 403 unless the caller leads it (as the other desk-key routes answer). */
  private async requireLeadOf(caller: StaffPrincipal, deskId: string): Promise<void> {
    if (!(await this.desks.exists(deskId))) throw new DomainError(GeneralError.NotFound);
    if (!defineAbilityFor(caller).can('seal_desk_key', asSubject('Desk', { id: deskId, slug: '' }))) throw new DomainError(GeneralError.Forbidden);
  }
}

function deskEnvelopeView(g: StoredDeskEnvelope) {
  return {
    version: g.version,
    sealedKey: g.sealed_key,
    sealerKid: g.sealer_kid,
    signature: g.signature,
    sealer: { kind: g.sealer_kind, id: g.sealer_id },
    createdAt: new Date(g.created_at).toISOString(),
  };
}
