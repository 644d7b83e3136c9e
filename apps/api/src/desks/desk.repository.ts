import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CASE_WORKER_ROLES, DESK_LEAD_ROLE, FINANCE_DESK_ROLES, FINANCE_DESK_SLUG, PROGRAMME_DESK_ROLES, PROGRAMME_DESK_SLUG } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';

export interface DeskKeyRow {
  version: number;
  enc_pk: string;
  /** Null for a legacy version (made before desk versions had signing keys). */
  sign_pk: string | null;
  certificate: unknown | null;
  certified_by: string | null;
  link: string | null;
  approved_by: string | null;
  published: boolean;
  revoked_at: Date | null;
}

/** One published version with what clients verify (libs/crypto SPEC.md §8.2). */
export interface DeskHistoryRow {
  version: number;
  enc_pk: string;
  sign_pk: string | null;
  certificate: unknown;
  /** The certifying admin's certificate now. */
  admin_certificate: unknown;
  /** Their certificate as it was when they certified this version (null for versions certified before it was kept). */
  certifier_certificate: unknown;
  certified_at: Date;
  link: string | null;
  approval_signature: string | null;
  approval_certificate: unknown;
  approved_at: Date | null;
}

/** The current key of a desk: its newest published version, unless that one is revoked. */
const CURRENT_KEY_SQL = `SELECT version, enc_pk, sign_pk, certificate, certified_by, revoked_at FROM desk_keys
                          WHERE desk_id = $1 AND published ORDER BY version DESC LIMIT 1`;
const KEY_COLUMNS = 'version, enc_pk, sign_pk, certificate, certified_by, link, approved_by, published, revoked_at';

