import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { type Endpoint, apiEndpoints, desksContract, healthContract, intakeContract, keysContract, octetStream, routingContract, urlEncodedForm } from '@ashar/domain';
import request from 'supertest';
import { startTestApp, type TestApp } from './app';

interface RouteArg {
  kind: 'params' | 'query' | 'body';
  /** The name given to @Param('name') and the like; undefined for the whole object. */
  data: unknown;
  /** The schemas of the zod pipes on the argument. */
  schemas: unknown[];
}

interface Route {
  key: string;
  handler: string;
  status: number;
  args: RouteArg[];
}

const KINDS: Partial<Record<RouteParamtypes, RouteArg['kind']>> = { [RouteParamtypes.PARAM]: 'params', [RouteParamtypes.QUERY]: 'query', [RouteParamtypes.BODY]: 'body' };
const join = (...parts: (string | undefined)[]) => `/${parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/')}`;

/** Every route of the Nest router with its success status and its validated path, query and body arguments. */
function routesOf(t: TestApp): Route[] {
  const scanner = t.app.get(MetadataScanner);
  return t.app
    .get(DiscoveryService)
    .getControllers()
    .flatMap((wrapper) => {
      const metatype = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!wrapper.instance || !metatype) return [];
      const prototype = metatype.prototype as Record<string, (...args: unknown[]) => unknown>;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined;
      return scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name]!;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) return [];
        const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        const args = Object.entries(declared).flatMap(([key, arg]) => {
          const kind = KINDS[Number(key.split(':')[0]) as RouteParamtypes];
          return kind ? [{ kind, data: arg.data, schemas: (arg.pipes ?? []).map((pipe) => (pipe as { schema?: unknown }).schema) }] : [];
        });
        const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
        return [{ key: `${RequestMethod[method]} ${join('api', base, Reflect.getMetadata(PATH_METADATA, handler) as string)}`, handler: `${wrapper.name}.${name}`, status, args }];
      });
    });
}

const keyOf = (e: Endpoint) => `${e.method} ${e.path}`;

describe('every route has its contract in libs/domain', () => {
  let t: TestApp;
  let routes: Route[];
  const contracts = new Map(apiEndpoints().map(({ name, endpoint }) => [keyOf(endpoint), { name, endpoint }]));

  beforeAll(async () => {
    t = await startTestApp();
    routes = routesOf(t);
  });
  afterAll(() => t.close());

  it('finds the routes of the router', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map((r) => r.key)).toEqual(expect.arrayContaining(['GET /api/health', 'PUT /api/v1/cases/:caseId/files/:fileId/chunks/:index']));
  });

  it('has no route without a contract and no contract without a route', () => {
    expect(routes.filter((r) => !contracts.has(r.key)).map((r) => `${r.key} (${r.handler})`)).toEqual([]);
    const routed = new Set(routes.map((r) => r.key));
    expect([...contracts.entries()].filter(([key]) => !routed.has(key)).map(([key, c]) => `${key} (${c.name})`)).toEqual([]);
  });

  it('answers with the status its contract names', () => {
    const wrong = routes.filter((r) => contracts.get(r.key)?.endpoint.status !== r.status).map((r) => `${r.key}: ${r.status}, contract ${contracts.get(r.key)?.endpoint.status}`);
    expect(wrong).toEqual([]);
  });

  it('validates its path, query and body whole, with the schemas of its contract and no others', () => {
    const problems: string[] = [];
    for (const route of routes) {
      const endpoint = contracts.get(route.key)?.endpoint;
      if (!endpoint) continue;
      for (const kind of ['params', 'query', 'body'] as const) {
        const schema = endpoint[kind];
        const args = route.args.filter((a) => a.kind === kind);
        // Raw bytes and HTML forms are read from the request stream by the handler itself, within its own limit.
        const expected = schema === undefined || schema === octetStream || schema === urlEncodedForm ? 0 : 1;
        if (args.length !== expected) problems.push(`${route.handler}: ${args.length} ${kind} argument(s), contract wants ${expected}`);
        for (const arg of args) {
          if (arg.data !== undefined) problems.push(`${route.handler}: ${kind} '${String(arg.data)}' read alone instead of the whole ${kind}`);
          if (!arg.schemas.includes(schema)) problems.push(`${route.handler}: ${kind} not validated with its contract's schema`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('validates path parameters with the contract: a malformed id is refused before any lookup', async () => {
    const res = await request(t.http).get('/api/v1/keys/staff/not-an-id').expect(422);
    expect(res.body).toMatchObject({ type: 'urn:ashar:problem:validation', errors: [{ path: 'id' }] });
    await request(t.http).get('/api/v1/keys/staff/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('sends answers that parse with the response schemas of the public endpoints', async () => {
    for (const endpoint of [healthContract.live, desksContract.directory, routingContract.list, intakeContract.config, keysContract.root]) {
      const res = await request(t.http).get(endpoint.path).expect(endpoint.status);
      const parsed = endpoint.response.safeParse(res.body);
      expect({ path: endpoint.path, issues: parsed.error?.issues ?? [] }).toEqual({ path: endpoint.path, issues: [] });
    }
  });
});
