import 'reflect-metadata';
import { type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ANONYMOUS, DomainError, type Principal } from '@ashar/domain';
import { CurrentCaller, CurrentPrincipal, CurrentRequester, CurrentStaff } from './principals';
import { Policy, POLICY_KEY, StaffPolicy } from './route-policy';

const staff: Principal = { kind: 'staff', userId: '11111111-1111-4111-8111-111111111111', roles: ['caseworker'], deskIds: [], leadDeskIds: [] };
const requester: Principal = { kind: 'requester', requesterId: '22222222-2222-4222-8222-222222222222' };

type Factory = (data: unknown, ctx: ExecutionContext) => unknown;

/** The function Nest runs for a parameter decorator, taken from a handler that uses it. */
function factoryOf(decorator: () => ParameterDecorator): Factory {
  class Probe {
    handler(@decorator() _value: unknown): void {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler') as Record<string, { factory: Factory }>;
  const [entry] = Object.values(args);
  if (!entry) throw new Error('no parameter metadata');
  return entry.factory;
}

const contextFor = (principal: Principal | undefined) => ({ switchToHttp: () => ({ getRequest: () => ({ principal }) }) }) as unknown as ExecutionContext;

describe('route policies', () => {
  it('records the ability check and, for StaffPolicy, that the caller must be staff', () => {
    class Routes {
      @Policy('attach_file', 'AidCase')
      attach(): void {}
      @StaffPolicy('triage', 'AidCase')
      triage(): void {}
    }
    expect(Reflect.getMetadata(POLICY_KEY, Routes.prototype.attach)).toEqual({ kind: 'ability', check: ['attach_file', 'AidCase'] });
    expect(Reflect.getMetadata(POLICY_KEY, Routes.prototype.triage)).toEqual({ kind: 'ability', check: ['triage', 'AidCase'], as: 'staff' });
  });

  it('accepts only the actions libs/domain defines for a subject (checked by the compiler)', () => {
    // @ts-expect-error triage is an action on AidCase, not on Desk
    const wrongPair = Policy('triage', 'Desk');
    // @ts-expect-error Ticket is no subject of the ability
    const noSubject = StaffPolicy('read', 'Ticket');
    expect([typeof wrongPair, typeof noSubject]).toEqual(['function', 'function']);
  });
});

describe('principal parameters', () => {
  it('give the principal of the request, anonymous when the guard set none', () => {
    expect(factoryOf(CurrentPrincipal)(undefined, contextFor(staff))).toBe(staff);
    expect(factoryOf(CurrentPrincipal)(undefined, contextFor(undefined))).toBe(ANONYMOUS);
  });

  it('give the staff member or the requester only when the caller is one', () => {
    expect(factoryOf(CurrentStaff)(undefined, contextFor(staff))).toBe(staff);
    expect(factoryOf(CurrentRequester)(undefined, contextFor(requester))).toBe(requester);
    expect(factoryOf(CurrentCaller)(undefined, contextFor(requester))).toBe(requester);
    expect(() => factoryOf(CurrentStaff)(undefined, contextFor(requester))).toThrow(DomainError);
    expect(() => factoryOf(CurrentRequester)(undefined, contextFor(staff))).toThrow(DomainError);
    expect(() => factoryOf(CurrentCaller)(undefined, contextFor(ANONYMOUS))).toThrow(DomainError);
  });
});
