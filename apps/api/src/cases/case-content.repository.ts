import { Injectable } from '@nestjs/common';
import { type RecordKind, type SqlColumnMap, type SqlWhere } from '@ashar/domain';
import { type EntityManager } from 'typeorm';

export type KeyKind = 'case' | 'staff';

export interface RecordRow {
  id: string;
  kind: RecordKind;
  key_kind: KeyKind;
  epoch: number;
  author_kind: 'staff' | 'requester';
  author_id: string;
  author_kid: string;
  ciphertext: string;
  created_at: Date;
}

export interface EnvelopeRow {
  key_kind: KeyKind;
  epoch: number;
  recipient_kind: 'desk' | 'staff' | 'requester';
  recipient_id: string;
  desk_key_version: number | null;
  sealed_key: string;
  sealer_kind: 'staff' | 'requester';
  sealer_id: string;
  sealer_kid: string;
  signature: string;
  created_at: Date;
}

export interface NewRecord {
  id: string;
  caseId: string;
  kind: RecordKind;
  /** `staff` only for notes under the staff-only key. */
  keyKind: KeyKind;
  epoch: number;
  authorKind: 'staff' | 'requester';
  authorId: string;
  authorKid: string;
  ciphertext: string;
}

export interface NewEnvelope {
  caseId: string;
  keyKind: KeyKind;
  epoch: number;
  recipientKind: 'desk' | 'staff' | 'requester';
  recipientId: string;
  deskKeyVersion: number | null;
  sealedKey: string;
  sealerKind: 'staff' | 'requester';
  sealerId: string;
  sealerKid: string;
  signature: string;
}

export interface StaffKeyRow {
  epoch: number;
  bind: string;
  link: string | null;
  created_by: string;
}

/** The ability's CaseRecord fields: the record's own, and its case's under the case's names (subjects.ts). */
export const RECORD_COLUMNS: SqlColumnMap<'CaseRecord'> = {
  id: 'r.id',
  caseId: 'r.case_id',
  recordKind: 'r.kind',
  ownerDeskId: 'c.owner_desk_id',
  collaboratorDeskIds: { sql: 'c.collaborator_desk_ids', array: true },
  assigneeId: 'c.assignee_id',
  requesterId: 'c.requester_id',
};

