import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ANONYMOUS, defineAbilityFor, type Principal, type StaffRole } from '@ashar/domain';
import { type Request } from 'express';
import { SESSION_COOKIE, SessionStore, type ActiveSession } from '../auth/session.store';
import { type AsharConfig } from '../config/config';
import { ASHAR_CONFIG } from '../config/config.module';
import { StaffAccessCache } from '../staff/staff-access.cache';
import { ProblemError } from './problem';

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

export interface AuthedRequest extends Request {
  principal?: Principal;
  session?: ActiveSession;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Deny by default. Every request gets a principal (from its session cookie, or
 * anonymous); a route passes only when it is marked public or its policy holds.
 * Signed-in state-changing requests must carry the session's CSRF token and,
 * when the browser sends one, our own Origin.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  private readonly logger = new Logger(PolicyGuard.name);
  private readonly origin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly access: StaffAccessCache,
    @Inject(ASHAR_CONFIG) config: AsharConfig,
  ) {
    this.origin = new URL(config.PUBLIC_URL).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const auth = routeAuthorization(this.reflector, context);
    await this.identify(req);
    if (auth.public !== undefined) return true;
    if (auth.policy === undefined) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} has no policy; refused`);
      throw new ProblemError(403, 'forbidden', 'This action is not allowed');
    }
    const session = req.session;
    const principal = req.principal ?? ANONYMOUS;
    if (!session || principal.kind === 'anonymous') throw new ProblemError(401, 'unauthenticated', 'Sign-in is required');
    if (UNSAFE.has(req.method)) {
      const origin = req.headers.origin;
      if ((origin !== undefined && origin !== this.origin) || !sameToken(req.header('x-csrf-token'), session.csrfToken)) {
        throw new ProblemError(403, 'csrf', 'The request did not come from this application', 'Reload the page and try again.');
      }
    }
    const policy = auth.policy;
    const allowed =
      policy.kind === 'signed-in'
        ? principal.kind === policy.as
        : (policy.as === undefined || principal.kind === policy.as) &&
          (defineAbilityFor(principal) as unknown as { can(action: string, subject: string): boolean }).can(policy.action, policy.subject);
    if (!allowed) throw new ProblemError(403, 'forbidden', 'This action is not allowed');
    if (auth.stepUp && !(session.steppedUpUntil && session.steppedUpUntil > Date.now())) {
      throw new ProblemError(403, 'step-up-required', 'Confirm with your passkey first', 'This action needs a fresh passkey confirmation.');
    }
    return true;
  }

  /** Resolves the session cookie to a principal; a session of a suspended or missing member is ended. */
  private async identify(req: AuthedRequest): Promise<void> {
    req.principal = ANONYMOUS;
    const session = await this.sessions.read(readCookie(req, SESSION_COOKIE));
    if (!session) return;
    if (session.subject.kind === 'requester') {
      req.session = session;
      req.principal = { kind: 'requester', requesterId: session.subject.requesterId };
      return;
    }
    // Roles and desks from memory while PostgreSQL's change notifications arrive (StaffAccessCache).
    const access = await this.access.get(session.subject.staffId);
    if (!access || access.status !== 'active') {
      await this.sessions.destroy(session);
      return;
    }
    req.session = session;
    req.principal = { kind: 'staff', userId: session.subject.staffId, roles: access.roles as StaffRole[], deskIds: access.deskIds, leadDeskIds: access.leadDeskIds };
  }
}

/** One cookie's value from the Cookie header (no other cookie is read or kept). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The principal the policy guard resolved for this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().principal ?? ANONYMOUS);
/** The session of a signed-in caller (only on routes with a policy, where the guard guarantees one). */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().session);
