import { Injectable } from '@nestjs/common';
import { type SessionView } from '@ashar/domain';
import { StaffRepository } from '../staff';
import { type ActiveSession } from './session.store';

/** Builds what a signed-in staff member's browser needs: who they are, and their (encrypted) vault. */
@Injectable()
export class SessionViewBuilder {
  constructor(private readonly staff: StaffRepository) {}

  async build(session: ActiveSession): Promise<SessionView | null> {
    if (session.subject.kind !== 'staff') return null;
    const [member, access, wraps] = await Promise.all([
      this.staff.findById(session.subject.staffId),
      this.staff.access(session.subject.staffId),
      this.staff.wraps(session.subject.staffId),
    ]);
    if (!member || !access) return null;
    return {
      csrfToken: session.csrfToken,
      staff: { id: member.id, displayName: member.display_name, roles: access.roles, deskIds: access.deskIds, leadDeskIds: access.leadDeskIds, status: member.status, language: member.language },
      identity: member.enc_pk && member.sign_pk ? { encPk: member.enc_pk, signPk: member.sign_pk, certificate: member.certificate } : null,
      vault: member.vault,
      wraps: wraps.map((w) => ({ id: w.id, method: w.method, credentialId: w.credential_id, wrap: w.wrap })),
      steppedUpUntil: session.steppedUpUntil ? new Date(session.steppedUpUntil).toISOString() : null,
      credentialId: session.subject.credentialId,
    };
  }
}
