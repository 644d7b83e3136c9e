import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type RegistrationResponseJSON } from '@simplewebauthn/server';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessError, adminRoleConflict, DomainError, GeneralError, leadsWith } from '@ashar/domain';
import { AuditService } from '../audit';
import { SetupTokenService } from '../bootstrap';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { StaffRepository } from '../staff';
import { ChallengeStore } from './challenge.store';
import { type IdentityInput } from '@ashar/domain';
import { checkNewIdentity } from './identity-checks';
import { InvitationRepository, type InvitationRow } from './invitation.repository';
import { PasskeyRepository } from './passkey.repository';
import { type ActiveSession, SessionStore } from './session.store';
import { WebAuthnService } from './webauthn.service';

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest();
const linkNotValid = () => new DomainError(GeneralError.NotFound, 'This link is not valid: it was used, it expired, or it never existed');

/**
 * Bringing people in: the first admin through the setup token, everyone else
 * through an invitation. Both register a passkey and store the identity keys
 * and vault the browser made; the server never sees a private key.
 */
@Injectable()
export class EnrolmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    private readonly setupTokens: SetupTokenService,
    private readonly staff: StaffRepository,
    private readonly passkeys: PasskeyRepository,
    private readonly invitations: InvitationRepository,
    private readonly challenges: ChallengeStore,
    private readonly webauthn: WebAuthnService,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
  ) {}

  async setupOptions(token: string, displayName: string) {
    if (!(await this.setupTokens.isValid(token))) throw linkNotValid();
    const staffId = randomUUID();
    const webauthnUserId = randomBytes(32);
    const options = await this.webauthn.registrationOptions({ webauthnUserId, name: displayName });
    const ceremonyId = await this.challenges.put({
      kind: 'setup',
      challenge: options.challenge,
      staffId,
      newMember: { webauthnUserId: webauthnUserId.toString('base64url'), displayName },
    });
    return { ceremonyId, options, staffId };
  }

  async completeSetup(token: string, ceremonyId: string, response: RegistrationResponseJSON, input: IdentityInput & { pseudonym?: string }): Promise<{ sid: string; session: ActiveSession }> {
    const ceremony = await this.challenges.take(ceremonyId, 'setup');
    const { webauthnUserId, displayName } = ceremony.newMember!;
    const staffId = ceremony.staffId!;
    const passkey = await this.webauthn.verifyRegistration(response, ceremony.challenge);
    checkNewIdentity(input, passkey.credentialId);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.setupTokens.consume(manager, token))) throw linkNotValid();
      await this.staff.insert(manager, { id: staffId, displayName, roles: ['admin'], status: 'invited', webauthnUserId: Buffer.from(webauthnUserId, 'base64url') });
      await this.storeIdentity(manager, staffId, passkey, input);
      await this.audit.record(manager, { action: 'setup.admin_enrolled', actor: { kind: 'staff', id: staffId }, subject: { type: 'staff', id: staffId } });
    });
    return this.sessions.create({ kind: 'staff', staffId, credentialId: passkey.credentialId });
  }

  /**
   * Creates an invitation (and the invited member, not yet active); returns the one-time token.
   * The admin role stays apart from case work and desks, and an invitation only makes someone
   * the first lead of desks with no members (SPEC.md §17.1-17.2): the shared schema refuses the
   * mix, this checks it again and checks the desks.
   */
  async invite(invitedBy: string, body: { displayName: string; roles: string[]; deskIds: string[]; leadDeskIds: string[] }) {
    const deskIds = [...new Set([...body.deskIds, ...body.leadDeskIds])];
    const conflict = adminRoleConflict(body.roles, deskIds.length);
    if (conflict) throw new DomainError(AccessError.AdminExclusive, conflict);
    if (deskIds.some((id) => !body.leadDeskIds.includes(id))) throw new DomainError(GeneralError.Validation, 'a desk’s members are added by its lead: an invitation may only make someone the first lead of a desk with no members');
    if ((await this.staff.existingDeskIds(deskIds)).length !== deskIds.length) {
      throw new DomainError(GeneralError.Validation, 'an unknown desk was named');
    }
    const staffed = await this.staff.staffedDeskIds(deskIds);
    if (staffed.length > 0) {
      throw new DomainError(GeneralError.Validation, 'a desk that has members changes only through its leads: an invitation may only make someone the first lead of a desk with no members', { deskIds: staffed });
    }
    const token = randomBytes(32).toString('base64url');
    const staffId = randomUUID();
    const expiresAt = new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3600 * 1000);
    const id = await this.dataSource.transaction(async (manager) => {
      await this.staff.insert(manager, { id: staffId, displayName: body.displayName, roles: body.roles, status: 'invited', webauthnUserId: randomBytes(32) });
      const invitationId = await this.invitations.insert(manager, {
        tokenHash: hash(token),
        displayName: body.displayName,
        roles: body.roles,
        deskIds: body.deskIds,
        leadDeskIds: body.leadDeskIds,
        invitedBy,
        staffId,
        expiresAt,
      });
      await this.audit.record(manager, {
        action: 'staff.invited',
        actor: { kind: 'staff', id: invitedBy },
        subject: { type: 'invitation', id: invitationId },
        data: { staffId, roles: body.roles, deskIds },
      });
      return invitationId;
    });
    return { id, token, staffId, expiresAt: expiresAt.toISOString() };
  }

  async checkInvitation(token: string): Promise<{ displayName: string; roles: string[] }> {
    const invitation = await this.liveInvitation(this.dataSource.manager, token);
    return { displayName: invitation.display_name, roles: invitation.roles };
  }

  async enrolOptions(token: string) {
    const invitation = await this.liveInvitation(this.dataSource.manager, token);
    const webauthnUserId = await this.staff.webauthnUserId(invitation.staff_id);
    const options = await this.webauthn.registrationOptions({ webauthnUserId: webauthnUserId!, name: invitation.display_name });
    const ceremonyId = await this.challenges.put({ kind: 'enrol', challenge: options.challenge, staffId: invitation.staff_id });
    return { ceremonyId, options, staffId: invitation.staff_id };
  }

  async completeEnrolment(token: string, ceremonyId: string, response: RegistrationResponseJSON, input: IdentityInput & { pseudonym?: string }): Promise<{ sid: string; session: ActiveSession }> {
    const ceremony = await this.challenges.take(ceremonyId, 'enrol');
    const passkey = await this.webauthn.verifyRegistration(response, ceremony.challenge);
    checkNewIdentity(input, passkey.credentialId);
    const staffId = await this.dataSource.transaction(async (manager) => {
      const invitation = await this.liveInvitation(manager, token, true);
      if (invitation.staff_id !== ceremony.staffId) throw linkNotValid();
      // An invitation made before the rules of SPEC.md §17 is applied only as far as they allow: a mix with admin not at all.
      const conflict = adminRoleConflict(invitation.roles, new Set([...invitation.desk_ids, ...invitation.lead_desk_ids]).size);
      if (conflict) throw new DomainError(AccessError.AdminExclusive, `This invitation cannot be used: ${conflict}. Ask for a new one.`);
      await this.invitations.markUsed(manager, invitation.id);
      await this.storeIdentity(manager, invitation.staff_id, passkey, input);
      // Only lead desks still without members; a desk that gained members meanwhile is left to its leads.
      const leads = leadsWith(invitation.roles) ? invitation.lead_desk_ids : [];
      const { added } = await this.staff.addAsFirstLead(manager, invitation.staff_id, leads);
      const notApplied = [...new Set([...invitation.desk_ids, ...invitation.lead_desk_ids])].filter((id) => !added.includes(id));
      await this.audit.record(manager, {
        action: 'staff.enrolled',
        actor: { kind: 'staff', id: invitation.staff_id },
        subject: { type: 'invitation', id: invitation.id },
        ...(added.length + notApplied.length > 0 ? { data: { leadDeskIds: added, notAppliedDeskIds: notApplied.sort() } } : {}),
      });
      return invitation.staff_id;
    });
    return this.sessions.create({ kind: 'staff', staffId, credentialId: passkey.credentialId });
  }

  private async storeIdentity(
    manager: EntityManager,
    staffId: string,
    passkey: Awaited<ReturnType<WebAuthnService['verifyRegistration']>>,
    input: IdentityInput & { pseudonym?: string },
  ): Promise<void> {
    // The session enrolment answers with is this passkey's: it counts as used now.
    await this.passkeys.insert(manager, { staffId, ...passkey, usedNow: true });
    const stored = await this.staff.activateWithIdentity(manager, staffId, { encPk: input.identity.encPk, signPk: input.identity.signPk, vault: input.vault, wraps: input.wraps });
    if (!stored) throw new DomainError(GeneralError.Conflict, 'This person already has keys');
    // The name requesters will see, when chosen now (it can be set or changed later).
    if (input.pseudonym !== undefined) await this.staff.setPseudonym(manager, staffId, input.pseudonym);
  }

  private async liveInvitation(manager: EntityManager, token: string, lock = false): Promise<InvitationRow> {
    const invitation = await this.invitations.findLive(manager, hash(token), lock);
    if (!invitation) throw linkNotValid();
    return invitation;
  }
}
