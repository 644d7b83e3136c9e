import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { POLICY_KEY, PUBLIC_KEY, STEP_UP_KEY } from '../src/policy/route-policy';

export interface RegisteredRoute {
  /** e.g. `POST /api/v1/desks/:deskId/keys` */
  key: string;
  handler: string;
  public?: string;
  policy?: unknown;
  stepUp?: boolean;
}

const join = (...parts: (string | undefined)[]) => `/${parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/')}`;

/** Every route handler registered in the Nest router, with its authorization marks. */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RegisteredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base = Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) as string | undefined;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const targets = [handler, wrapper.metatype as object];
      routes.push({
        key: `${RequestMethod[method]} ${join('api', base, Reflect.getMetadata(PATH_METADATA, handler) as string)}`,
        handler: `${wrapper.name}.${name}`,
        public: reflector.getAllAndOverride(PUBLIC_KEY, targets as never),
        policy: reflector.getAllAndOverride(POLICY_KEY, targets as never),
        stepUp: reflector.getAllAndOverride(STEP_UP_KEY, targets as never),
      });
    }
  }
  return routes;
}
