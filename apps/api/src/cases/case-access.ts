import { Injectable } from '@nestjs/common';
import { type ActionOn, type Principal, accessibleWhere, defineAbilityFor, isShutStatus, DomainError, GeneralError } from '@ashar/domain';
import { type EntityManager } from 'typeorm';
import { CASE_COLUMNS, CaseRepository, type CaseRow } from './case.repository';


/**
 * Record-level access to one case: the ability's condition for the action becomes part of the
 * query (libs/domain accessibleWhere), so a case the caller may not act on is never loaded.
 * A case they cannot even read answers 404, exactly like one that does not exist; one they can
 * read but not act on this way answers 403.
 */
@Injectable()
export class CaseAccess {
  constructor(private readonly cases: CaseRepository) {}

  async load(manager: EntityManager, caller: Principal, caseId: string, action: ActionOn<'AidCase'>, lock = true): Promise<CaseRow> {
    const ability = defineAbilityFor(caller);
    const row = await this.cases.findAccessible(manager, caseId, accessibleWhere(ability, action, 'AidCase', CASE_COLUMNS, { paramOffset: 1 }), lock);
    if (row) return row;
    if (action !== 'read' && (await this.cases.findAccessible(manager, caseId, accessibleWhere(ability, 'read', 'AidCase', CASE_COLUMNS, { paramOffset: 1 })))) {
      throw new DomainError(GeneralError.Forbidden);
    }
    throw new DomainError(GeneralError.NotFound);
  }
}

/** Refuses new content and changes on a closed or purged case (reopen it first). */
export function requireNotShut(row: CaseRow): void {
  if (isShutStatus(row.status)) throw new DomainError(GeneralError.Conflict, `the case is ${row.status}; a desk lead can reopen a closed case`);
}
