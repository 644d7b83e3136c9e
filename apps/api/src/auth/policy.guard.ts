import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ANONYMOUS, defineAbilityFor, type StaffRole, DomainError, AuthError, GeneralError } from '@ashar/domain';
import { type Request } from 'express';
import { type PrincipalRequest, routeAuthorization } from '../policy';
import { sessionCookieName } from './cookies';
import { SessionStore, type ActiveSession } from './session.store';
import { type AsharConfig, ASHAR_CONFIG, allowedOrigins } from '../config';
import { RedisUnavailableError } from '../redis';
import { StaffRepository } from '../staff';
import { StepUpBudgets } from './step-up-budget';

/** A request after the policy guard: its principal and, for a signed-in caller, the session. */
export interface AuthedRequest extends PrincipalRequest {
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
 * when the browser sends one, our own Origin (PUBLIC_URL's or ONION_URL's).
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  private readonly logger = new Logger(PolicyGuard.name);
  private readonly origins: ReadonlySet<string>;
  private readonly cookieName: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly staff: StaffRepository,
    private readonly budgets: StepUpBudgets,
    @Inject(ASHAR_CONFIG) config: AsharConfig,
  ) {
    this.origins = new Set(allowedOrigins(config));
    this.cookieName = sessionCookieName(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const auth = routeAuthorization(this.reflector, context);
    try {
      await this.identify(req);
    } catch (err) {
      // A public route serves anyone: a session that cannot be read while Redis is away leaves
      // the caller anonymous (intake goes on). A route with a policy must know who calls: 503.
      if (!(err instanceof RedisUnavailableError) || auth.public === undefined) throw err;
      req.principal = ANONYMOUS;
      req.session = undefined;
    }
    if (auth.public !== undefined) return true;
    if (auth.policy === undefined) {
      this.logger.error(`route ${context.getClass().name}.${context.getHandler().name} has no policy; refused`);
      throw new DomainError(GeneralError.Forbidden);
    }
    const session = req.session;
    const principal = req.principal ?? ANONYMOUS;
    if (!session || principal.kind === 'anonymous') throw new DomainError(GeneralError.Unauthenticated);
    if (UNSAFE.has(req.method)) {
      const origin = req.headers.origin;
      if ((origin !== undefined && !this.origins.has(origin)) || !sameToken(req.header('x-csrf-token'), session.csrfToken)) {
        throw new DomainError(AuthError.Csrf, 'Reload the page and try again.');
      }
    }
    const policy = auth.policy;
    const allowed =
      policy.kind === 'signed-in'
        ? principal.kind === policy.as
        : (policy.as === undefined || principal.kind === policy.as) &&
          defineAbilityFor(principal).can(...policy.check);
    if (!allowed) throw new DomainError(GeneralError.Forbidden);
    const fresh = session.steppedUpUntil !== null && session.steppedUpUntil > Date.now();
    if (auth.stepUp && !fresh) {
      throw new DomainError(AuthError.StepUpRequired, 'This action needs a fresh passkey confirmation.');
    }
    const budget = auth.stepUpAfter;
    if (budget && principal.kind === 'staff' && budget.counts(req.body)) {
      const used = await this.budgets.spend(budget, principal.userId);
      if (used > budget.free && !fresh) throw new DomainError(AuthError.StepUpRequired, budget.reason);
    }
    return true;
  }

  /** Resolves the session cookie to a principal; a session of a suspended or missing member is ended. */
  private async identify(req: AuthedRequest): Promise<void> {
    req.principal = ANONYMOUS;
    const session = await this.sessions.read(readCookie(req, this.cookieName));
    if (!session) return;
    if (session.subject.kind === 'requester') {
      req.session = session;
      req.principal = { kind: 'requester', requesterId: session.subject.requesterId };
      return;
    }
    const access = await this.staff.access(session.subject.staffId);
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

/** The session of a signed-in caller (only on routes with a policy, where the guard guarantees one). */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().session);
