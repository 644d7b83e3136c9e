import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Request, type Response } from 'express';
import { DomainError, GeneralError } from '@ashar/domain';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { RedisStore } from '../redis';

export interface RateLimitRule {
  /** Name of the bucket family, e.g. 'staff-sign-in'. */
  name: string;
  /** Requests allowed per window from one client. */
  perClient: number;
  /** Requests allowed per window from everyone together (a ceiling against distributed guessing). */
  total: number;
  windowSeconds: number;
  /** Limits taken from the configuration instead of perClient and total, where an operator may tune them. */
  fromConfig?: (config: AsharConfig) => { perClient: number; total: number };
}

export const RATE_LIMIT_KEY = 'ashar:rate-limit';

/**
 * Counts one attempt in both windows (the client's and everyone's) and returns both counts: one
 * round trip where MULTI/INCR/EXPIRE×2/EXEC took six writes. A window's key expires with it.
 */
const COUNT_BOTH = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('INCR', KEYS[2])
if t == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return {c, t}`;
/** Its SHA-1, by which Redis runs it once it has seen it (EVALSHA: the script is not sent each time). */
const COUNT_BOTH_SHA = createHash('sha1').update(COUNT_BOTH).digest('hex');
export const RateLimit = (rule: RateLimitRule) => SetMetadata(RATE_LIMIT_KEY, rule);

/**
 * Fixed-window counters in Redis, so limits hold across api replicas. A client
 * is told apart by a keyed hash of its address under a secret that Redis keeps
 * for one day: the address itself is never stored, logged or recoverable.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private secret: { day: string; value: string } | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly redis: RedisStore,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const declared = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, context.getHandler());
    if (!declared) return true;
    const rule = declared.fromConfig ? { ...declared, ...declared.fromConfig(this.config) } : declared;
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const window = Math.floor(Date.now() / 1000 / rule.windowSeconds);
    const client = await this.clientTag(req.socket.remoteAddress ?? 'unknown');
    const keys = [this.redis.key('rl', rule.name, String(window), client), this.redis.key('rl', rule.name, String(window), 'all')];
    const [clientCount, totalCount] = await this.countBoth(keys[0]!, keys[1]!, rule.windowSeconds);
    if (clientCount > rule.perClient || totalCount > rule.total) {
      const retryAfter = rule.windowSeconds - (Math.floor(Date.now() / 1000) % rule.windowSeconds);
      res.setHeader('Retry-After', String(retryAfter));
      throw new DomainError(GeneralError.RateLimited, `Try again in ${retryAfter} seconds.`);
    }
    return true;
  }

  /** Runs COUNT_BOTH by its hash; a Redis that does not know it yet (restarted, flushed) gets the script. */
  private async countBoth(clientKey: string, totalKey: string, windowSeconds: number): Promise<[number, number]> {
    try {
      return (await this.redis.client.evalsha(COUNT_BOTH_SHA, 2, clientKey, totalKey, windowSeconds)) as [number, number];
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return (await this.redis.client.eval(COUNT_BOTH, 2, clientKey, totalKey, windowSeconds)) as [number, number];
    }
  }

  private async clientTag(address: string): Promise<string> {
    const day = new Date().toISOString().slice(0, 10);
    return createHmac('sha256', await this.secretOf(day)).update(address).digest('base64url').slice(0, 22);
  }

  /** The day's secret, shared by every replica through Redis and kept in memory once read. */
  private async secretOf(day: string): Promise<string> {
    if (this.secret?.day === day) return this.secret.value;
    const key = this.redis.key('rl-secret', day);
    const candidate = randomBytes(32).toString('base64url');
    await this.redis.client.set(key, candidate, 'EX', 2 * 86400, 'NX');
    const value = (await this.redis.client.get(key)) ?? candidate;
    this.secret = { day, value };
    return value;
  }
}
