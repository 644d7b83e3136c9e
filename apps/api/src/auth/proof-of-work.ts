import { randomBytes, randomInt } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Request } from 'express';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { DomainError, GeneralError, POW_HEADER, POW_HEADER_MAX_LENGTH, type PowAction, type PowChallenge, powProofSchema } from '@ashar/domain';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { RedisStore, RedisUnavailableError } from '../redis';

/** How long a challenge may be solved and spent (seconds). */
export const POW_EXPIRY_SECONDS = 300;
/** The window of the load counters and the budgets (seconds). */
export const POW_WINDOW_SECONDS = 60;
/** Each step multiplies the expected work by this; the top step is 3 (docs/decisions.md). */
export const POW_STEP_FACTOR = 4;
/** The step thresholds, in units of POW_LOAD_STEP challenges issued for one action in the window. */
const STEP_THRESHOLDS = [1, 4, 16] as const;

/** The difficulty step for the `issued`-th challenge of an action in the window: 0 (normal) to 3. */
export function powStep(issued: number, loadStep: number): number {
  return STEP_THRESHOLDS.filter((t) => issued > t * loadStep).length;
}

/** The largest counter of a challenge at that step: the solver tries on average half as many SHA-256 hashes. */
export const powMaxNumber = (config: Pick<AsharConfig, 'POW_BASE_MAX_NUMBER'>, step: number) => config.POW_BASE_MAX_NUMBER * POW_STEP_FACTOR ** step;

/** The budget of spent proofs per action per window, for everyone together. */
function budgetOf(config: AsharConfig, action: PowAction): number {
  const budgets: Record<PowAction, number> = {
    intake: config.INTAKE_LIMIT_TOTAL,
    'requester-challenge': config.REQUESTER_SIGN_IN_LIMIT_TOTAL,
    'file-create': config.FILE_CREATE_LIMIT_TOTAL,
    // Applying to a call is the intake of the programme: the same budget, counted on its own.
    application: config.INTAKE_LIMIT_TOTAL,
    // A referee's letter comes through a one-time link: the intake budget again, counted on its own.
    'referee-letter': config.INTAKE_LIMIT_TOTAL,
  };
  return budgets[action];
}

const invalid = (detail: string) => new DomainError(GeneralError.PowInvalid, detail);

/**
 * Proof-of-work challenges (ALTCHA v2, SHA-256, deterministic mode): issued bound to one action,
 * signed with HMAC, five minutes to live, spent once. The challenge carries an HMAC of its answer
 * (the key signature), so checking a proof costs two HMACs and one Redis SET NX, never a search.
 *
 * The secret is POW_SECRET when set, otherwise one made by the first api process and kept in
 * Redis (SET NX) for all of them. While Redis cannot be reached, this process signs with its own
 * secret and counts, and remembers spent challenges, in its own memory (as the rate limits do),
 * so intake goes on.
 */
@Injectable()
export class ProofOfWorkService {
  private readonly logger = new Logger(ProofOfWorkService.name);
  private shared: { value: string; until: number } | undefined;
  private readonly localSecret = randomBytes(32).toString('base64url');
  private readonly localCounts = new Map<string, { window: number; count: number }>();
  private readonly localSpent = new Map<string, number>();
  private warnedAt = 0;

