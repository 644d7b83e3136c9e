import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { asSubject, defineAbilityFor, DomainError, GeneralError, type StaffPrincipal } from '@ashar/domain';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit';
import { StaffRepository } from '../staff';
import { SessionStore } from './session.store';

/**
 * Suspending and reinstating a member of staff (SPEC.md §17.3). Suspension is immediate: the
 * status changes with the release of their case assignments and personal case key envelopes in
 * one transaction, then every session of theirs is deleted. The policy guard reads the status on
 * every request as well, so a session that escaped the deletion (Redis briefly away) is refused
 * and ended on its next use; sign-in and enrolment accept active and invited members only.
 */
@Injectable()
export class StaffStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
  ) {}

  async suspend(caller: StaffPrincipal, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.requireMay(caller, staffId);
      if (!(await this.staff.suspend(manager, staffId))) throw new DomainError(GeneralError.Conflict, 'This person is suspended already.');
      const released = await this.staff.releaseCaseAccess(manager, staffId, null);
      const actor = { kind: 'staff', id: caller.userId } as const;
      await this.audit.record(manager, { action: 'staff.suspended', actor, subject: { type: 'staff', id: staffId }, data: { unassignedCases: released.unassigned.length, withdrawnFrom: released.withdrawn.length } });
      for (const caseId of released.unassigned) {
        await this.audit.record(manager, { action: 'case.unassigned', actor, subject: { type: 'case', id: caseId }, data: { staffId, reason: 'suspended' } });
      }
      for (const caseId of released.withdrawn) {
        await this.audit.record(manager, { action: 'case.key_withdrawn', actor, subject: { type: 'case', id: caseId }, data: { staffId, reason: 'suspended' } });
      }
    });
    await this.sessions.destroyAll({ kind: 'staff', staffId, credentialId: '' });
  }

  /** Lifts a suspension. What suspension released (assignments, personal envelopes) stays released. */
  async reinstate(caller: StaffPrincipal, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.requireMay(caller, staffId);
      if (!(await this.staff.reinstate(manager, staffId))) throw new DomainError(GeneralError.Conflict, 'This person is not suspended.');
      await this.audit.record(manager, { action: 'staff.reactivated', actor: { kind: 'staff', id: caller.userId }, subject: { type: 'staff', id: staffId } });
    });
  }

  /** 404 for nobody; 403 for oneself (the ability's `suspend` excludes the caller). */
  private async requireMay(caller: StaffPrincipal, staffId: string): Promise<void> {
    const member = await this.staff.findById(staffId);
    if (!member) throw new DomainError(GeneralError.NotFound);
    if (!defineAbilityFor(caller).can('suspend', asSubject('StaffMember', { id: member.id, status: member.status }))) throw new DomainError(GeneralError.Forbidden);
  }
}
