import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type StaffPrincipal, DomainError, GeneralError, KeyError } from '@ashar/domain';
import { type VerifiedRevocation, isCryptoError, kidOf, parseDeskSubjectId, parseEncPublicKey, parseSignPublicKey, verifyRevocation } from '@ashar/crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { type AsharConfig, ASHAR_CONFIG } from '../config';
import { DeskRepository } from '../desks';
import { StaffRepository } from '../staff';
import { RevocationRepository } from './revocation.repository';

/** How far a statement's `revokedAt` may be from the api's clock: a backdated one would refuse what was stored honestly. */
export const REVOCATION_CLOCK_SKEW_MS = 5 * 60 * 1000;

const rejected = (detail: string) => new DomainError(KeyError.RevocationRejected, detail);

/**
 * Revocation statements (libs/crypto SPEC.md §8.3): an admin signs one in their browser, the api
 * checks it against the admin's own certificate and its subject, stores it with that certificate,
 * stops using the key (a desk version stops being the desk's current key) and publishes it.
 */
@Injectable()
export class RevocationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ASHAR_CONFIG) private readonly config: AsharConfig,
    private readonly revocations: RevocationRepository,
    private readonly staff: StaffRepository,
    private readonly desks: DeskRepository,
    private readonly audit: AuditService,
  ) {}

  /** Every statement with its signer's certificate, oldest first. */
  async list() {
    const rows = await this.revocations.list();
    return rows.map((r) => ({ statement: r.statement, chain: [r.issuer_certificate], storedAt: r.stored_at.toISOString() }));
  }

  async revoke(caller: StaffPrincipal, raw: unknown): Promise<void> {
    const rootText = this.config.ROOT_PUBLIC_KEY;
    if (!rootText) throw new DomainError(KeyError.NoRoot, 'Set ROOT_PUBLIC_KEY (from `ashar root init`).');
    const me = await this.staff.findById(caller.userId);
    if (!me?.certificate) throw rejected('your own keys are not certified by the organisation root');
    const now = new Date();
    let verified: VerifiedRevocation;
    try {
      verified = verifyRevocation(raw, [me.certificate], parseSignPublicKey(rootText), now);
    } catch (err) {
      if (isCryptoError(err)) throw rejected('it is malformed, or not signed with your own admin certificate from the organisation root');
      throw err;
    }
    if (Math.abs(verified.revokedAt.getTime() - now.getTime()) > REVOCATION_CLOCK_SKEW_MS) throw rejected('revokedAt must be within five minutes of now');
    await this.dataSource.transaction(async (manager) => {
      let deskVersion: { deskId: string; version: number } | null = null;
      if (verified.kind === 'staff') {
        const subject = await this.staff.findById(verified.subjectId, manager);
        if (!subject) throw new DomainError(GeneralError.NotFound);
        if (subject.id === caller.userId) throw rejected('an admin does not revoke their own keys here: ask the root custodians');
      } else {
        deskVersion = parseDeskSubjectId(verified.subjectId);
        const key = (await this.desks.exists(deskVersion.deskId, manager)) ? await this.desks.key(deskVersion.deskId, deskVersion.version, manager) : null;
        if (!key) throw new DomainError(GeneralError.NotFound);
        if (kidOf(parseEncPublicKey(key.enc_pk)) !== verified.kid) throw rejected('the kid is not the key of that desk version');
        await this.desks.markRevoked(manager, deskVersion.deskId, deskVersion.version, verified.revokedAt);
      }
      const stored = await this.revocations.insert(manager, {
        kind: verified.kind,
        subjectId: verified.subjectId,
        kid: verified.kid,
        revokedAt: verified.revokedAt,
        statement: raw,
        issuedBy: caller.userId,
        issuerCertificate: me.certificate,
      });
      if (!stored) return;
      await this.audit.record(manager, {
        action: 'keys.revoked',
        actor: { kind: 'staff', id: caller.userId },
        subject: deskVersion ? { type: 'desk', id: deskVersion.deskId } : { type: 'staff', id: verified.subjectId },
        data: deskVersion ? { kind: 'desk', version: deskVersion.version, kid: verified.kid } : { kind: 'staff', kid: verified.kid },
      });
    });
  }

  /** Whether a revocation statement revoked this staff member's signing key. */
  async staffRevoked(staffId: string, signPk: string): Promise<boolean> {
    return this.desks.staffKeyRevoked(staffId, kidOf(parseSignPublicKey(signPk)));
  }
}
