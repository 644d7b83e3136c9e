import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessError, asSubject, defineAbilityFor, leadsWith, type StaffPrincipal, DomainError, GeneralError, KeyError, mayJoinDesk } from '@ashar/domain';
import {
  type DeskVersionKeys,
  type SignPublicKey,
  deskSubjectId,
  isCryptoError,
  kidOf,
  parseCertificate,
  parseEncPublicKey,
  parseSignPublicKey,
  sealedKeyRecipient,
  verifyCertificateChain,
  verifyDeskApproval,
  verifyDeskLink,
} from '@ashar/crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { StaffRepository } from '../staff';
import { type DeskHistoryRow, DeskRepository } from './desk.repository';


/**
 * The certifying admin's certificate for a version's chain: their current one when it is for the
 * same signing key (a renewal reaches old versions too), else the one they had when they certified
 * it (they have enrolled new keys since, which never certified this version).
 */
function certifierOf(row: DeskHistoryRow): unknown {
  const signPkOf = (cert: unknown) => (typeof cert === 'object' && cert !== null ? (cert as { signPk?: unknown }).signPk : undefined);
  if (row.certifier_certificate === null || row.certifier_certificate === undefined) return row.admin_certificate;
  return signPkOf(row.admin_certificate) === signPkOf(row.certifier_certificate) ? row.admin_certificate : row.certifier_certificate;
}

/**
 * Desk keys. A desk lead makes each key version in their browser and seals it
 * to themselves; an admin certifies its public keys (never seeing the secret);
 * the lead then seals it to every member. Removing a member is followed by a
 * new version, so they cannot read cases opened after they left.
 *
 * Continuity (libs/crypto SPEC.md §8.2): a version is published — clients seal to it — once it
 * is certified and either linked (signed by the version before it, which only its holders can
 * do) or approved by a second admin. Clients verify this themselves; the checks here are
 * defence in depth and keep the published history one that clients accept.
 */
