import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type StaffUiLanguage } from '@ashar/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { poolOf, preparedOn } from '../database';

export interface StaffRow {
  id: string;
  display_name: string;
  roles: string[];
  status: 'invited' | 'active' | 'suspended';
  enc_pk: string | null;
  sign_pk: string | null;
  vault: string | null;
  certificate: unknown | null;
  certified_by: string | null;
  language: StaffUiLanguage;
}

export interface StaffAccess {
  roles: string[];
  deskIds: string[];
  leadDeskIds: string[];
  status: string;
}

export interface VaultWrapRow {
  id: string;
  method: 'passkey-prf' | 'passphrase' | 'recovery-code';
  credential_id: string | null;
  wrap: unknown;
}

export interface NewIdentity {
  encPk: string;
  signPk: string;
  vault: string;
  wraps: { id: string; method: VaultWrapRow['method']; credentialId?: string | undefined; wrap: unknown }[];
}

/** Queries on staff members, their desks and their vault wraps. */
@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<StaffRow | null> {
    const rows: StaffRow[] = await manager.query(
      `SELECT id, display_name, roles, status, enc_pk, sign_pk, vault, certificate, certified_by, language FROM staff_members WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Roles and desk memberships: what the ability is built from. Read by the policy guard on every
   * signed-in request, so prepared, on the pool without TypeORM's query runner
   * (docs/decisions.md, "Inbox pages are prepared statements").
   */
  async access(id: string): Promise<StaffAccess | null> {
    const rows = await preparedOn<{ roles: string[]; status: string; desk_ids: string[] | null; lead_desk_ids: string[] | null }>(
      poolOf(this.dataSource),
      'staff-access',
      `SELECT s.roles, s.status,
              array_agg(m.desk_id) FILTER (WHERE m.desk_id IS NOT NULL) AS desk_ids,
              array_agg(m.desk_id) FILTER (WHERE m.is_lead) AS lead_desk_ids
         FROM staff_members s LEFT JOIN desk_members m ON m.staff_id = s.id
        WHERE s.id = $1 GROUP BY s.id`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return { roles: row.roles, status: row.status, deskIds: row.desk_ids ?? [], leadDeskIds: row.lead_desk_ids ?? [] };
  }

  /** The member's console language; null when there is no such member. */
  async language(id: string): Promise<StaffUiLanguage | null> {
    const [row] = (await this.dataSource.query(`SELECT language FROM staff_members WHERE id = $1`, [id])) as { language: StaffUiLanguage }[];
    return row?.language ?? null;
  }

  async setLanguage(id: string, language: StaffUiLanguage): Promise<void> {
    await this.dataSource.query(`UPDATE staff_members SET language = $2 WHERE id = $1`, [id, language]);
  }

  async insert(manager: EntityManager, staff: { id: string; displayName: string; roles: string[]; status: StaffRow['status']; webauthnUserId: Buffer }): Promise<void> {
    await manager.query(`INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id) VALUES ($1, $2, $3, $4, $5)`, [
      staff.id,
      staff.displayName,
      staff.roles,
      staff.status,
      staff.webauthnUserId,
    ]);
  }

  async webauthnUserId(id: string): Promise<Buffer | null> {
    const rows: { webauthn_user_id: Buffer | null }[] = await this.dataSource.query(`SELECT webauthn_user_id FROM staff_members WHERE id = $1`, [id]);
    return rows[0]?.webauthn_user_id ?? null;
  }

  /** Stores the identity created in the browser and activates the member; false if they already have one. */
  async activateWithIdentity(manager: EntityManager, staffId: string, identity: NewIdentity): Promise<boolean> {
    const updated: [unknown[], number] = await manager.query(
      `UPDATE staff_members SET enc_pk = $2, sign_pk = $3, vault = $4, status = 'active' WHERE id = $1 AND enc_pk IS NULL AND status = 'invited'`,
      [staffId, identity.encPk, identity.signPk, identity.vault],
    );
    if (updated[1] !== 1) return false;
    for (const wrap of identity.wraps) await this.addWrap(manager, staffId, wrap);
    return true;
  }

  /** The name requesters see of this member of staff (null: none chosen). */
  async pseudonym(staffId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT pseudonym FROM staff_members WHERE id = $1`, [staffId])) as { pseudonym: string | null }[];
    return row?.pseudonym ?? null;
  }

  async setPseudonym(manager: EntityManager, staffId: string, pseudonym: string | null): Promise<void> {
    await manager.query(`UPDATE staff_members SET pseudonym = $2 WHERE id = $1`, [staffId, pseudonym]);
  }

  async addWrap(manager: EntityManager, staffId: string, wrap: NewIdentity['wraps'][number]): Promise<void> {
    await manager.query(`INSERT INTO vault_wraps (id, staff_id, method, credential_id, wrap) VALUES ($1, $2, $3, $4, $5)`, [
      wrap.id,
      staffId,
      wrap.method,
      wrap.credentialId ?? null,
      JSON.stringify(wrap.wrap),
    ]);
  }

  async wraps(staffId: string): Promise<VaultWrapRow[]> {
    return this.dataSource.query(`SELECT id, method, credential_id, wrap FROM vault_wraps WHERE staff_id = $1 ORDER BY created_at, id`, [staffId]);
  }

  /**
   * Makes the person the first lead of each desk that still has no members (an invitation's lead
   * desks, at enrolment: SPEC.md §17.2). Each desk row is locked first, so an admin adding a first
   * lead at the same moment waits; desks that gained members meanwhile are left out and returned.
   */
  async addAsFirstLead(manager: EntityManager, staffId: string, deskIds: readonly string[]): Promise<{ added: string[]; skipped: string[] }> {
    const added: string[] = [];
    const skipped: string[] = [];
    for (const deskId of [...new Set(deskIds)].sort()) {
      const locked: unknown[] = await manager.query(`SELECT 1 FROM desks WHERE id = $1 FOR UPDATE`, [deskId]);
      const staffed: unknown[] = await manager.query(`SELECT 1 FROM desk_members WHERE desk_id = $1 LIMIT 1`, [deskId]);
      if (locked.length === 0 || staffed.length > 0) {
        skipped.push(deskId);
        continue;
      }
      await manager.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, true)`, [deskId, staffId]);
      added.push(deskId);
    }
    return { added, skipped };
  }

  /** Which of these desks already have members (invitations may not place anyone there: SPEC.md §17.2). */
  async staffedDeskIds(deskIds: readonly string[]): Promise<string[]> {
    if (deskIds.length === 0) return [];
    const rows: { desk_id: string }[] = await this.dataSource.query(`SELECT DISTINCT desk_id FROM desk_members WHERE desk_id = ANY($1::uuid[])`, [deskIds]);
    return rows.map((r) => r.desk_id);
  }

  /**
   * Ends the case access a person keeps outside desk membership (SPEC.md §17.3): their
   * assignments and the case key envelopes addressed to them personally. With `deskId` (they
   * just left that desk), only on cases that desk holds and that no desk they are still on holds;
   * without it (suspension), on every case. Returns the cases touched, for the audit log.
   */
  async releaseCaseAccess(manager: EntityManager, staffId: string, deskId: string | null): Promise<{ unassigned: string[]; withdrawn: string[] }> {
    const scope = `($2::uuid IS NULL OR ((c.owner_desk_id = $2 OR $2 = ANY (c.collaborator_desk_ids))
        AND NOT EXISTS (SELECT 1 FROM desk_members m WHERE m.staff_id = $1 AND (m.desk_id = c.owner_desk_id OR m.desk_id = ANY (c.collaborator_desk_ids)))))`;
    const [unassigned]: [{ id: string }[], number] = await manager.query(
      `UPDATE aid_cases c SET assignee_id = NULL, updated_at = now() WHERE c.assignee_id = $1 AND ${scope} RETURNING c.id`,
      [staffId, deskId],
    );
    const [withdrawn]: [{ case_id: string }[], number] = await manager.query(
      `DELETE FROM case_key_envelopes e USING aid_cases c
        WHERE e.recipient_kind = 'staff' AND e.recipient_id = $1 AND c.id = e.case_id AND ${scope}
        RETURNING e.case_id`,
      [staffId, deskId],
    );
    return { unassigned: unassigned.map((r) => r.id).sort(), withdrawn: [...new Set(withdrawn.map((r) => r.case_id))].sort() };
  }

  /** Suspends an invited or active member; false when they were suspended already. */
  async suspend(manager: EntityManager, staffId: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1 AND status <> 'suspended'`, [staffId]);
    return count === 1;
  }

  /** Lifts a suspension: active again, or invited if they never enrolled; false when they were not suspended. */
  async reinstate(manager: EntityManager, staffId: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE staff_members SET status = CASE WHEN enc_pk IS NULL THEN 'invited' ELSE 'active' END WHERE id = $1 AND status = 'suspended'`,
      [staffId],
    );
    return count === 1;
  }

  async list(): Promise<(Pick<StaffRow, 'id' | 'display_name' | 'roles' | 'status'> & { certified: boolean })[]> {
    return this.dataSource.query(
      `SELECT id, display_name, roles, status, certificate IS NOT NULL AS certified FROM staff_members ORDER BY created_at, id LIMIT 1000`,
    );
  }

  async setCertificate(manager: EntityManager, staffId: string, certificate: unknown, certifiedBy: string | null): Promise<void> {
    await manager.query(`UPDATE staff_members SET certificate = $2, certified_by = $3, certified_at = now() WHERE id = $1`, [
      staffId,
      JSON.stringify(certificate),
      certifiedBy,
    ]);
  }

  async existingDeskIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM desks WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map((r) => r.id);
  }
}