/** Desks, their members, their key versions and the envelopes of those keys. */
@Injectable()
export class DeskRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every desk with its current key (newest published, not revoked): what the directory shows. */
  async listWithCurrentKeys(): Promise<
    { id: string; slug: string; name: string; version: number | null; enc_pk: string | null; sign_pk: string | null; certificate: unknown; admin_certificate: unknown }[]
  > {
    return this.dataSource.query(
      `SELECT d.id, d.slug, d.name, k.version, k.enc_pk, k.sign_pk, k.certificate, s.certificate AS admin_certificate
         FROM desks d
         LEFT JOIN LATERAL (
           SELECT version, enc_pk, sign_pk, certificate, certified_by, revoked_at FROM desk_keys
            WHERE desk_id = d.id AND published ORDER BY version DESC LIMIT 1
         ) k ON k.revoked_at IS NULL
         LEFT JOIN staff_members s ON s.id = k.certified_by
        ORDER BY d.slug`,
    );
  }

  /** Every key version of a desk, newest first, with who made, certified and approved it and, once certified, its chain. */
  async keys(deskId: string): Promise<
    {
      version: number;
      enc_pk: string;
      sign_pk: string | null;
      created_by: string;
      creator_name: string;
      created_at: Date;
      certified_at: Date | null;
      certified_by: string | null;
      certifier_name: string | null;
      certificate: unknown;
      admin_certificate: unknown;
      linked: boolean;
      approved_by: string | null;
      approver_name: string | null;
      approved_at: Date | null;
      published: boolean;
      revoked_at: Date | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT k.version, k.enc_pk, k.sign_pk, k.created_by, c.display_name AS creator_name, k.created_at, k.certified_at,
              k.certified_by, a.display_name AS certifier_name, k.certificate, a.certificate AS admin_certificate,
              k.link IS NOT NULL AS linked, k.approved_by, p.display_name AS approver_name, k.approved_at, k.published, k.revoked_at
         FROM desk_keys k JOIN staff_members c ON c.id = k.created_by
         LEFT JOIN staff_members a ON a.id = k.certified_by
         LEFT JOIN staff_members p ON p.id = k.approved_by
        WHERE k.desk_id = $1 ORDER BY k.version DESC LIMIT 1000`,
      [deskId],
    );
  }

  /** The published versions of a desk, oldest first: what clients verify before sealing (SPEC.md §8.2). */
  async history(deskId: string): Promise<DeskHistoryRow[]> {
    return this.dataSource.query(
      `SELECT k.version, k.enc_pk, k.sign_pk, k.certificate, a.certificate AS admin_certificate, k.certifier_certificate, k.certified_at,
              k.link, k.approval_signature, k.approval_certificate, k.approved_at
         FROM desk_keys k JOIN staff_members a ON a.id = k.certified_by
        WHERE k.desk_id = $1 AND k.published ORDER BY k.version LIMIT 1000`,
      [deskId],
    );
  }

  /** The newest published version of a desk, revoked or not: the one a new version links from. */
  async newestPublished(deskId: string, manager: EntityManager = this.dataSource.manager): Promise<DeskKeyRow | null> {
    const rows: DeskKeyRow[] = await manager.query(`SELECT ${KEY_COLUMNS} FROM desk_keys WHERE desk_id = $1 AND published ORDER BY version DESC LIMIT 1`, [deskId]);
    return rows[0] ?? null;
  }

  async exists(deskId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM desks WHERE id = $1`, [deskId]);
    return rows.length === 1;
  }

  /** The slug of desk `deskId`, or null when there is no such desk. */
  async slugOf(deskId: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const rows: { slug: string }[] = await manager.query(`SELECT slug FROM desks WHERE id = $1`, [deskId]);
    return rows[0]?.slug ?? null;
  }

  /**
   * The desk's current key: its newest published version (certified, and linked or approved), the
   * one new case keys must be sealed to; null when there is none or the newest was revoked (no
   * older version takes its place: that would be a rollback).
   */
  async currentCertifiedKey(deskId: string, manager: EntityManager = this.dataSource.manager): Promise<{ version: number; enc_pk: string } | null> {
    const rows: { version: number; enc_pk: string; revoked_at: Date | null }[] = await manager.query(CURRENT_KEY_SQL, [deskId]);
    const row = rows[0];
    return row && row.revoked_at === null ? { version: row.version, enc_pk: row.enc_pk } : null;
  }

  /** Whether the person is a member (or lead) of at least one of the desks. */
  /**
   * Who may be assigned a case held by `deskIds` — active caseworkers and desk leads who are
   * members of one of them — by name; with `staffId`, only that person if they may. The one rule
   * for listing assignees and for accepting one (CaseWorkService).
   */
  async assignableMembers(deskIds: readonly string[], manager: EntityManager = this.dataSource.manager, staffId?: string): Promise<{ staffId: string; displayName: string }[]> {
    return manager.query(
      `SELECT s.id AS "staffId", s.display_name AS "displayName"
         FROM staff_members s
        WHERE s.status = 'active' AND s.roles && $3::text[]
          AND ($2::uuid IS NULL OR s.id = $2)
          AND EXISTS (SELECT 1 FROM desk_members m WHERE m.staff_id = s.id AND m.desk_id = ANY($1::uuid[]))
        ORDER BY s.display_name, s.id`,
      [deskIds, staffId ?? null, CASE_WORKER_ROLES],
    );
  }

  async latestVersion(manager: EntityManager, deskId: string): Promise<number> {
    const rows: { v: number | null }[] = await manager.query(`SELECT max(version) AS v FROM desk_keys WHERE desk_id = $1`, [deskId]);
    return rows[0]?.v ?? 0;
  }

  async key(deskId: string, version: number, manager: EntityManager = this.dataSource.manager): Promise<DeskKeyRow | null> {
    const rows: DeskKeyRow[] = await manager.query(`SELECT ${KEY_COLUMNS} FROM desk_keys WHERE desk_id = $1 AND version = $2`, [deskId, version]);
    return rows[0] ?? null;
  }

  /** Locks a desk's key rows for a change of its history (one maker, certifier or approver at a time). */
  async lockKeys(manager: EntityManager, deskId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM desks WHERE id = $1 FOR UPDATE`, [deskId]);
  }

  async insertKey(manager: EntityManager, k: { deskId: string; version: number; encPk: string; signPk: string; link: string | null; createdBy: string }): Promise<void> {
    await manager.query(`INSERT INTO desk_keys (desk_id, version, enc_pk, sign_pk, link, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
      k.deskId,
      k.version,
      k.encPk,
      k.signPk,
      k.link,
      k.createdBy,
    ]);
  }

  /** Drops a version's link (its predecessor was revoked before it was certified: it needs an approval now). */
  async dropLink(manager: EntityManager, deskId: string, version: number): Promise<void> {
    await manager.query(`UPDATE desk_keys SET link = NULL WHERE desk_id = $1 AND version = $2`, [deskId, version]);
  }

  async approveKey(manager: EntityManager, a: { deskId: string; version: number; signature: string; approvedBy: string; certificate: unknown }): Promise<void> {
    await manager.query(
      `UPDATE desk_keys SET approval_signature = $3, approved_by = $4, approval_certificate = $5, approved_at = now() WHERE desk_id = $1 AND version = $2`,
      [a.deskId, a.version, a.signature, a.approvedBy, JSON.stringify(a.certificate)],
    );
  }

  /** Marks a version revoked from `revokedAt` (the earliest statement wins). */
  async markRevoked(manager: EntityManager, deskId: string, version: number, revokedAt: Date): Promise<void> {
    await manager.query(`UPDATE desk_keys SET revoked_at = LEAST(coalesce(revoked_at, $3), $3) WHERE desk_id = $1 AND version = $2`, [deskId, version, revokedAt]);
  }

  /** Whether a revocation statement revoked this staff signing key (kid of their signPk). */
  async staffKeyRevoked(staffId: string, signKid: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM key_revocations WHERE kind = 'staff' AND subject_id = $1 AND kid = $2 LIMIT 1`, [staffId, signKid]);
    return rows.length > 0;
  }

  /** Stores a version's certificate, with the certifying admin's certificate as it is now. */
  async certifyKey(manager: EntityManager, deskId: string, version: number, certificate: unknown, certifiedBy: string, certifierCertificate: unknown): Promise<void> {
    await manager.query(
      `UPDATE desk_keys SET certificate = $3, certified_by = $4, certifier_certificate = $5, certified_at = now() WHERE desk_id = $1 AND version = $2`,
      [deskId, version, JSON.stringify(certificate), certifiedBy, JSON.stringify(certifierCertificate)],
    );
  }

  async upsertEnvelope(manager: EntityManager, g: { deskId: string; version: number; staffId: string; sealedKey: string; sealedBy: string }): Promise<void> {
    await manager.query(
      `INSERT INTO desk_key_envelopes (desk_id, version, staff_id, sealed_key, sealed_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (desk_id, version, staff_id) DO UPDATE SET sealed_key = EXCLUDED.sealed_key, sealed_by = EXCLUDED.sealed_by, created_at = now()`,
      [g.deskId, g.version, g.staffId, g.sealedKey, g.sealedBy],
    );
  }

  /** The caller's own envelopes of a desk's keys, newest version first. */
  async envelopesOf(deskId: string, staffId: string): Promise<{ version: number; sealed_key: string; sealed_by: string }[]> {
    return this.dataSource.query(
      `SELECT version, sealed_key, sealed_by FROM desk_key_envelopes WHERE desk_id = $1 AND staff_id = $2 ORDER BY version DESC`,
      [deskId, staffId],
    );
  }

  async member(deskId: string, staffId: string): Promise<{ is_lead: boolean } | null> {
    const rows: { is_lead: boolean }[] = await this.dataSource.query(`SELECT is_lead FROM desk_members WHERE desk_id = $1 AND staff_id = $2`, [deskId, staffId]);
    return rows[0] ?? null;
  }

  async members(deskId: string): Promise<{ staff_id: string; display_name: string; is_lead: boolean; versions: number[] }[]> {
    return this.dataSource.query(
      `SELECT m.staff_id, s.display_name, m.is_lead,
              coalesce(array_agg(g.version ORDER BY g.version) FILTER (WHERE g.version IS NOT NULL), '{}') AS versions
         FROM desk_members m JOIN staff_members s ON s.id = m.staff_id
         LEFT JOIN desk_key_envelopes g ON g.desk_id = m.desk_id AND g.staff_id = m.staff_id
        WHERE m.desk_id = $1 GROUP BY m.staff_id, s.display_name, m.is_lead, m.created_at ORDER BY m.created_at`,
      [deskId],
    );
  }

  async addMember(manager: EntityManager, deskId: string, staffId: string, lead: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, $3) ON CONFLICT (desk_id, staff_id) DO UPDATE SET is_lead = EXCLUDED.is_lead`,
      [deskId, staffId, lead],
    );
  }

  /**
   * Locks the desk's row to the end of the transaction, so membership changes of one desk happen
   * one at a time, and answers how many members it has (SPEC.md §17.2).
   */
  async lockForMembership(manager: EntityManager, deskId: string): Promise<{ members: number; slug: string } | null> {
    const locked: { slug: string }[] = await manager.query(`SELECT slug FROM desks WHERE id = $1 FOR UPDATE`, [deskId]);
    const desk = locked[0];
    if (!desk) return null;
    const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM desk_members WHERE desk_id = $1`, [deskId]);
    return { members: rows[0]?.n ?? 0, slug: desk.slug };
  }

  /** Whether the desk has an active lead (the flag and the desk_lead role) other than `besides`. */
  async hasOtherActiveLead(manager: EntityManager, deskId: string, besides: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM desk_members m JOIN staff_members s ON s.id = m.staff_id
        WHERE m.desk_id = $1 AND m.staff_id <> $2 AND m.is_lead AND s.status = 'active' AND $3 = ANY (s.roles) LIMIT 1`,
      [deskId, besides, DESK_LEAD_ROLE],
    );
    return rows.length > 0;
  }

  /** A membership as it stands inside the caller's transaction. */
  async membership(manager: EntityManager, deskId: string, staffId: string): Promise<{ is_lead: boolean } | null> {
    const rows: { is_lead: boolean }[] = await manager.query(`SELECT is_lead FROM desk_members WHERE desk_id = $1 AND staff_id = $2`, [deskId, staffId]);
    return rows[0] ?? null;
  }

  /**
   * People a lead may add to the desk: invited or active, holding a case role (or, on the finance
   * desk, a finance officer's; on the programme desk, a programme manager's: mayJoinDesk), not an
   * admin, not on it yet (SPEC.md §17.5).
   */
  async candidates(deskId: string): Promise<{ staffId: string; displayName: string; mayLead: boolean; status: 'invited' | 'active'; certified: boolean }[]> {
    return this.dataSource.query(
      `SELECT s.id AS "staffId", s.display_name AS "displayName", $3 = ANY (s.roles) AS "mayLead", s.status, s.certificate IS NOT NULL AS certified
         FROM staff_members s
        WHERE s.status IN ('invited', 'active') AND NOT ('admin' = ANY (s.roles))
          AND (s.roles && $2::text[]
               OR (s.roles && $4::text[] AND EXISTS (SELECT 1 FROM desks d WHERE d.id = $1 AND d.slug = $5))
               OR (s.roles && $6::text[] AND EXISTS (SELECT 1 FROM desks d WHERE d.id = $1 AND d.slug = $7)))
          AND NOT EXISTS (SELECT 1 FROM desk_members m WHERE m.desk_id = $1 AND m.staff_id = s.id)
        ORDER BY s.display_name, s.id LIMIT 1000`,
      [deskId, CASE_WORKER_ROLES, DESK_LEAD_ROLE, FINANCE_DESK_ROLES, FINANCE_DESK_SLUG, PROGRAMME_DESK_ROLES, PROGRAMME_DESK_SLUG],
    );
  }

  /** Removes a member and their envelopes of the desk's keys; the lead then rotates the key. */
  async removeMember(manager: EntityManager, deskId: string, staffId: string): Promise<boolean> {
    await manager.query(`DELETE FROM desk_key_envelopes WHERE desk_id = $1 AND staff_id = $2`, [deskId, staffId]);
    const result: [unknown[], number] = await manager.query(`DELETE FROM desk_members WHERE desk_id = $1 AND staff_id = $2`, [deskId, staffId]);
    return result[1] === 1;
  }
}
