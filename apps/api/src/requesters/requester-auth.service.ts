import { Inject, Injectable } from '@nestjs/common';
import { generateChallenge, parseSignPublicKey, verifyChallenge } from '@ashar/crypto';
import { ChallengeStore, type ActiveSession, SessionStore } from '../auth';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, AuthError } from '@ashar/domain';
import { AuditService, type AuditEvent } from '../audit';
import { INSTANCE_ID } from '../database';
import { RequesterRepository } from './requester.repository';

const failed = () => new DomainError(AuthError.SignInFailed, 'Check the receipt code and try again.');

/**
 * Receipt sign-in: the browser derives the key pair from the receipt code,
 * sends the key id, and signs a one-time challenge. The server never sees the
 * code, and answers the same way whether or not the key id exists.
 */
@Injectable()
export class RequesterAuthService {
  constructor(
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    private readonly requesters: RequesterRepository,
    private readonly challenges: ChallengeStore,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async challenge(kid: string): Promise<{ ceremonyId: string; challenge: string; instanceId: string }> {
    const challenge = generateChallenge();
    const ceremonyId = await this.challenges.put({ kind: 'requester', challenge, kid });
    return { ceremonyId, challenge, instanceId: this.instanceId };
  }

  async signIn(ceremonyId: string, signature: string): Promise<{ sid: string; session: ActiveSession }> {
    const ceremony = await this.challenges.take(ceremonyId, 'requester');
    const account = ceremony.kid ? await this.requesters.findByKid(ceremony.kid) : null;
    if (!account) {
      await this.record({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous' }, data: { reason: 'unknown_receipt' } });
      throw failed();
    }
    try {
      verifyChallenge(parseSignPublicKey(account.sign_pk), this.instanceId, ceremony.challenge, signature);
    } catch {
      await this.record({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous' }, subject: { type: 'requester', id: account.id }, data: { reason: 'bad_signature' } });
      throw failed();
    }
    await this.record({ action: 'auth.sign_in', actor: { kind: 'requester', id: account.id } });
    return this.sessions.create({ kind: 'requester', requesterId: account.id });
  }

  private async record(event: AuditEvent): Promise<void> {
    await this.dataSource.transaction((manager) => this.audit.record(manager, event));
  }
}
