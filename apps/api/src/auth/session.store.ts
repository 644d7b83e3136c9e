import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { RedisStore } from '../redis';

const STEP_UP_MS = 5 * 60 * 1000;

export type SessionSubject = { kind: 'staff'; staffId: string; credentialId: string } | { kind: 'requester'; requesterId: string };

export interface SessionData {
  subject: SessionSubject;
  csrfToken: string;
  createdAt: number;
  steppedUpUntil: number | null;
}

export interface ActiveSession extends SessionData {
  /** SHA-256 of the session id: what Redis and every index hold, never the id itself. */
  hash: string;
}

const hashOf = (sid: string) => createHash('sha256').update(sid).digest('base64url');

/**
 * Server-side sessions in Redis. The cookie carries a random 256-bit id; Redis
 * holds only its hash, with the idle time-out as TTL and the absolute time-out
 * checked on every read. A per-person index allows "sign out everywhere".
 * While Redis cannot be reached every method throws RedisUnavailableError (503):
 * no session can be read, made or ended then.
 */
@Injectable()
export class SessionStore {
  private readonly idleSeconds: number;
  private readonly absoluteMs: number;

  constructor(
    private readonly redis: RedisStore,
    @Inject(ASHAR_CONFIG) config: AsharConfig,
  ) {
    this.idleSeconds = config.SESSION_IDLE_MINUTES * 60;
    this.absoluteMs = config.SESSION_ABSOLUTE_HOURS * 3600 * 1000;
  }

  /** Creates a session and returns the id for the cookie, with its data. Rotation: always a new id. */
  async create(subject: SessionSubject): Promise<{ sid: string; session: ActiveSession }> {
    const sid = randomBytes(32).toString('base64url');
    const data: SessionData = { subject, csrfToken: randomBytes(32).toString('base64url'), createdAt: Date.now(), steppedUpUntil: null };
    const hash = hashOf(sid);
    const index = this.indexKey(subject);
    await this.redis.run((redis) =>
      redis
        .multi()
        .set(this.redis.key('session', hash), JSON.stringify(data), 'EX', this.idleSeconds)
        .sadd(index, hash)
        .expire(index, Math.ceil(this.absoluteMs / 1000))
        .exec(),
    );
    return { sid, session: { ...data, hash } };
  }

  /** The live session for a cookie value, refreshing its idle timer; null if none, idle or past its absolute limit. */
  async read(sid: string | undefined): Promise<ActiveSession | null> {
    if (!sid || !/^[A-Za-z0-9_-]{43}$/.test(sid)) return null;
    const hash = hashOf(sid);
    const key = this.redis.key('session', hash);
    // GETEX reads and restarts the idle timer in one round trip (every signed-in request pays it).
    const raw = await this.redis.run((redis) => redis.getex(key, 'EX', this.idleSeconds));
    if (!raw) return null;
    const data = JSON.parse(raw) as SessionData;
    if (Date.now() - data.createdAt > this.absoluteMs) {
      await this.destroyHash(hash, data.subject);
      return null;
    }
    return { ...data, hash };
  }

  async markSteppedUp(session: ActiveSession): Promise<number> {
    const until = Date.now() + STEP_UP_MS;
    const data: SessionData = { subject: session.subject, csrfToken: session.csrfToken, createdAt: session.createdAt, steppedUpUntil: until };
    await this.redis.run((redis) => redis.set(this.redis.key('session', session.hash), JSON.stringify(data), 'EX', this.idleSeconds));
    return until;
  }

  async destroy(session: ActiveSession): Promise<void> {
    await this.destroyHash(session.hash, session.subject);
  }

  /** Ends every session of a person (sign out everywhere, suspension, passkey revocation), but `keepHash` if given. */
  async destroyAll(subject: SessionSubject, keepHash?: string): Promise<void> {
    const index = this.indexKey(subject);
    const hashes = (await this.redis.run((redis) => redis.smembers(index))).filter((h) => h !== keepHash);
    if (hashes.length === 0) return;
    await this.redis.run((redis) => {
      const multi = redis.multi();
      for (const hash of hashes) multi.del(this.redis.key('session', hash));
      return multi.srem(index, ...hashes).exec();
    });
  }

  private async destroyHash(hash: string, subject: SessionSubject): Promise<void> {
    await this.redis.run((redis) => redis.multi().del(this.redis.key('session', hash)).srem(this.indexKey(subject), hash).exec());
  }

  private indexKey(subject: SessionSubject): string {
    return subject.kind === 'staff' ? this.redis.key('sessions-of', 'staff', subject.staffId) : this.redis.key('sessions-of', 'requester', subject.requesterId);
  }
}
