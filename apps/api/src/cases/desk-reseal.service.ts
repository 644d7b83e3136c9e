import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ResealBatch, type ResealBatchResult, type ResealPage, type StaffPrincipal, accessibleWhere, asSubject, defineAbilityFor, DomainError, GeneralError } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { DeskRepository } from '../desks';
import { StaffRepository } from '../staff';
import { encKidOf, requireEnvelope, requireStaffKeyEnvelope, signKeyOf } from './case-checks';
import { CASE_COLUMNS } from './case.repository';
import { decodeCursor, encodeCursor } from '../http';
import { DeskResealRepository, type NewDeskEnvelope } from './desk-reseal.repository';

/**
 * Re-sealing a desk's open cases after its key was rotated (crypto.md, "Desk rotation"). A lead
 * of the desk lists the open cases whose case key is sealed only to older versions of the desk
 * key; their browser opens each case key with an older version and seals it to the current
 * certified version, signed by them; the new envelopes come back in batches and are checked as a
 * referral's envelope is (sealed to the desk's current certified key, signed by the caller's
 * certified key). Older envelopes stay: a member who holds only an older version can still open
 * the case until they are sealed the new one.
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
        envelope: {
          version: r.desk_key_version,
          sealedKey: r.sealed_key,
          sealerKid: r.sealer_kid,
          signature: r.signature,
          sealer: { kind: r.sealer_kind, id: r.sealer_id },
          createdAt: r.envelope_created_at.toISOString(),
        },
        requester: r.requester_enc_pk && r.requester_sign_pk ? { encPk: r.requester_enc_pk, signPk: r.requester_sign_pk } : null,
        request: r.request_id && r.request_ciphertext && r.request_author_kid ? { id: r.request_id, ciphertext: r.request_ciphertext, authorKid: r.request_author_kid } : null,
        requesterEnvelope:
          r.requester_sealed_key && r.requester_sealer_kid && r.requester_signature
            ? { sealedKey: r.requester_sealed_key, sealerKid: r.requester_sealer_kid, signature: r.requester_signature }
            : null,
        staffKey:
          r.staff_bind === null
            ? null
            : {
                epoch: r.key_epoch,
                bind: r.staff_bind,
                envelope:
                  r.staff_version !== null && r.staff_sealed_key && r.staff_sealer_kind && r.staff_sealer_id && r.staff_sealer_kid && r.staff_signature && r.staff_created_at
                    ? {
                        version: r.staff_version,
                        sealedKey: r.staff_sealed_key,
                        sealerKid: r.staff_sealer_kid,
                        signature: r.staff_signature,
                        sealer: { kind: r.staff_sealer_kind, id: r.staff_sealer_id },
                        createdAt: r.staff_created_at.toISOString(),
                      }
                    : null,
              },
      })),
      next: rows.length > query.limit && last ? encodeCursor(scope, { time: last.cursor_time, id: last.case_id }) : null,
    };
  }

  /** Writes a batch of desk envelopes for the current certified version: all or nothing, one audit event per case written. */
  async resealBatch(caller: StaffPrincipal, deskId: string, body: ResealBatch): Promise<ResealBatchResult> {
    await this.requireLeadOf(caller, deskId);
    return this.dataSource.transaction(async (manager) => {
      const key = await this.desks.currentCertifiedKey(deskId, manager);
      if (!key) throw new DomainError(GeneralError.Validation, 'the desk has no certified key to seal case keys to');
      if (body.version !== key.version) throw new DomainError(GeneralError.Validation, `the envelopes name key version ${body.version}; the desk’s current certified version is ${key.version}`);
      const me = await this.staff.findById(caller.userId, manager);
      if (!me?.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
      const signKey = signKeyOf(me.sign_pk, 'your signing key');
      const recipientKid = encKidOf(key.enc_pk);
      body.envelopes.forEach((envelope, i) => {
        requireEnvelope(envelope, envelope.caseId, signKey, recipientKid, `envelopes[${i}]`);
        if (envelope.staffEnvelope) requireStaffKeyEnvelope(envelope.staffEnvelope, envelope.caseId, signKey, recipientKid, `envelopes[${i}].staffEnvelope`);
      });
      const where = accessibleWhere(defineAbilityFor(caller), 'read', 'AidCase', CASE_COLUMNS);
      const open = await this.reseal.openCasesOf(manager, deskId, body.envelopes.map((g) => g.caseId), where);
      const rows: NewDeskEnvelope[] = [];
      body.envelopes.forEach((envelope, i) => {
        const keys = open.get(envelope.caseId);
        // The same answer for a case that does not exist, is another desk's, or is closed.
        if (!keys) throw new DomainError(GeneralError.Validation, `envelopes[${i}]: caseId is not an open case of this desk`);
        // A desk that gets the case key of an epoch with a staff-only key gets that key too (SPEC.md §9.2).
        if (keys.hasStaffKey !== (envelope.staffEnvelope !== undefined)) {
          throw new DomainError(GeneralError.Validation, `envelopes[${i}].staffEnvelope: ${keys.hasStaffKey ? 'the case has a staff-only key; seal it to the desk too' : 'the case has no staff-only key'}`);
        }
        const { caseId, sealedKey, sealerKid, signature } = envelope;
        rows.push({ caseId, keyKind: 'case', epoch: keys.keyEpoch, sealedKey, sealerKid, signature });
        if (envelope.staffEnvelope) rows.push({ caseId, keyKind: 'staff', epoch: keys.keyEpoch, ...envelope.staffEnvelope });
      });
      const written = new Set(await this.reseal.insertDeskEnvelopes(manager, deskId, key.version, caller.userId, rows));
      const resealed = body.envelopes.filter((g) => written.has(g.caseId)).map((g) => g.caseId);
      for (const caseId of resealed) {
        await this.audit.record(manager, {
          action: 'case.key_sealed',
          actor: { kind: 'staff', id: caller.userId },
          subject: { type: 'case', id: caseId },
          data: { recipientKind: 'desk', deskId, version: key.version, resealed: true },
        });
      }
      return { version: key.version, resealed, unchanged: body.envelopes.filter((g) => !written.has(g.caseId)).map((g) => g.caseId) };
    });
  }

  /** 404 for a desk that does not exist; 403 unless the caller leads it (as the other desk-key routes answer). */
  private async requireLeadOf(caller: StaffPrincipal, deskId: string): Promise<void> {
    if (!(await this.desks.exists(deskId))) throw new DomainError(GeneralError.NotFound);
    if (!defineAbilityFor(caller).can('seal_desk_key', asSubject('Desk', { id: deskId, slug: '' }))) throw new DomainError(GeneralError.Forbidden);
  }
}
