import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { SetupTokenRepository } from './setup-token.repository';

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
    private readonly tokens: SetupTokenRepository,
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
    const token = randomBytes(32).toString('base64url');
    return (await this.tokens.replaceUnlessAdmin(hash(token), this.config.SETUP_TOKEN_TTL_MINUTES)) ? token : null;
  }

  /** True when the token is live: unused, unexpired, and no admin exists yet. */
  async isValid(token: string): Promise<boolean> {
    if (!TOKEN_SHAPE.test(token)) return false;
    return (await this.tokens.isLive(hash(token))) && !(await this.tokens.adminExists());
  }

  /**
   * Spends the token inside the caller's transaction (the one that creates the
   * first admin). Returns false if it is unknown, used, expired, or an admin exists.
   */
  async consume(manager: EntityManager, token: string): Promise<boolean> {
    if (!TOKEN_SHAPE.test(token)) return false;
    return (await this.tokens.spend(manager, hash(token))) && !(await this.tokens.adminExists(manager));
  }
}
