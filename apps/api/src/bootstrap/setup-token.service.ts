import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { SetupTokenRepository } from './setup-token.repository';

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The setup link as a person sees it on start: blank lines around, the link alone on its line. */
export function setupLinkBlock(link: string, ttlMinutes: number): string {
  return `\n  No admin exists yet. Open this one-time link within ${ttlMinutes} minutes to enrol the first admin:\n\n${link}\n\n`;
}

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
      // Not through the logger: a JSON log line among the route lines scrolls away and may be
      // shipped to a log store. The link goes to the terminal (stderr) on a line of its own.
      process.stderr.write(setupLinkBlock(link, this.config.SETUP_TOKEN_TTL_MINUTES));
      this.logger.warn('No admin exists yet: the one-time setup link was printed to the terminal on a line of its own (stderr, never in the log).');
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
