import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Request, type Response } from 'express';
import { DomainError, GeneralError } from '@ashar/domain';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { RedisStore, RedisUnavailableError } from '../redis';
import { sessionCookieName } from './cookies';
import { readCookie } from './policy.guard';

export interface RateLimitRule {
  /** Name of the bucket family, e.g. 'staff-sign-in'. */
  name: string;
  /** Requests allowed per window from one client. */
  perClient: number;
  /** Requests allowed per window from everyone together (a ceiling against distributed guessing). */
  total: number;
  windowSeconds: number;
  /**
   * What "one client" is: its session cookie, for routes only a signed-in caller may use; what the
   * request names (the account it signs in to, the invitation it redeems), read from the parsed
   * body before validation; or nobody (`global`: only the total counts). Never the socket address:
   * behind Caddy or Tor every visitor shares one (issue 15). Requests that name nothing share one
   * bucket; a request refused by its own bucket is not counted in the total, so one account or
   * one session cannot spend everyone's ceiling.
   */
  keyBy: 'session' | 'global' | { body: (body: unknown) => string | undefined };
  /** Limits taken from the configuration instead of perClient and total, where an operator may tune them. */
  fromConfig?: (config: AsharConfig) => { perClient: number; total: number };
}

export const RATE_LIMIT_KEY = 'ashar:rate-limit';

/**
 * Counts one attempt in both windows (the client's and everyone's) and returns both counts: one
 * round trip where MULTI/INCR/EXPIRE×2/EXEC took six writes. A window's key expires with it. An
 * attempt over the client's own limit (ARGV[2]) is not counted in everyone's.
 */
const COUNT_BOTH = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if c > tonumber(ARGV[2]) then return {c, tonumber(redis.call('GET', KEYS[2]) or '0')} end
local t = redis.call('INCR', KEYS[2])
if t == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return {c, t}`;
/** Its SHA-1, by which Redis runs it once it has seen it (EVALSHA: the script is not sent each time). */
const COUNT_BOTH_SHA = createHash('sha1').update(COUNT_BOTH).digest('hex');
export const RateLimit = (rule: RateLimitRule) => SetMetadata(RATE_LIMIT_KEY, rule);

/**
 * Fixed-window counters in Redis, so limits hold across api replicas. A client
 * (a session, or the account or invitation a request names) is told apart by a
 * keyed hash under a secret that Redis keeps for one day: the value itself is
 * never stored, logged or recoverable.
 *
 * While Redis cannot be reached the same limits are counted in this process
 * (LocalWindows): each replica then allows the limit on its own, and the route
 * goes on. Intake keeps working that way (its jobs wait in the outbox); routes
 * that need Redis for more than counting (sign-in: challenges and sessions)
 * answer 503 from those stores instead (docs/decisions.md, "Redis outages").
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger(RateLimitGuard.name);
  private secret: { day: string; value: string } | undefined;
  private readonly local = new LocalWindows();
  private warnedAt = 0;

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
    const identity = this.identityOf(rule, req);
    let counts: [number, number];
    try {
      const client = await this.clientTag(identity);
      const keys = [this.redis.key('rl', rule.name, String(window), client), this.redis.key('rl', rule.name, String(window), 'all')];
      counts = await this.redis.run(() => this.countBoth(keys[0]!, keys[1]!, rule.windowSeconds, rule.perClient));
    } catch (err) {
      if (!(err instanceof RedisUnavailableError)) throw err;
      this.warnLocal();
      counts = this.local.count(rule.name, window, this.local.tag(identity), rule.total, rule.perClient);
    }
    const [clientCount, totalCount] = counts;
    if (clientCount > rule.perClient || totalCount > rule.total) {
      const retryAfter = rule.windowSeconds - (Math.floor(Date.now() / 1000) % rule.windowSeconds);
      res.setHeader('Retry-After', String(retryAfter));
      throw new DomainError(GeneralError.RateLimited, `Try again in ${retryAfter} seconds.`);
    }
    return true;
  }

  /**
   * Who the request is for this rule, hashed below (keyed, for a day): never stored or logged. A
   * session cookie, or what the body names, at most 512 characters of it; `none` when it names
   * nothing, `all` for a global rule.
   */
  private identityOf(rule: RateLimitRule, req: Request): string {
    if (rule.keyBy === 'global') return 'global';
    const named = rule.keyBy === 'session' ? readCookie(req, sessionCookieName(this.config)) : rule.keyBy.body(req.body as unknown);
    return named && named.length <= 512 ? `${rule.keyBy === 'session' ? 'session' : 'named'}:${named}` : 'none';
  }

  /** Runs COUNT_BOTH by its hash; a Redis that does not know it yet (restarted, flushed) gets the script. */
  private async countBoth(clientKey: string, totalKey: string, windowSeconds: number, perClient: number): Promise<[number, number]> {
    try {
      return (await this.redis.client.evalsha(COUNT_BOTH_SHA, 2, clientKey, totalKey, windowSeconds, perClient)) as [number, number];
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return (await this.redis.client.eval(COUNT_BOTH, 2, clientKey, totalKey, windowSeconds, perClient)) as [number, number];
    }
  }

  /** One warning per minute at most while limits are counted in this process. */
  private warnLocal(): void {
    const now = Date.now();
    if (now - this.warnedAt < 60_000) return;
    this.warnedAt = now;
    this.logger.warn('Redis cannot be reached: rate limits are counted in this process until it is back');
  }

  private async clientTag(identity: string): Promise<string> {
    const day = new Date().toISOString().slice(0, 10);
    return createHmac('sha256', await this.secretOf(day)).update(identity).digest('base64url').slice(0, 22);
  }

  /** The day's secret, shared by every replica through Redis and kept in memory once read. */
  private async secretOf(day: string): Promise<string> {
    if (this.secret?.day === day) return this.secret.value;
    const key = this.redis.key('rl-secret', day);
    const candidate = randomBytes(32).toString('base64url');
    const value = await this.redis.run(async (redis) => {
      await redis.set(key, candidate, 'EX', 2 * 86400, 'NX');
      return (await redis.get(key)) ?? candidate;
    });
    this.secret = { day, value };
    return value;
  }
}

/**
 * The fallback counters while Redis is away: one fixed window per rule in this process's memory,
 * a client told apart by a keyed hash of its identity under a secret that never leaves the
 * process. Once a window's total passes the rule's total no client is added, so a window holds
 * at most `total` entries; a new window drops the last.
 */
export class LocalWindows {
  private readonly secret = randomBytes(32);
  private readonly windows = new Map<string, { window: number; total: number; clients: Map<string, number> }>();

  tag(identity: string): string {
    return createHmac('sha256', this.secret).update(identity).digest('base64url').slice(0, 22);
  }

  /** Counts one attempt of `client` in `window`; returns [the client's count, everyone's]. An attempt over the client's limit is not counted in everyone's. */
  count(rule: string, window: number, client: string, total: number, perClient = Number.POSITIVE_INFINITY): [number, number] {
    let current = this.windows.get(rule);
    if (!current || current.window !== window) {
      current = { window, total: 0, clients: new Map() };
      this.windows.set(rule, current);
    }
    const own = current.clients.get(client) ?? 0;
    if (own >= perClient) return [own + 1, current.total];
    current.total += 1;
    if (current.total > total) return [current.clients.get(client) ?? 0, current.total];
    const count = (current.clients.get(client) ?? 0) + 1;
    current.clients.set(client, count);
    return [count, current.total];
  }
}
