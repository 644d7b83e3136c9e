import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ANONYMOUS, DomainError, GeneralError, type Principal, type RequesterPrincipal, type StaffPrincipal } from '@ashar/domain';
import { type Request } from 'express';

/** A request after the policy guard: it always carries a principal (anonymous at least). */
export interface PrincipalRequest extends Request {
  principal?: Principal;
}

const principalOf = (ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<PrincipalRequest>().principal ?? ANONYMOUS;

// The route's policy already refuses callers of another kind; these hold only if a route's marks are wrong.
const forbidden = () => new DomainError(GeneralError.Forbidden);

/** The principal the policy guard resolved for this request, of any kind. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx));

/** The signed-in member of staff (routes marked StaffPolicy, SignedIn('staff') or with a staff-only ability). */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => {
  const principal = principalOf(ctx);
  if (principal.kind !== 'staff') throw forbidden();
  return principal;
});

/** The signed-in requester (routes marked SignedIn('requester')). */
export const CurrentRequester = createParamDecorator((_: unknown, ctx: ExecutionContext): RequesterPrincipal => {
  const principal = principalOf(ctx);
  if (principal.kind !== 'requester') throw forbidden();
  return principal;
});

/** A signed-in member of staff or requester (routes whose ability both may hold, such as case files). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal | RequesterPrincipal => {
  const principal = principalOf(ctx);
  if (principal.kind === 'anonymous') throw forbidden();
  return principal;
});
