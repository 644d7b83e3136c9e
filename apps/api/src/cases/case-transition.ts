import { type CaseStatus, type CaseTransition, DomainErrorCode, assertTransition, isDomainError } from '@ashar/domain';
import { ProblemError } from '../http';

/** assertTransition, with its refusals as problems: 409 for a move the lifecycle does not have, 403 for one this actor may not make. */
export function checkedTransition(from: CaseStatus, to: CaseStatus, actor: Parameters<typeof assertTransition>[2]): CaseTransition {
  try {
    return assertTransition(from, to, actor);
  } catch (err) {
    if (isDomainError(err, DomainErrorCode.InvalidTransition)) throw new ProblemError(409, 'invalid-transition', 'This status change is not possible', `a case cannot go from ${from} to ${to}`);
    if (isDomainError(err, DomainErrorCode.TransitionForbidden)) throw new ProblemError(403, 'transition-forbidden', 'This status change is not yours to make', `a ${actor} may not move a case from ${from} to ${to}`);
    throw err;
  }
}
