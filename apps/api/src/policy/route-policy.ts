import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { type ActionOn, type SubjectName } from '@ashar/domain';

export const PUBLIC_KEY = 'ashar:public';
export const POLICY_KEY = 'ashar:policy';
export const STEP_UP_KEY = 'ashar:step-up';
export const STEP_UP_AFTER_KEY = 'ashar:step-up-after';

/** Who may be signed in for a route. */
export type CallerKind = 'staff' | 'requester';

/** An action and a subject of the ability (libs/domain SUBJECT_ACTIONS): a pair that does not exist fails to compile. */
export type PolicyCheck = { [S in SubjectName]: [action: ActionOn<S>, subject: S] }[SubjectName];

/** A route's authorization requirement, checked by the policy guard. */
export type PolicyRequirement = { kind: 'ability'; check: PolicyCheck; as?: CallerKind } | { kind: 'signed-in'; as: CallerKind };

/** Marks a route as open to anyone; the reason is required so that every exception is argued for. */
export const Public = (reason: string) => SetMetadata(PUBLIC_KEY, reason);

/**
 * The caller must be allowed `action` on `subject` by the CASL ability of libs/domain (record-level
 * checks follow in the service), whoever they are signed in as.
 */
export const Policy = (...check: PolicyCheck) => SetMetadata(POLICY_KEY, { kind: 'ability', check } satisfies PolicyRequirement);
/**
 * As Policy, and the caller must be signed in as staff: a requester's ability reaches their own
 * case, but the staff routes are not theirs.
 */
export const StaffPolicy = (...check: PolicyCheck) => SetMetadata(POLICY_KEY, { kind: 'ability', check, as: 'staff' } satisfies PolicyRequirement);
/** The caller must be signed in as staff or as a requester; the service scopes everything to them. */
export const SignedIn = (as: CallerKind) => SetMetadata(POLICY_KEY, { kind: 'signed-in', as } satisfies PolicyRequirement);
/** The caller must have made a fresh passkey assertion in the last five minutes. */
export const StepUp = () => SetMetadata(STEP_UP_KEY, true);

/**
 * A step-up by volume (SPEC.md §17.4): each staff member may make `free` requests that `counts`
 * in any window of `windowSeconds` without one; past that, each further one needs a fresh
 * passkey assertion, as with StepUp. `counts` sees the raw body (before validation), so it must
 * accept anything.
 */
export interface StepUpBudget {
  readonly name: string;
  readonly free: number;
  readonly windowSeconds: number;
  readonly counts: (body: unknown) => boolean;
  /** Why the step-up is asked for, for the problem's detail. */
  readonly reason: string;
}
export const StepUpAfter = (budget: StepUpBudget) => SetMetadata(STEP_UP_AFTER_KEY, budget);

/** Reads the authorization metadata of a handler (method first, then its controller). */
export function routeAuthorization(
  reflector: Reflector,
  context: ExecutionContext,
): { public?: string; policy?: PolicyRequirement; stepUp?: boolean; stepUpAfter?: StepUpBudget } {
  const targets = [context.getHandler(), context.getClass()];
  return {
    public: reflector.getAllAndOverride<string | undefined>(PUBLIC_KEY, targets),
    policy: reflector.getAllAndOverride<PolicyRequirement | undefined>(POLICY_KEY, targets),
    stepUp: reflector.getAllAndOverride<boolean | undefined>(STEP_UP_KEY, targets),
    stepUpAfter: reflector.getAllAndOverride<StepUpBudget | undefined>(STEP_UP_AFTER_KEY, targets),
  };
}
