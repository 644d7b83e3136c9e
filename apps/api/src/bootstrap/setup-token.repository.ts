import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** The SQL of first-run setup tokens (stored by SHA-256 only) and the one question they depend on: is there an admin yet. */
@Injectable()
export class SetupTokenRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * In one transaction: unless an active admin exists, revokes every unused token and stores
   * `tokenHash` for `ttlMinutes`. The table lock serialises concurrent starts, so only one token
   * is live. Returns false, storing nothing, when an admin exists.
   */
  async replaceUnlessAdmin(tokenHash: Buffer, ttlMinutes: number): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('LOCK TABLE setup_tokens IN SHARE ROW EXCLUSIVE MODE');
      if (await this.adminExists(manager)) return false;
      await manager.query('UPDATE setup_tokens SET used_at = now() WHERE used_at IS NULL');
      await manager.query(`INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, now() + make_interval(mins => $2))`, [tokenHash, ttlMinutes]);
      return true;
    });
  }

  /** True when a token with this hash is unused and unexpired. */
  async isLive(tokenHash: Buffer): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, [tokenHash]);
    return rows.length === 1;
  }

  /** Marks the live token with this hash used, in the caller's transaction; false when there was none. */
  async spend(manager: EntityManager, tokenHash: Buffer): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE setup_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING id`,
      [tokenHash],
    );
    const spent = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
    return spent === 1;
  }

  async adminExists(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM staff_members WHERE 'admin' = ANY(roles) AND status = 'active' LIMIT 1`);
    return rows.length > 0;
  }
}