  constructor(
    private readonly redis: RedisStore,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  /** A new challenge for `action`, its difficulty stepped by how many were issued for it in this window. */
  async issue(action: PowAction): Promise<PowChallenge> {
    const issued = await this.count('pow-issued', action);
    const maxNumber = powMaxNumber(this.config, powStep(issued, this.config.POW_LOAD_STEP));
    const secret = await this.secret();
    const challenge = await createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      counter: randomInt(0, maxNumber),
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + POW_EXPIRY_SECONDS,
      data: { action, maxNumber },
      hmacSignatureSecret: secret,
      hmacKeySignatureSecret: keySecretOf(secret),
    });
    return challenge as PowChallenge;
  }

  /**
   * Spends the proof in `header` for `action`, or throws: pow-required (428) without one,
   * pow-invalid (403) for a malformed, wrong, expired, foreign or used one, busy (503 with
   * Retry-After) once the action's budget for everyone is spent in this window.
   */
  async spend(action: PowAction, header: string | undefined): Promise<void> {
    if (header === undefined || header === '') throw new DomainError(GeneralError.PowRequired, 'Solve a challenge from /api/v1/pow/challenge and send it in the Ashar-Pow header.');
    if (header.length > POW_HEADER_MAX_LENGTH) throw invalid('The proof of work is too long.');
    let json: unknown;
    try {
      json = JSON.parse(header);
    } catch {
      throw invalid('The proof of work is not JSON.');
    }
    const parsed = powProofSchema.safeParse(json);
    if (!parsed.success) throw invalid('The proof of work is malformed.');
    const { challenge, solution } = parsed.data;
    if (challenge.parameters.data.action !== action) throw invalid('This proof of work was made for another action.');
    const result = await this.verify(challenge, solution);
    if (result === 'expired') throw invalid('The proof of work expired; solve a new challenge.');
    if (result !== 'verified') throw invalid('The proof of work is not valid.');
    if (!(await this.markSpent(challenge.parameters.nonce, challenge.parameters.expiresAt))) throw invalid('This proof of work was used already; solve a new challenge.');
    const spent = await this.count('pow-spent', action);
    if (spent > budgetOf(this.config, action)) {
      const retryAfter = POW_WINDOW_SECONDS - (Math.floor(Date.now() / 1000) % POW_WINDOW_SECONDS);
      throw new DomainError(GeneralError.Busy, 'Too many requests of this kind right now. Nothing was changed. Try again shortly.', { retryAfter });
    }
  }

  private async verify(challenge: PowChallenge, solution: { counter: number; derivedKey: string }): Promise<'verified' | 'expired' | 'invalid'> {
    // The current secret, and this process's own for a challenge it signed while Redis was away.
    const secrets = new Set([await this.secret()]);
    if (!this.config.POW_SECRET) secrets.add(this.localSecret);
    for (const secret of secrets) {
      const r = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: secret, hmacKeySignatureSecret: keySecretOf(secret) });
      if (r.expired) return 'expired';
      if (r.verified) return 'verified';
      if (r.invalidSignature === false) return 'invalid'; // signed by this secret, wrong answer
    }
    return 'invalid';
  }

  /** Records the challenge as spent until it expires; false when it was spent before. */
  private async markSpent(nonce: string, expiresAt: number): Promise<boolean> {
    const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000) + 5);
    try {
      return (await this.redis.run((r) => r.set(this.redis.key('pow-spent-id', nonce), '1', 'EX', ttl, 'NX'))) === 'OK';
    } catch (err) {
      if (!(err instanceof RedisUnavailableError)) throw err;
      this.warnLocal();
      const now = Date.now();
      if (this.localSpent.size > 100_000) for (const [k, until] of this.localSpent) if (until < now) this.localSpent.delete(k);
      if ((this.localSpent.get(nonce) ?? 0) > now) return false;
      this.localSpent.set(nonce, now + ttl * 1000);
      return true;
    }
  }

  /** Counts one event of `kind` for `action` in the current window (everyone together); returns the count. */
  private async count(kind: string, action: PowAction): Promise<number> {
    const window = Math.floor(Date.now() / 1000 / POW_WINDOW_SECONDS);
    try {
      const key = this.redis.key(kind, action, String(window));
      return await this.redis.run(async (r) => {
        const [[, n]] = (await r.multi().incr(key).expire(key, POW_WINDOW_SECONDS * 2).exec()) as [[Error | null, number]];
        return n;
      });
    } catch (err) {
      if (!(err instanceof RedisUnavailableError)) throw err;
      this.warnLocal();
      const name = `${kind}:${action}`;
      const current = this.localCounts.get(name);
      const next = current && current.window === window ? { window, count: current.count + 1 } : { window, count: 1 };
      this.localCounts.set(name, next);
      return next.count;
    }
  }

  /** POW_SECRET, or the secret shared by all api processes through Redis (re-read each minute), or this process's own while Redis is away. */
  private async secret(): Promise<string> {
    if (this.config.POW_SECRET) return this.config.POW_SECRET;
    if (this.shared && this.shared.until > Date.now()) return this.shared.value;
    try {
      const key = this.redis.key('pow-secret');
      const candidate = randomBytes(32).toString('base64url');
      const value = await this.redis.run(async (r) => {
        await r.set(key, candidate, 'NX');
        return (await r.get(key)) ?? candidate;
      });
      this.shared = { value, until: Date.now() + 60_000 };
      return value;
    } catch (err) {
      if (!(err instanceof RedisUnavailableError)) throw err;
      this.warnLocal();
      return this.shared?.value ?? this.localSecret;
    }
  }

  private warnLocal(): void {
    const now = Date.now();
    if (now - this.warnedAt < 60_000) return;
    this.warnedAt = now;
    this.logger.warn('Redis cannot be reached: proof-of-work challenges are signed, counted and spent in this process until it is back');
  }
}

/** The key-signature secret, apart from the challenge-signature secret. */
const keySecretOf = (secret: string) => `${secret}:answer`;

export const POW_KEY = 'ashar:pow';
export interface PowRule {
  action: PowAction;
  /** Only these callers must prove work; others pass (e.g. staff creating a file). Everyone when unset. */
  onlyFor?: 'requester';
}

/** The route wants a spent proof of work for `action` (header `Ashar-Pow`), checked after the policy guard and before the body is validated. */
export const ProofOfWork = (action: PowAction, options: Omit<PowRule, 'action'> = {}) => SetMetadata(POW_KEY, { action, ...options } satisfies PowRule);

/** Spends the proof of work a route asks for (ProofOfWork). Registered after the policy guard, which tells who calls. */
@Injectable()
export class ProofOfWorkGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly pow: ProofOfWorkService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<PowRule | undefined>(POW_KEY, context.getHandler());
    if (!rule) return true;
    const req = context.switchToHttp().getRequest<Request & { principal?: { kind: string } }>();
    if (rule.onlyFor && req.principal?.kind !== rule.onlyFor) return true;
    const header = req.headers[POW_HEADER];
    await this.pow.spend(rule.action, Array.isArray(header) ? header.join(',') : header);
    return true;
  }
}
