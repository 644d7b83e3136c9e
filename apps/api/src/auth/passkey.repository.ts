import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface PasskeyRow {
  id: string;
  staff_id: string;
  credential_id: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  created_at: Date;
  last_used_at: Date | null;
}

/** A staff member's passkeys (WebAuthn credentials). Revoked ones are kept, marked, and never match. */
@Injectable()
export class PasskeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `usedNow`: the registration itself opens a session with this passkey (enrolment), so it was
   * used just now; a passkey added from the console has not signed anyone in yet.
   */
  async insert(manager: EntityManager, p: { staffId: string; credentialId: string; publicKey: Uint8Array; counter: number; transports: string[]; usedNow?: boolean }): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO staff_passkeys (staff_id, credential_id, public_key, counter, transports, last_used_at)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::boolean THEN now() END) RETURNING id`,
      [p.staffId, p.credentialId, Buffer.from(p.publicKey), p.counter, p.transports, p.usedNow === true],
    );
    return rows[0]!.id;
  }

  /** A live passkey of an active staff member, by credential id. */
  async findActive(credentialId: string): Promise<PasskeyRow | null> {
    const rows: PasskeyRow[] = await this.dataSource.query(
      `SELECT p.id, p.staff_id, p.credential_id, p.public_key, p.counter, p.transports, p.created_at, p.last_used_at
         FROM staff_passkeys p JOIN staff_members s ON s.id = p.staff_id
        WHERE p.credential_id = $1 AND p.revoked_at IS NULL AND s.status = 'active'`,
      [credentialId],
    );
    return rows[0] ?? null;
  }

  async markUsed(id: string, counter: number): Promise<void> {
    await this.dataSource.query(`UPDATE staff_passkeys SET counter = $2, last_used_at = now() WHERE id = $1`, [id, counter]);
  }

  async listActive(staffId: string): Promise<PasskeyRow[]> {
    return this.dataSource.query(
      `SELECT id, staff_id, credential_id, public_key, counter, transports, created_at, last_used_at
         FROM staff_passkeys WHERE staff_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
      [staffId],
    );
  }

  /** Revokes one of the person's passkeys unless it is their last; returns 'revoked', 'last' or 'missing'. */
  async revoke(manager: EntityManager, staffId: string, id: string): Promise<'revoked' | 'last' | 'missing'> {
    const live: { id: string }[] = await manager.query(
      `SELECT id FROM staff_passkeys WHERE staff_id = $1 AND revoked_at IS NULL ORDER BY id FOR UPDATE`,
      [staffId],
    );
    if (!live.some((p) => p.id === id)) return 'missing';
    if (live.length === 1) return 'last';
    await manager.query(`UPDATE staff_passkeys SET revoked_at = now() WHERE id = $1`, [id]);
    await manager.query(`DELETE FROM vault_wraps WHERE staff_id = $1 AND credential_id = (SELECT credential_id FROM staff_passkeys WHERE id = $2)`, [staffId, id]);
    return 'revoked';
  }
}
