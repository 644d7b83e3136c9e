import { Injectable } from '@nestjs/common';
import { type ActionOn, type Principal, accessibleWhere, defineAbilityFor, DomainError, GeneralError } from '@ashar/domain';
import { type EntityManager } from 'typeorm';
import { GRANT_COLUMNS, GrantRepository, type GrantRow } from './grant.repository';

/**
 * Record-level access to one grant: the ability's condition for the action is part of the query
 * (over the grant and its case as they are now), so a grant the caller may not act on is never
 * loaded. One they cannot even read answers 404, exactly like one that does not exist; one they
 * can read but not act on this way answers 403.
 */
@Injectable()
export class GrantAccess {
  constructor(private readonly grants: GrantRepository) {}

  async load(manager: EntityManager, caller: Principal, grantId: string, action: ActionOn<'Grant'>, lock = true): Promise<GrantRow> {
    const ability = defineAbilityFor(caller);
    const row = await this.grants.findAccessible(manager, grantId, accessibleWhere(ability, action, 'Grant', GRANT_COLUMNS, { paramOffset: 1 }), lock);
    if (row) return row;
    if (action !== 'read' && (await this.grants.findAccessible(manager, grantId, accessibleWhere(ability, 'read', 'Grant', GRANT_COLUMNS, { paramOffset: 1 })))) {
      throw new DomainError(GeneralError.Forbidden);
    }
    throw new DomainError(GeneralError.NotFound);
  }

  /** Whether the caller may do `action` on the grant (same condition, in SQL). */
  async can(manager: EntityManager, caller: Principal, grantId: string, action: ActionOn<'Grant'>): Promise<boolean> {
    const ability = defineAbilityFor(caller);
    return (await this.grants.findAccessible(manager, grantId, accessibleWhere(ability, action, 'Grant', GRANT_COLUMNS, { paramOffset: 1 }))) !== null;
  }
}
