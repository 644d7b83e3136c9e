import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { ANONYMOUS, type Principal } from '@ashar/domain';
import { type Request } from 'express';

export const PUBLIC_KEY = 'ashar:public';
export const POLICY_KEY = 'ashar:policy';
export const STEP_UP_KEY = 'ashar:step-up';

/** Marks a route as open to anyone; the reason is required so that every exception is argued for. */
export const Public = (reason: string) => SetMetadata(PUBLIC_KEY, reason);

/** A route's authorization requirement, checked by the policy guard. */
export type PolicyRequirement =
  | { kind: 'ability'; action: string; subject: string; as?: 'staff' | 'requester' }
  | { kind: 'signed-in'; as: 'staff' | 'requester' };

/**
 * The caller must be allowed `action` on `subject` by the CASL ability of libs/domain (record-level
 * checks follow in the service); with `as`, they must also be signed in as that kind of caller
 * (a requester's ability reaches their own case, but the staff routes are not theirs).
 */
export const Policy = (action: string, subject: string, as?: 'staff' | 'requester') =>
  SetMetadata(POLICY_KEY, { kind: 'ability', action, subject, ...(as ? { as } : {}) } satisfies PolicyRequirement);
/** The caller must be signed in as staff or as a requester; the service scopes everything to them. */
export const SignedIn = (as: 'staff' | 'requester') => SetMetadata(POLICY_KEY, { kind: 'signed-in', as } satisfies PolicyRequirement);
/** The caller must have made a fresh passkey assertion in the last five minutes. */
export const StepUp = () => SetMetadata(STEP_UP_KEY, true);

/** Reads the authorization metadata of a handler (method first, then its controller). */
export function routeAuthorization(reflector: Reflector, context: ExecutionContext): { public?: string; policy?: PolicyRequirement; stepUp?: boolean } {
  const targets = [context.getHandler(), context.getClass()];
  return {
    public: reflector.getAllAndOverride<string | undefined>(PUBLIC_KEY, targets),
    policy: reflector.getAllAndOverride<PolicyRequirement | undefined>(POLICY_KEY, targets),
    stepUp: reflector.getAllAndOverride<boolean | undefined>(STEP_UP_KEY, targets),
  };
}

/** A request after the policy guard: it always carries a principal (anonymous at least). */
export interface PrincipalRequest extends Request {
  principal?: Principal;
}

/** The principal the policy guard resolved for this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<PrincipalRequest>().principal ?? ANONYMOUS);
