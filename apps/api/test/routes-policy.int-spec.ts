import { type INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { POLICY_KEY, PUBLIC_KEY } from '../src/common/policy';
import { startTestApp, type TestApp } from './app';

/** Every route handler registered in the Nest router, with its authorization marks. */
function registeredRoutes(app: INestApplication) {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: { route: string; public?: string; policy?: unknown }[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const targets = [handler, wrapper.metatype as object];
      routes.push({
        route: `${wrapper.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object))}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`,
        public: reflector.getAllAndOverride(PUBLIC_KEY, targets as never),
        policy: reflector.getAllAndOverride(POLICY_KEY, targets as never),
      });
    }
  }
  return routes;
}

describe('deny by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('finds the routes of the router', () => {
    const routes = registeredRoutes(t.app).map((r) => r.route);
    expect(routes).toEqual(expect.arrayContaining([expect.stringContaining('HealthController.live'), expect.stringContaining('SetupController.check')]));
  });

  it('has no route with neither a policy nor an explicit public mark', () => {
    const unguarded = registeredRoutes(t.app).filter((r) => r.public === undefined && r.policy === undefined);
    expect(unguarded.map((r) => r.route)).toEqual([]);
  });

  it('requires a reason for every public route', () => {
    for (const r of registeredRoutes(t.app).filter((x) => x.public !== undefined)) expect(String(r.public).length).toBeGreaterThan(10);
  });
});
