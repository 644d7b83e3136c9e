import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * First-run bootstrap: while no active admin exists, each start of the api
 * issues a fresh one-time setup token (older unused ones are revoked) and writes
 * the setup link to the log. The token travels in the URL fragment, which
 * browsers never send to a server, and only its SHA-256 is stored.
 */
@Injectable()
export class SetupTokenService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Setup');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const token = await this.issueIfNoAdmin();
    if (token) {
      const link = `${this.config.PUBLIC_URL.replace(/\/$/, '')}/setup#${token}`;
      this.logger.warn(`No admin exists yet. Open this one-time link within ${this.config.SETUP_TOKEN_TTL_MINUTES} minutes to enrol the first admin: ${link}`);
    }
  }

  /** Issues a new token when no active admin exists; returns it, or null when an admin exists. */
  async issueIfNoAdmin(): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      // Serialise concurrent starts so that only one token is live.
      await manager.query('LOCK TABLE setup_tokens IN SHARE ROW EXCLUSIVE MODE');
      if (await this.adminExists(manager)) return null;
      await manager.query('UPDATE setup_tokens SET used_at = now() WHERE used_at IS NULL');
      const token = randomBytes(32).toString('base64url');
      await manager.query(
        `INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, now() + make_interval(mins => $2))`,
        [hash(token), this.config.SETUP_TOKEN_TTL_MINUTES],
      );
      return token;
    });
  }

  /** True when the token is live: unused, unexpired, and no admin exists yet. */
  async isValid(token: string): Promise<boolean> {
    if (!TOKEN_SHAPE.test(token)) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM setup_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      [hash(token)],
    );
    return rows.length === 1 && !(await this.adminExists(this.dataSource.manager));
  }

  /**
   * Spends the token inside the caller's transaction (the one that creates the
   * first admin). Returns false if it is unknown, used, expired, or an admin exists.
   */
  async consume(manager: EntityManager, token: string): Promise<boolean> {
    if (!TOKEN_SHAPE.test(token)) return false;
    const rows: unknown[] = await manager.query(
      `UPDATE setup_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING id`,
      [hash(token)],
    );
    const spent = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
    return spent === 1 && !(await this.adminExists(manager));
  }

  private async adminExists(manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM staff_members WHERE 'admin' = ANY(roles) AND status = 'active' LIMIT 1`);
    return rows.length > 0;
  }
}
