import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, AuthError } from '@ashar/domain';
import { RedisStore } from '../redis';

const TTL_SECONDS = 300;

export type CeremonyKind = 'setup' | 'enrol' | 'sign-in' | 'add-passkey' | 'step-up' | 'requester';

export interface Ceremony {
  kind: CeremonyKind;
  challenge: string;
  /** The staff member (or would-be member) the ceremony is for, when known. */
  staffId?: string;
  /** The session that started it, for ceremonies made while signed in. */
  sessionHash?: string;
  /** For requester challenges: the key id that must sign it. */
  kid?: string;
  /** For the first admin: the WebAuthn user handle and display name chosen at the options call. */
  newMember?: { webauthnUserId: string; displayName: string };
}

/** WebAuthn and receipt challenges: in Redis, single-use, five minutes. Never logged. 503 while Redis is away. */
@Injectable()
export class ChallengeStore {
  constructor(private readonly redis: RedisStore) {}

  async put(ceremony: Ceremony): Promise<string> {
    const id = randomUUID();
    await this.redis.run((redis) => redis.set(this.redis.key('ceremony', id), JSON.stringify(ceremony), 'EX', TTL_SECONDS));
    return id;
  }

  /** Takes the ceremony out (GETDEL), so it can be used once; 400 if unknown, expired, used or of another kind. */
  async take(id: string, kind: CeremonyKind): Promise<Ceremony> {
    const raw = /^[0-9a-f-]{36}$/.test(id) ? await this.redis.run((redis) => redis.getdel(this.redis.key('ceremony', id))) : null;
    const ceremony = raw ? (JSON.parse(raw) as Ceremony) : undefined;
    if (!ceremony || ceremony.kind !== kind) {
      throw new DomainError(AuthError.CeremonyExpired);
    }
    return ceremony;
  }
}
