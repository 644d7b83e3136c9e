import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { asSubject, defineAbilityFor, type Principal, type StaffPrincipal, DomainError, GeneralError, KeyError } from '@ashar/domain';
import { isCryptoError, kidOf, parseCertificate, parseSignPublicKey, verifyCertificateChain } from '@ashar/crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { DeskRepository } from '../desks';
import { StaffRepository } from '../staff';
import { StaffNamesRepository } from './staff-names.repository';

const rejected = (detail: string) => new DomainError(KeyError.CertificateRejected, detail);

/**
 * Stores certificates of staff identity keys after checking them against the
 * configured root: an admin uploads the certificate the root custodians issued
 * for their own keys; an admin certifies another member's keys with their own.
 */
@Injectable()
export class CertificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    private readonly staff: StaffRepository,
    private readonly names: StaffNamesRepository,
    private readonly desks: DeskRepository,
    private readonly audit: AuditService,
  ) {}

  rootPublicKey(): string | null {
    return this.config.ROOT_PUBLIC_KEY ?? null;
  }

  /**
   * Public keys and the chain (leaf first) of a member, or 404. The name goes to signed-in staff,
   * and to a signed-in requester only for staff who wrote to or sealed for their case (the
   * follow-up page says who answered); anyone else gets null (SPEC.md §17.5).
   */
  async publicKeys(staffId: string, caller: Principal) {
    const member = await this.staff.findById(staffId);
    if (!member || !member.enc_pk || !member.sign_pk) throw new DomainError(GeneralError.NotFound);
    const chain: unknown[] = [];
    if (member.certificate) {
      chain.push(member.certificate);
      if (member.certified_by && member.certified_by !== member.id) {
        const issuer = await this.staff.findById(member.certified_by);
        if (issuer?.certificate) chain.push(issuer.certificate);
      }
    }
    // Staff see the real name; a requester sees only the pseudonym the member chose for requesters
    // (issue 16), and only of staff who wrote to or sealed for their case (SPEC.md §17.5); anyone else nothing.
    const displayName =
      caller.kind === 'staff'
        ? member.display_name
        : caller.kind === 'requester' && (await this.names.knownToRequester(member.id, caller.requesterId))
          ? await this.staff.pseudonym(member.id)
          : null;
    const revoked = await this.desks.staffKeyRevoked(member.id, kidOf(parseSignPublicKey(member.sign_pk)));
    return { id: member.id, displayName, encPk: member.enc_pk, signPk: member.sign_pk, chain, revoked };
  }

  async store(caller: StaffPrincipal, subjectId: string, rawCertificate: unknown): Promise<void> {
    const rootText = this.config.ROOT_PUBLIC_KEY;
    if (!rootText) throw new DomainError(KeyError.NoRoot, 'Set ROOT_PUBLIC_KEY (from `ashar root init`).');
    const root = parseSignPublicKey(rootText);
    const subject = await this.staff.findById(subjectId);
    if (!subject || !subject.enc_pk || !subject.sign_pk) throw new DomainError(GeneralError.NotFound);
    let certificate;
    try {
      certificate = parseCertificate(rawCertificate);
    } catch {
      throw rejected('the certificate is malformed');
    }
    if (certificate.subjectId !== subject.id || certificate.encPk !== subject.enc_pk || certificate.signPk !== subject.sign_pk) {
      throw rejected('the certificate is for other keys');
    }
    let chain: unknown[];
    let certifiedBy: string;
    if (certificate.kind === 'admin') {
      // Issued offline by the root custodians; only the admin it names brings it in.
      if (caller.userId !== subject.id || !subject.roles.includes('admin')) throw rejected('an admin certificate is uploaded by the admin it names');
      chain = [certificate];
      certifiedBy = subject.id;
    } else if (certificate.kind === 'staff') {
      const ability = defineAbilityFor(caller);
      if (!ability.can('certify', asSubject('StaffMember', { id: subject.id, status: subject.status }))) {
        throw new DomainError(GeneralError.Forbidden);
      }
      const issuer = await this.staff.findById(caller.userId);
      if (!issuer?.certificate) throw rejected('your own keys are not certified yet');
      chain = [certificate, issuer.certificate];
      certifiedBy = issuer.id;
    } else {
      throw rejected('only admin and staff certificates are stored here');
    }
    try {
      verifyCertificateChain(chain, root, new Date());
    } catch (err) {
      if (isCryptoError(err)) throw rejected('the certificate does not verify up to the organisation root');
      throw err;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.staff.setCertificate(manager, subject.id, certificate, certifiedBy);
      await this.audit.record(manager, {
        action: certificate.kind === 'admin' ? 'keys.root_certified' : 'keys.certify',
        actor: { kind: 'staff', id: caller.userId },
        subject: { type: 'staff', id: subject.id },
        data: { kind: certificate.kind, issuerKid: certificate.issuerKid },
      });
    });
  }
}
