import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuthenticationResponseJSON, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { type VaultWrapInput } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { DomainError, AuthError, GeneralError } from '@ashar/domain';
import { AuditService, type AuditEvent } from '../audit';
import { StaffRepository } from '../staff';
import { ChallengeStore } from './challenge.store';
import { PasskeyRepository } from './passkey.repository';
import { type ActiveSession, SessionStore } from './session.store';
import { WebAuthnService } from './webauthn.service';

const signInFailed = () => new DomainError(AuthError.SignInFailed, 'This passkey is not recognised or is no longer allowed.');

/** Passkey sign-in, step-up, and a person's own passkeys. */
@Injectable()
export class SignInService {
  private readonly logger = new Logger('SignIn');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly passkeys: PasskeyRepository,
    private readonly challenges: ChallengeStore,
    private readonly webauthn: WebAuthnService,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
  ) {}

  /** Records an event in a transaction of its own (sign-in outcomes, step-ups). */
  async recordAlone(event: AuditEvent): Promise<void> {
    await this.dataSource.transaction((manager) => this.audit.record(manager, event));
  }

  async signInOptions() {
    const options = await this.webauthn.authenticationOptions();
    return { ceremonyId: await this.challenges.put({ kind: 'sign-in', challenge: options.challenge }), options };
  }

  /** Verifies a usernameless assertion and opens a new session (a new id every time). */
  async signIn(ceremonyId: string, response: AuthenticationResponseJSON): Promise<{ sid: string; session: ActiveSession }> {
    const ceremony = await this.challenges.take(ceremonyId, 'sign-in');
    const passkey = await this.passkeys.findActive(response.id);
    if (!passkey) {
      this.logger.warn('staff sign-in failed: unknown or revoked passkey');
      await this.recordAlone({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous' }, data: { reason: 'unknown_passkey' } });
      throw signInFailed();
    }
    const counter = await this.webauthn.verifyAuthentication(response, ceremony.challenge, toStored(passkey));
    if (counter === null) {
      this.logger.warn('staff sign-in failed: assertion did not verify');
      await this.recordAlone({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous' }, subject: { type: 'passkey', id: passkey.id }, data: { reason: 'bad_assertion' } });
      throw signInFailed();
    }
    await this.passkeys.markUsed(passkey.id, counter);
    await this.recordAlone({ action: 'auth.sign_in', actor: { kind: 'staff', id: passkey.staff_id }, subject: { type: 'passkey', id: passkey.id } });
    return this.sessions.create({ kind: 'staff', staffId: passkey.staff_id, credentialId: passkey.credential_id });
  }

  async stepUpOptions(staffId: string, session: ActiveSession) {
    const mine = await this.passkeys.listActive(staffId);
    const options = await this.webauthn.authenticationOptions(mine.map((p) => p.credential_id));
    return { ceremonyId: await this.challenges.put({ kind: 'step-up', challenge: options.challenge, staffId, sessionHash: session.hash }), options };
  }

  async stepUp(staffId: string, session: ActiveSession, ceremonyId: string, response: AuthenticationResponseJSON): Promise<number> {
    const ceremony = await this.challenges.take(ceremonyId, 'step-up');
    const passkey = await this.passkeys.findActive(response.id);
    if (ceremony.sessionHash !== session.hash || !passkey || passkey.staff_id !== staffId) throw signInFailed();
    const counter = await this.webauthn.verifyAuthentication(response, ceremony.challenge, toStored(passkey));
    if (counter === null) throw signInFailed();
    await this.passkeys.markUsed(passkey.id, counter);
    await this.recordAlone({ action: 'auth.step_up', actor: { kind: 'staff', id: staffId }, subject: { type: 'passkey', id: passkey.id } });
    return this.sessions.markSteppedUp(session);
  }

  async addPasskeyOptions(staffId: string, session: ActiveSession) {
    const [member, webauthnUserId, mine] = await Promise.all([this.staff.findById(staffId), this.staff.webauthnUserId(staffId), this.passkeys.listActive(staffId)]);
    const options = await this.webauthn.registrationOptions({ webauthnUserId: webauthnUserId!, name: member!.display_name, excludeCredentialIds: mine.map((p) => p.credential_id) });
    return { ceremonyId: await this.challenges.put({ kind: 'add-passkey', challenge: options.challenge, staffId, sessionHash: session.hash }), options };
  }

  async addPasskey(staffId: string, session: ActiveSession, ceremonyId: string, response: RegistrationResponseJSON, wrap?: VaultWrapInput): Promise<{ id: string }> {
    const ceremony = await this.challenges.take(ceremonyId, 'add-passkey');
    if (ceremony.sessionHash !== session.hash || ceremony.staffId !== staffId) throw new DomainError(AuthError.CeremonyExpired, 'This attempt expired; start again');
    const passkey = await this.webauthn.verifyRegistration(response, ceremony.challenge);
    if (wrap && (wrap.method !== 'passkey-prf' || wrap.credentialId !== passkey.credentialId)) {
      throw new DomainError(GeneralError.Validation, 'the wrap must be a passkey-prf wrap for the new passkey');
    }
    const id = await this.dataSource.transaction(async (manager) => {
      const passkeyId = await this.passkeys.insert(manager, { staffId, ...passkey });
      if (wrap) await this.staff.addWrap(manager, staffId, wrap);
      await this.audit.record(manager, { action: 'auth.passkey_added', actor: { kind: 'staff', id: staffId }, subject: { type: 'passkey', id: passkeyId }, data: { prf: wrap !== undefined } });
      return passkeyId;
    });
    return { id };
  }

  async listPasskeys(staffId: string, session: ActiveSession) {
    const current = session.subject.kind === 'staff' ? session.subject.credentialId : undefined;
    const [mine, wraps] = await Promise.all([this.passkeys.listActive(staffId), this.staff.wraps(staffId)]);
    return mine.map((p) => ({
      id: p.id,
      credentialId: p.credential_id,
      createdAt: p.created_at.toISOString(),
      lastUsedAt: p.last_used_at?.toISOString() ?? null,
      prf: wraps.some((w) => w.method === 'passkey-prf' && w.credential_id === p.credential_id),
      current: p.credential_id === current,
    }));
  }

  /**
   * Revokes a passkey and ends the person's other sessions, so a lost device is
   * locked out at once; the current session survives unless it used that passkey.
   */
  async revokePasskey(staffId: string, session: ActiveSession, passkeyId: string): Promise<void> {
    const revoked = (await this.passkeys.listActive(staffId)).find((p) => p.id === passkeyId);
    const result = await this.dataSource.transaction(async (manager) => {
      const outcome = await this.passkeys.revoke(manager, staffId, passkeyId);
      if (outcome === 'revoked') await this.audit.record(manager, { action: 'auth.passkey_removed', actor: { kind: 'staff', id: staffId }, subject: { type: 'passkey', id: passkeyId } });
      return outcome;
    });
    if (result === 'missing' || !revoked) throw new DomainError(GeneralError.NotFound);
    if (result === 'last') throw new DomainError(AuthError.LastPasskey, 'Add another passkey before removing this one.');
    const usedIt = session.subject.kind === 'staff' && session.subject.credentialId === revoked.credential_id;
    await this.sessions.destroyAll(session.subject, usedIt ? undefined : session.hash);
  }
}

function toStored(p: { credential_id: string; public_key: Buffer; counter: string; transports: string[] }) {
  return { credentialId: p.credential_id, publicKey: new Uint8Array(p.public_key), counter: Number(p.counter), transports: p.transports };
}
