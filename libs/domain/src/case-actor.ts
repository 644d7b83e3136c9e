/**
 * Who a principal is to one case, in the lifecycle's terms (case-lifecycle.ts). It agrees with
 * the ability: `caseActorFor` is non-null exactly when `defineAbilityFor(p).can('transition', case)`.
 *
 * Error contract: never throws; null means "no part in this case" (anonymous visitors, other
 * requesters, staff without a case role, staff of other desks, admins).
 */
import { type TransitionActor } from './case-lifecycle';
import { ledDeskIds, memberDeskIds, type Principal } from './principal';
import { type CaseAccess } from './subjects';

/** The strongest actor kind the principal has on the case: desk_lead, then caseworker. */
export function caseActorFor(principal: Principal, aidCase: CaseAccess): Exclude<TransitionActor, 'system'> | null {
  switch (principal.kind) {
    case 'anonymous':
      return null;
    case 'requester':
      return aidCase.requesterId !== null && aidCase.requesterId === principal.requesterId ? 'requester' : null;
    case 'staff': {
      const worksCases = principal.roles.includes('caseworker') || principal.roles.includes('desk_lead');
      // An admin has no part in any case, whatever else the data says (access-rules.ts).
      if (!worksCases || principal.roles.includes('admin')) return null;
      const caseDesks = [aidCase.ownerDeskId, ...aidCase.collaboratorDeskIds];
      const led = ledDeskIds(principal);
      if (caseDesks.some((id) => led.includes(id))) return 'desk_lead';
      const members = memberDeskIds(principal);
      if (caseDesks.some((id) => members.includes(id)) || aidCase.assigneeId === principal.userId) return 'caseworker';
      return null;
    }
  }
}
