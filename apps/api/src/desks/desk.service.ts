import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { asSubject, defineAbilityFor, type StaffPrincipal, DomainError, GeneralError, KeyError } from '@ashar/domain';
import { deskSubjectId, isCryptoError, parseCertificate, parseSignPublicKey, sealedKeyRecipient, kidOf, parseEncPublicKey, verifyCertificateChain } from '@ashar/crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { StaffAccessCache, StaffRepository } from '../staff';
import { DeskRepository } from './desk.repository';


/**
 * Desk keys. A desk lead makes each key version in their browser and seals it
 * to themselves; an admin certifies its public key (never seeing the secret);
 * the lead then seals it to every member. Removing a member is followed by a
 * new version, so they cannot read cases opened after they left.
 */
@Injectable()
export class DeskService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    private readonly desks: DeskRepository,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
    private readonly access: StaffAccessCache,
  ) {}

  /** The public directory of desks and their certified keys, with the certifying admin's certificate. */
  async directory() {
    const rows = await this.desks.listWithCurrentKeys();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      key: r.version === null || r.enc_pk === null ? null : { version: r.version, encPk: r.enc_pk, chain: [r.certificate, r.admin_certificate] },
    }));
  }

  async members(caller: StaffPrincipal, deskId: string) {
    await this.requireDesk(deskId);
    if (!defineAbilityFor(caller).can('read', asSubject('DeskMembership', { deskId, userId: '', isLead: false })) && !caller.deskIds.includes(deskId)) throw new DomainError(GeneralError.NotFound);
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
      createdBy: { id: r.created_by, displayName: r.creator_name },
      createdAt: r.created_at.toISOString(),
      certifiedAt: r.certified_at?.toISOString() ?? null,
      chain: r.certificate ? [r.certificate, r.admin_certificate] : null,
    }));
  }

  async addMember(caller: StaffPrincipal, deskId: string, staffId: string, lead: boolean): Promise<void> {
    await this.requireDesk(deskId);
    if (!defineAbilityFor(caller).can('create', asSubject('DeskMembership', { deskId, userId: staffId, isLead: lead }))) throw new DomainError(GeneralError.Forbidden);
    const member = await this.staff.findById(staffId);
    if (!member || member.status === 'suspended') throw new DomainError(GeneralError.Validation, 'no such active member of staff');
    await this.dataSource.transaction(async (manager) => {
      await this.desks.addMember(manager, deskId, staffId, lead);
      await this.audit.record(manager, { action: 'desk.member_added', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'desk', id: deskId }, data: { staffId, lead } });
    });
    // Committed: this process forgets the member's access now; PostgreSQL notifies the others.
    this.access.invalidate(staffId);
  }

  async removeMember(caller: StaffPrincipal, deskId: string, staffId: string): Promise<void> {
    await this.requireDesk(deskId);
    if (!defineAbilityFor(caller).can('delete', asSubject('DeskMembership', { deskId, userId: staffId, isLead: false }))) throw new DomainError(GeneralError.Forbidden);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.desks.removeMember(manager, deskId, staffId))) throw new DomainError(GeneralError.NotFound);
      await this.audit.record(manager, { action: 'desk.member_removed', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'desk', id: deskId }, data: { staffId } });
    });
    this.access.invalidate(staffId);
  }

  /** A lead adds key version n+1, with its envelope sealed to themselves. */
  async createKey(caller: StaffPrincipal, deskId: string, body: { version: number; encPk: string; sealedKey: string }): Promise<void> {
    await this.requireDesk(deskId);
    this.requireLead(caller, deskId);
    const me = await this.staff.findById(caller.userId);
    if (!me?.enc_pk || !me.certificate) throw new DomainError(GeneralError.Validation, 'your own keys must be certified first');
    this.requireSealedTo(body.sealedKey, me.enc_pk);
    try {
      parseEncPublicKey(body.encPk);
    } catch {
      throw new DomainError(GeneralError.Validation, 'encPk is not a public key');
    }
    await this.dataSource.transaction(async (manager) => {
      const latest = await this.desks.latestVersion(manager, deskId);
      if (body.version !== latest + 1) {
        throw new DomainError(GeneralError.Conflict, `the next version is ${latest + 1}`, { nextVersion: latest + 1 });
      }
      await this.desks.insertKey(manager, deskId, body.version, body.encPk, caller.userId);
      await this.desks.upsertEnvelope(manager, { deskId, version: body.version, staffId: caller.userId, sealedKey: body.sealedKey, sealedBy: caller.userId });
      await this.audit.record(manager, { action: 'desk.key_rotated', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'desk', id: deskId }, data: { version: body.version } });
    });
  }

  /** An admin certifies a key version's public key with their own certified keys. */
  async certifyKey(caller: StaffPrincipal, deskId: string, version: number, raw: unknown): Promise<void> {
    await this.requireDesk(deskId);
    if (!defineAbilityFor(caller).can('certify', asSubject('Desk', { id: deskId, slug: '' }))) throw new DomainError(GeneralError.Forbidden);
    const rootText = this.config.ROOT_PUBLIC_KEY;
    if (!rootText) throw new DomainError(KeyError.NoRoot);
    const key = await this.desks.key(deskId, version);
    if (!key) throw new DomainError(GeneralError.NotFound);
    const issuer = await this.staff.findById(caller.userId);
    if (!issuer?.certificate) throw new DomainError(GeneralError.Validation, 'your own keys are not certified yet');
    let certificate;
    try {
      certificate = parseCertificate(raw);
      if (certificate.kind !== 'desk' || certificate.subjectId !== deskSubjectId(deskId, version) || certificate.encPk !== key.enc_pk) throw new DomainError(GeneralError.Validation, 'the certificate is for another key');
      verifyCertificateChain([certificate, issuer.certificate], parseSignPublicKey(rootText), new Date());
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (isCryptoError(err)) throw new DomainError(KeyError.CertificateRejected, 'it does not verify up to the organisation root');
      throw err;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.desks.certifyKey(manager, deskId, version, certificate, caller.userId);
      await this.audit.record(manager, { action: 'keys.certify', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'desk', id: deskId }, data: { kind: 'desk', version } });
    });
  }

  /** A lead seals a certified key version to a member, sealed in the lead's browser to the member's certified key. */
  async envelope(caller: StaffPrincipal, deskId: string, body: { version: number; staffId: string; sealedKey: string }): Promise<void> {
    await this.requireDesk(deskId);
    this.requireLead(caller, deskId);
    if (!(await this.desks.member(deskId, body.staffId))) throw new DomainError(GeneralError.Validation, 'the recipient is not a member of this desk');
    const key = await this.desks.key(deskId, body.version);
    if (!key?.certificate) throw new DomainError(GeneralError.Validation, 'that key version is not certified');
    const recipient = await this.staff.findById(body.staffId);
    if (!recipient?.enc_pk || !recipient.certificate) throw new DomainError(GeneralError.Validation, 'the recipient’s keys are not certified');
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