@Injectable()
export class DeskService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    private readonly desks: DeskRepository,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
  ) {}

  /** The public directory of desks and their certified keys, with the certifying admin's certificate. */
  async directory() {
    const rows = await this.desks.listWithCurrentKeys();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      key: r.version === null || r.enc_pk === null ? null : { version: r.version, encPk: r.enc_pk, signPk: r.sign_pk ?? '', chain: [r.certificate, r.admin_certificate] },
    }));
  }

  /** Public: the desk's published versions, oldest first, as clients verify them (SPEC.md §8.2). 404 for no such desk. */
  async history(deskId: string) {
    await this.requireDesk(deskId);
    const rows = await this.desks.history(deskId);
    return {
      deskId,
      versions: rows.map((r) => ({
        version: r.version,
        encPk: r.enc_pk,
        signPk: r.sign_pk ?? '',
        chain: [r.certificate, certifierOf(r)],
        certifiedAt: r.certified_at.toISOString(),
        link: r.link,
        approval: r.approval_signature && r.approved_at ? { signature: r.approval_signature, chain: [r.approval_certificate], approvedAt: r.approved_at.toISOString() } : null,
      })),
    };
  }

  async members(caller: StaffPrincipal, deskId: string) {
    await this.requireDesk(deskId);
    if (!defineAbilityFor(caller).can('read', asSubject('DeskMembership', { deskId, userId: '', isLead: false, deskStaffed: true })) && !caller.deskIds.includes(deskId)) throw new DomainError(GeneralError.NotFound);
    const rows = await this.desks.members(deskId);
    return rows.map((r) => ({ staffId: r.staff_id, displayName: r.display_name, lead: r.is_lead, keyVersions: r.versions }));
  }

  /** Every key version of a desk, for its members and leads and for admins (who certify them); 404 for anyone else. */
  async keys(caller: StaffPrincipal, deskId: string) {
    await this.requireDesk(deskId);
    const admin = defineAbilityFor(caller).can('certify', asSubject('Desk', { id: deskId, slug: '' }));
    if (!admin && !(await this.desks.member(deskId, caller.userId))) throw new DomainError(GeneralError.NotFound);
    const rows = await this.desks.keys(deskId);
    return rows.map((r) => ({
      version: r.version,
      encPk: r.enc_pk,
      signPk: r.sign_pk ?? '',
      createdBy: { id: r.created_by, displayName: r.creator_name },
      createdAt: r.created_at.toISOString(),
      certifiedAt: r.certified_at?.toISOString() ?? null,
      certifiedBy: r.certified_by ? { id: r.certified_by, displayName: r.certifier_name ?? '' } : null,
      chain: r.certificate ? [r.certificate, r.admin_certificate] : null,
      linked: r.linked,
      approval: r.approved_by && r.approved_at ? { approvedBy: { id: r.approved_by, displayName: r.approver_name ?? '' }, approvedAt: r.approved_at.toISOString() } : null,
      published: r.published,
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }

  /**
   * Adds a member or lead (SPEC.md §17.2): to a desk that has members, only one of its leads; an
   * admin only gives a desk with no members its first lead. Never an admin (§17.1); only people
   * with a case role (and, on the finance desk, finance officers: docs/grants.md), and a lead only
   * with the desk_lead role.
   */
  async addMember(caller: StaffPrincipal, deskId: string, staffId: string, lead: boolean): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const desk = await this.desks.lockForMembership(manager, deskId);
      if (!desk) throw new DomainError(GeneralError.NotFound);
      const existing = await this.desks.membership(manager, deskId, staffId);
      this.requireMembershipChange(caller, 'create', { deskId, userId: staffId, isLead: lead, deskStaffed: desk.members > 0 });
      const member = await this.staff.findById(staffId, manager);
      if (!member || member.status === 'suspended') throw new DomainError(GeneralError.Validation, 'no such active member of staff');
      if (member.roles.includes('admin')) throw new DomainError(AccessError.AdminExclusive, 'an admin is never a member or lead of a desk: invite a separate person for case work');
      if (!mayJoinDesk(member.roles, desk.slug)) throw new DomainError(GeneralError.Validation, 'only caseworkers and desk leads are members of desks, and finance officers of the finance desk');
      if (lead && !leadsWith(member.roles)) throw new DomainError(GeneralError.Validation, 'to lead a desk, the person needs the desk_lead role');
      if (existing?.is_lead && !lead) await this.requireAnotherLead(manager, deskId, staffId, desk.members);
      await this.desks.addMember(manager, deskId, staffId, lead);
      await this.audit.record(manager, { action: 'desk.member_added', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'desk', id: deskId }, data: { staffId, lead } });
    });
  }

  /**
   * Removes a member (a lead of the desk only: SPEC.md §17.2) and ends every access it gave at
   * once (§17.3): their copies of the desk's keys, their assignments on the desk's cases that no
   * other desk of theirs holds (each case goes back to the desk's queue), and the case key
   * envelopes addressed to them personally on those cases. The lead then rotates the desk key.
   */
  async removeMember(caller: StaffPrincipal, deskId: string, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const desk = await this.desks.lockForMembership(manager, deskId);
      if (!desk) throw new DomainError(GeneralError.NotFound);
      const existing = await this.desks.membership(manager, deskId, staffId);
      this.requireMembershipChange(caller, 'delete', { deskId, userId: staffId, isLead: existing?.is_lead ?? false, deskStaffed: desk.members > 0 });
      if (!existing) throw new DomainError(GeneralError.NotFound);
      if (existing.is_lead) await this.requireAnotherLead(manager, deskId, staffId, desk.members);
      await this.desks.removeMember(manager, deskId, staffId);
      const released = await this.staff.releaseCaseAccess(manager, staffId, deskId);
      const actor = { kind: 'staff', id: caller.userId } as const;
      await this.audit.record(manager, { action: 'desk.member_removed', actor, subject: { type: 'desk', id: deskId }, data: { staffId, unassignedCases: released.unassigned.length, withdrawnFrom: released.withdrawn.length } });
      for (const caseId of released.unassigned) {
        await this.audit.record(manager, { action: 'case.unassigned', actor, subject: { type: 'case', id: caseId }, data: { staffId, reason: 'removed_from_desk', deskId } });
      }
      for (const caseId of released.withdrawn) {
        await this.audit.record(manager, { action: 'case.key_withdrawn', actor, subject: { type: 'case', id: caseId }, data: { staffId, reason: 'removed_from_desk', deskId } });
      }
    });
  }

  /** Whom the caller may add to the desk (its leads; an admin while the desk has no members): names and what choosing needs, nothing more. */
  async candidates(caller: StaffPrincipal, deskId: string) {
    const desk = await this.dataSource.transaction((manager) => this.desks.lockForMembership(manager, deskId));
    if (!desk) throw new DomainError(GeneralError.NotFound);
    this.requireMembershipChange(caller, 'create', { deskId, userId: '', isLead: true, deskStaffed: desk.members > 0 });
    return this.desks.candidates(deskId);
  }

  /**
   * Refuses a membership change the ability does not allow: an admin facing a desk that has
   * members is told that its lead decides (403 desk-lead-only), anyone else gets a plain 403.
   */
  private requireMembershipChange(caller: StaffPrincipal, action: 'create' | 'delete', membership: { deskId: string; userId: string; isLead: boolean; deskStaffed: boolean }): void {
    const ability = defineAbilityFor(caller);
    if (ability.can(action, asSubject('DeskMembership', membership))) return;
    if (ability.can('create', asSubject('DeskMembership', { deskId: membership.deskId, userId: membership.userId === caller.userId ? '' : membership.userId, isLead: true, deskStaffed: false }))) {
      throw new DomainError(
        AccessError.DeskLeadOnly,
        membership.deskStaffed ? 'This desk has members: only one of its leads adds or removes people.' : 'An administrator only gives a desk with no members its first lead.',
      );
    }
    throw new DomainError(GeneralError.Forbidden);
  }

  /** A desk that keeps other members keeps an active lead: `leaving` may not be its last. */
  private async requireAnotherLead(manager: EntityManager, deskId: string, leaving: string, members: number): Promise<void> {
    if (members <= 1) return;
    if (!(await this.desks.hasOtherActiveLead(manager, deskId, leaving))) {
      throw new DomainError(AccessError.LastDeskLead, 'Make another member a lead first: the desk would be left with members and no active lead.');
    }
  }

  /**
   * A lead adds key version n+1, with its envelope sealed to themselves and, when they hold the
   * newest published version, the link from it. A link is checked here (defence in depth): it
   * must verify under the newest published version's signing key, which must not be legacy or
   * revoked; without a link the version waits for a second admin's approval.
   */
  async createKey(caller: StaffPrincipal, deskId: string, body: { version: number; encPk: string; signPk: string; sealedKey: string; link: string | null }): Promise<void> {
    await this.requireDesk(deskId);
    this.requireLead(caller, deskId);
    const me = await this.staff.findById(caller.userId);
    if (!me?.enc_pk || !me.sign_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
    if (await this.desks.staffKeyRevoked(caller.userId, kidOf(parseSignPublicKey(me.sign_pk)))) throw new DomainError(KeyError.Revoked, 'your own keys were revoked');
    this.requireSealedTo(body.sealedKey, me.enc_pk);
    try {
      parseEncPublicKey(body.encPk);
      parseSignPublicKey(body.signPk);
    } catch {
      throw new DomainError(GeneralError.Validation, 'encPk and signPk must be public keys');
    }
    await this.dataSource.transaction(async (manager) => {
      await this.desks.lockKeys(manager, deskId);
      const latest = await this.desks.latestVersion(manager, deskId);
      if (body.version !== latest + 1) {
        throw new DomainError(GeneralError.Conflict, `the next version is ${latest + 1}`, { nextVersion: latest + 1 });
      }
      if (body.link !== null) {
        const predecessor = await this.desks.newestPublished(deskId, manager);
        if (!predecessor?.sign_pk) throw new DomainError(KeyError.ContinuityRejected, 'there is no published version with a signing key to link from: send no link and ask a second administrator to approve');
        if (predecessor.revoked_at) throw new DomainError(KeyError.ContinuityRejected, `version ${predecessor.version} was revoked, so its link does not count: send no link and ask a second administrator to approve`);
        if (!this.linkVerifies(parseSignPublicKey(predecessor.sign_pk), { deskId, version: body.version, encPk: body.encPk, signPk: body.signPk }, body.link)) {
          throw new DomainError(KeyError.ContinuityRejected, `the link is not signed by version ${predecessor.version}`);
        }
      }
      await this.desks.insertKey(manager, { deskId, version: body.version, encPk: body.encPk, signPk: body.signPk, link: body.link, createdBy: caller.userId });
      await this.desks.upsertEnvelope(manager, { deskId, version: body.version, staffId: caller.userId, sealedKey: body.sealedKey, sealedBy: caller.userId });
      await this.audit.record(manager, {
        action: 'desk.key_rotated',
        actor: { kind: 'staff', id: caller.userId },
        subject: { type: 'desk', id: deskId },
        data: { version: body.version, linked: body.link !== null },
      });
    });
  }

  /**
   * An admin certifies a key version's public keys with their own certified keys. Only the newest
   * version made may be certified (an older one would break the link of a newer one), not by the
   * admin who approved it, and the certificate must name the keys the lead sent.
   */
  async certifyKey(caller: StaffPrincipal, deskId: string, version: number, raw: unknown): Promise<void> {
    await this.requireDesk(deskId);
    if (!defineAbilityFor(caller).can('certify', asSubject('Desk', { id: deskId, slug: '' }))) throw new DomainError(GeneralError.Forbidden);
    const root = this.rootKey();
    const key = await this.desks.key(deskId, version);
    if (!key) throw new DomainError(GeneralError.NotFound);
    const issuer = await this.staff.findById(caller.userId);
    if (!issuer?.certificate || !issuer.sign_pk) throw new DomainError(GeneralError.Validation, 'your own keys are not certified yet');
    if (!key.sign_pk) throw new DomainError(GeneralError.Validation, 'this version was made before desk versions had signing keys: make a new version');
    let certificate;
    try {
      certificate = parseCertificate(raw);
      if (certificate.kind !== 'desk' || certificate.subjectId !== deskSubjectId(deskId, version) || certificate.encPk !== key.enc_pk || certificate.signPk !== key.sign_pk) {
        throw new DomainError(GeneralError.Validation, 'the certificate is for another key');
      }
      verifyCertificateChain([certificate, issuer.certificate], root, new Date());
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (isCryptoError(err)) throw new DomainError(KeyError.CertificateRejected, 'it does not verify up to the organisation root');
      throw err;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.desks.lockKeys(manager, deskId);
      await this.requireNewest(manager, deskId, version);
      const current = await this.desks.key(deskId, version, manager);
      if (current?.approved_by) await this.requireSecondAdmin(caller.userId, issuer.sign_pk as string, current.approved_by, 'approved');
      await this.dropLinkFromRevoked(manager, deskId, version, current?.link ?? null);
      await this.desks.certifyKey(manager, deskId, version, certificate, caller.userId, issuer.certificate);
      await this.audit.record(manager, { action: 'keys.certify', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'desk', id: deskId }, data: { kind: 'desk', version } });
    });
  }

  /**
   * A second admin approves a key version (its first, or one after a break): the signature is
   * checked with their certified admin keys over the version's keys, and they must not be the
   * admin who certified it (another person, another signing key).
   */
  async approveKey(caller: StaffPrincipal, deskId: string, version: number, signature: string): Promise<void> {
    await this.requireDesk(deskId);
    if (!defineAbilityFor(caller).can('certify', asSubject('Desk', { id: deskId, slug: '' }))) throw new DomainError(GeneralError.Forbidden);
    const root = this.rootKey();
    const key = await this.desks.key(deskId, version);
    if (!key) throw new DomainError(GeneralError.NotFound);
    const me = await this.staff.findById(caller.userId);
    if (!me?.certificate || !me.sign_pk) throw new DomainError(GeneralError.Validation, 'your own keys are not certified yet');
    let admin;
    try {
      admin = verifyCertificateChain([me.certificate], root, new Date());
    } catch (err) {
      if (isCryptoError(err)) throw new DomainError(KeyError.CertificateRejected, 'your own certificate does not verify to the organisation root as an admin');
      throw err;
    }
    if (admin.kind !== 'admin') throw new DomainError(KeyError.CertificateRejected, 'only an admin certified by the organisation root approves desk keys');
    if (!this.approvalVerifies(admin.signPk, { deskId, version, encPk: key.enc_pk, signPk: key.sign_pk ?? '' }, signature)) throw new DomainError(KeyError.ContinuityRejected, 'the approval does not verify with your certified keys');
    await this.dataSource.transaction(async (manager) => {
      await this.desks.lockKeys(manager, deskId);
      await this.requireNewest(manager, deskId, version);
      const current = await this.desks.key(deskId, version, manager);
      if (current?.certified_by) await this.requireSecondAdmin(caller.userId, me.sign_pk as string, current.certified_by, 'certified');
      await this.desks.approveKey(manager, { deskId, version, signature, approvedBy: caller.userId, certificate: me.certificate });
      await this.audit.record(manager, { action: 'desk.key_approved', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'desk', id: deskId }, data: { version } });
    });
  }

  /** A lead seals a certified key version to a member, sealed in the lead's browser to the member's certified key. */
  async envelope(caller: StaffPrincipal, deskId: string, body: { version: number; staffId: string; sealedKey: string }): Promise<void> {
    await this.requireDesk(deskId);
    this.requireLead(caller, deskId);
    if (!(await this.desks.member(deskId, body.staffId))) throw new DomainError(GeneralError.Validation, 'the recipient is not a member of this desk');
    const key = await this.desks.key(deskId, body.version);
    if (!key?.certificate) throw new DomainError(GeneralError.Validation, 'that key version is not certified');
    if (key.revoked_at) throw new DomainError(KeyError.Revoked, `version ${body.version} of the desk key was revoked`);
    const recipient = await this.staff.findById(body.staffId);
    if (!recipient?.enc_pk || !recipient.sign_pk || !recipient.certificate) throw new DomainError(GeneralError.Validation, 'the recipient’s keys are not certified');
    if (await this.desks.staffKeyRevoked(body.staffId, kidOf(parseSignPublicKey(recipient.sign_pk)))) throw new DomainError(KeyError.Revoked, 'the recipient’s keys were revoked');
    this.requireSealedTo(body.sealedKey, recipient.enc_pk);
    await this.dataSource.transaction(async (manager) => {
      await this.desks.upsertEnvelope(manager, { deskId, version: body.version, staffId: body.staffId, sealedKey: body.sealedKey, sealedBy: caller.userId });
      await this.audit.record(manager, {
        action: 'desk.key_sealed',
        actor: { kind: 'staff', id: caller.userId },
        subject: { type: 'desk', id: deskId },
        data: { version: body.version, staffId: body.staffId },
      });
    });
  }

  async myEnvelopes(caller: StaffPrincipal, deskId: string) {
    await this.requireDesk(deskId);
    const rows = await this.desks.envelopesOf(deskId, caller.userId);
    return rows.map((r) => ({ version: r.version, sealedKey: r.sealed_key, sealedBy: r.sealed_by }));
  }

  private rootKey(): SignPublicKey {
    const rootText = this.config.ROOT_PUBLIC_KEY;
    if (!rootText) throw new DomainError(KeyError.NoRoot);
    return parseSignPublicKey(rootText);
  }

  private linkVerifies(key: SignPublicKey, version: DeskVersionKeys, link: string): boolean {
    try {
      return verifyDeskLink(key, version, link);
    } catch {
      return false;
    }
  }

  private approvalVerifies(key: SignPublicKey, version: DeskVersionKeys, signature: string): boolean {
    try {
      return verifyDeskApproval(key, version, signature);
    } catch {
      return false;
    }
  }

  /** Only the newest version made may be certified or approved: an older one would break the link of a newer one. */
  private async requireNewest(manager: EntityManager, deskId: string, version: number): Promise<void> {
    const latest = await this.desks.latestVersion(manager, deskId);
    if (version !== latest) throw new DomainError(GeneralError.Conflict, `version ${latest} is newer: only the newest version is certified or approved`);
  }

  /** The other step of a version is another admin's: another person, with another signing key. */
  private async requireSecondAdmin(callerId: string, callerSignPk: string, otherId: string, what: 'certified' | 'approved'): Promise<void> {
    const other = await this.staff.findById(otherId);
    if (otherId === callerId || other?.sign_pk === callerSignPk) {
      throw new DomainError(KeyError.SecondAdminRequired, `you ${what} this version yourself: another administrator must ${what === 'certified' ? 'approve' : 'certify'} it`);
    }
  }

  /** A link from a version revoked before this one is certified does not count (SPEC.md §8.3): the version then needs an approval. */
  private async dropLinkFromRevoked(manager: EntityManager, deskId: string, version: number, link: string | null): Promise<void> {
    if (link === null) return;
    const predecessor = await this.desks.newestPublished(deskId, manager);
    if (predecessor && predecessor.version < version && predecessor.revoked_at) await this.desks.dropLink(manager, deskId, version);
  }

  private async requireDesk(deskId: string): Promise<void> {
    if (!(await this.desks.exists(deskId))) throw new DomainError(GeneralError.NotFound);
  }

  private requireLead(caller: StaffPrincipal, deskId: string): void {
    if (!defineAbilityFor(caller).can('seal_desk_key', asSubject('Desk', { id: deskId, slug: '' }))) throw new DomainError(GeneralError.Forbidden);
  }

  /** The server cannot open a sealed key, but it can check that it is addressed to the right key. */
  private requireSealedTo(sealedKey: string, encPk: string): void {
    let recipient: string;
    try {
      recipient = sealedKeyRecipient(sealedKey);
    } catch {
      throw new DomainError(GeneralError.Validation, 'sealedKey is malformed');
    }
    if (recipient !== kidOf(parseEncPublicKey(encPk))) throw new DomainError(GeneralError.Validation, 'sealedKey is not sealed to the recipient’s certified key');
  }
}