/** Case records (ciphertext) and case key envelopes (sealed keys). Every call runs in the caller's transaction. */
@Injectable()
export class CaseContentRepository {
  async recordExists(manager: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM case_records WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async insertRecord(manager: EntityManager, r: NewRecord): Promise<void> {
    await manager.query(
      `INSERT INTO case_records (id, case_id, kind, key_kind, epoch, author_kind, author_id, author_kid, ciphertext) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.caseId, r.kind, r.keyKind, r.epoch, r.authorKind, r.authorId, r.authorKid, r.ciphertext],
    );
  }

  /** The records of a case the caller may read, oldest first; `where` is the CaseRecord read condition from $2. */
  /** The pseudonyms (the names requesters see) of these members of staff, by id; never their names. */
  async pseudonyms(manager: EntityManager, staffIds: readonly string[]): Promise<{ id: string; pseudonym: string | null }[]> {
    if (staffIds.length === 0) return [];
    return manager.query(`SELECT id, pseudonym FROM staff_members WHERE id = ANY ($1::uuid[]) ORDER BY id`, [staffIds]);
  }

  async readableRecords(manager: EntityManager, caseId: string, where: SqlWhere): Promise<RecordRow[]> {
    return manager.query(
      `SELECT r.id, r.kind, r.key_kind, r.epoch, r.author_kind, r.author_id, r.author_kid, r.ciphertext, r.created_at
         FROM case_records r JOIN aid_cases c ON c.id = r.case_id
        WHERE r.case_id = $1 AND ${where.sql}
        ORDER BY r.created_at, r.id`,
      [caseId, ...where.params],
    );
  }

  async insertEnvelope(manager: EntityManager, g: NewEnvelope): Promise<void> {
    await manager.query(
      `INSERT INTO case_key_envelopes (case_id, key_kind, epoch, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [g.caseId, g.keyKind, g.epoch, g.recipientKind, g.recipientId, g.deskKeyVersion, g.sealedKey, g.sealerKind, g.sealerId, g.sealerKid, g.signature],
    );
  }

  /**
   * Envelopes of a case addressed to one of `deskIds`, to staff member `staffId`, or to requester
   * `requesterId` (case keys only: a staff-only key is never the requester's), oldest first.
   */
  async envelopesFor(manager: EntityManager, caseId: string, to: { deskIds?: readonly string[]; staffId?: string; requesterId?: string }): Promise<EnvelopeRow[]> {
    return manager.query(
      `SELECT key_kind, epoch, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature, created_at
         FROM case_key_envelopes
        WHERE case_id = $1 AND ((recipient_kind = 'desk' AND recipient_id = ANY($2::uuid[]))
                             OR (recipient_kind = 'staff' AND recipient_id = $3)
                             OR (recipient_kind = 'requester' AND recipient_id = $4 AND key_kind = 'case'))
        ORDER BY created_at, id`,
      [caseId, to.deskIds ?? [], to.staffId ?? null, to.requesterId ?? null],
    );
  }

  /** The case key envelopes (not staff-only keys) of several cases to the given desks or staff member, newest epoch first. */
  async caseKeyEnvelopesOf(manager: EntityManager, caseIds: readonly string[], to: { deskIds: readonly string[]; staffId: string }): Promise<(EnvelopeRow & { case_id: string })[]> {
    return manager.query(
      `SELECT case_id, key_kind, epoch, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature, created_at
         FROM case_key_envelopes
        WHERE case_id = ANY($1::uuid[]) AND key_kind = 'case'
          AND ((recipient_kind = 'desk' AND recipient_id = ANY($2::uuid[])) OR (recipient_kind = 'staff' AND recipient_id = $3))
        ORDER BY case_id, epoch DESC, created_at, id`,
      [caseIds, to.deskIds, to.staffId],
    );
  }

  /** The case key links of several cases (epochs 2 …), oldest first. */
  async caseKeyLinksOf(manager: EntityManager, caseIds: readonly string[]): Promise<{ case_id: string; epoch: number; link: string }[]> {
    return manager.query(`SELECT case_id, epoch, link FROM case_key_links WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, epoch`, [caseIds]);
  }

  /** The public keys of several requesters, by id. */
  async requesterKeysOf(manager: EntityManager, requesterIds: readonly string[]): Promise<{ id: string; enc_pk: string; sign_pk: string }[]> {
    if (requesterIds.length === 0) return [];
    return manager.query(`SELECT id, enc_pk, sign_pk FROM requesters WHERE id = ANY($1::uuid[])`, [requesterIds]);
  }

  /**
   * The requester's own envelope from intake (sealed to them and signed by them): staff browsers check
   * with it that the requester keys are the ones the requester named (SPEC.md §9.1).
   */
  async requesterEnvelope(manager: EntityManager, caseId: string): Promise<{ sealed_key: string; sealer_kid: string; signature: string } | null> {
    const rows: { sealed_key: string; sealer_kid: string; signature: string }[] = await manager.query(
      `SELECT sealed_key, sealer_kid, signature FROM case_key_envelopes
        WHERE case_id = $1 AND recipient_kind = 'requester' AND sealer_kind = 'requester' AND key_kind = 'case' AND epoch = 1
        ORDER BY created_at, id LIMIT 1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /** The staff-only keys of a case (SPEC.md §9.2), oldest epoch first. */
  async staffKeys(manager: EntityManager, caseId: string): Promise<StaffKeyRow[]> {
    return manager.query(`SELECT epoch, bind, link, created_by FROM case_staff_keys WHERE case_id = $1 ORDER BY epoch`, [caseId]);
  }

  /** The case key links of a case (epochs 2 …), oldest first (SPEC.md §9.4). */
  async caseKeyLinks(manager: EntityManager, caseId: string): Promise<{ epoch: number; link: string }[]> {
    return manager.query(`SELECT epoch, link FROM case_key_links WHERE case_id = $1 ORDER BY epoch`, [caseId]);
  }

  /** Whether the case has a staff-only key for `epoch`. */
  async hasStaffKey(manager: EntityManager, caseId: string, epoch: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM case_staff_keys WHERE case_id = $1 AND epoch = $2`, [caseId, epoch]);
    return rows.length > 0;
  }

  /** Records a staff-only key; false when the case already has one for that epoch (nothing written). */
  async insertStaffKey(manager: EntityManager, k: { caseId: string; epoch: number; bind: string; link: string | null; createdBy: string }): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO case_staff_keys (case_id, epoch, bind, link, created_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING epoch`,
      [k.caseId, k.epoch, k.bind, k.link, k.createdBy],
    );
    return rows.length > 0;
  }

  /** The public keys of a case's requester (to verify their signatures and envelopes). */
  async requesterKeys(manager: EntityManager, requesterId: string): Promise<{ enc_pk: string; sign_pk: string } | null> {
    const rows: { enc_pk: string; sign_pk: string }[] = await manager.query(`SELECT enc_pk, sign_pk FROM requesters WHERE id = $1`, [requesterId]);
    return rows[0] ?? null;
  }
}
