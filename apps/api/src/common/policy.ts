import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

export const PUBLIC_KEY = 'ashar:public';
export const POLICY_KEY = 'ashar:policy';

/** Marks a route as open to anyone; the reason is required so that every exception is argued for. */
export const Public = (reason: string) => SetMetadata(PUBLIC_KEY, reason);

/** A route's authorization requirement: the action on the subject type, checked by the policy guard. */
export interface PolicyRequirement {
  action: string;
  subject: string;
}
export const Policy = (action: string, subject: string) => SetMetadata(POLICY_KEY, { action, subject } satisfies PolicyRequirement);

/** Reads the authorization metadata of a handler (method first, then its controller). */
export function routeAuthorization(reflector: Reflector, context: ExecutionContext): { public?: string; policy?: PolicyRequirement } {
  const targets = [context.getHandler(), context.getClass()];
  return {
    public: reflector.getAllAndOverride<string | undefined>(PUBLIC_KEY, targets),
    policy: reflector.getAllAndOverride<PolicyRequirement | undefined>(POLICY_KEY, targets),
  };
}

/**
 * Deny by default: a route passes only when it is marked public or carries a
 * policy that the caller satisfies. A route with neither is refused and logged.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  private readonly logger = new Logger(PolicyGuard.name);

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const auth = routeAuthorization(this.reflector, context);
    if (auth.public !== undefined) return true;
    if (auth.policy === undefined) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} has no policy; refused`);
      throw new ForbiddenException();
    }
    // No principal exists before the identity module: every policy-bound route is refused.
    throw new ForbiddenException();
  }
}
