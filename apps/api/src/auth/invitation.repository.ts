import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** A live invitation as enrolment reads it. */
export interface InvitationRow {
  id: string;
  staff_id: string;
  display_name: string;
  roles: string[];
  desk_ids: string[];
  lead_desk_ids: string[];
}

export interface NewInvitation {
  /** SHA-256 of the one-time token; the token itself is never stored. */
  tokenHash: Buffer;
  displayName: string;
  roles: string[];
  deskIds: string[];
  leadDeskIds: string[];
  invitedBy: string;
  staffId: string;
  expiresAt: Date;
}

/** The SQL of staff invitations. */
@Injectable()
export class InvitationRepository {
  /** Stores an invitation; returns its id. */
  async insert(manager: EntityManager, n: NewInvitation): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO invitations (token_hash, display_name, roles, desk_ids, lead_desk_ids, invited_by, staff_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [n.tokenHash, n.displayName, n.roles, n.deskIds, n.leadDeskIds, n.invitedBy, n.staffId, n.expiresAt],
    );
    return rows[0]!.id;
  }

  /**
   * The unused, unexpired invitation with this token hash whose person is still invited (not
   * suspended meanwhile), if any; with `lock`, locked until the caller's transaction ends.
   */
  async findLive(manager: EntityManager, tokenHash: Buffer, lock = false): Promise<InvitationRow | null> {
    const rows: InvitationRow[] = await manager.query(
      `SELECT i.id, i.staff_id, i.display_name, i.roles, i.desk_ids, i.lead_desk_ids FROM invitations i
        WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now()
          AND EXISTS (SELECT 1 FROM staff_members s WHERE s.id = i.staff_id AND s.status = 'invited')${lock ? ' FOR UPDATE OF i' : ''}`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  async markUsed(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE invitations SET used_at = now() WHERE id = $1`, [id]);
  }
}
