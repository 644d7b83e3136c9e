import { startTestApp, type TestApp } from './app';
import { registeredRoutes } from './routes';

describe('deny by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('finds the routes of the router', () => {
    const keys = registeredRoutes(t.app).map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['GET /api/health', 'POST /api/v1/setup/check', 'POST /api/v1/auth/sign-in']));
  });

  it('has no route with neither a policy nor an explicit public mark', () => {
    const unguarded = registeredRoutes(t.app).filter((r) => r.public === undefined && r.policy === undefined);
    expect(unguarded.map((r) => r.handler)).toEqual([]);
  });

  it('requires a reason for every public route', () => {
    for (const r of registeredRoutes(t.app).filter((x) => x.public !== undefined)) expect(String(r.public).length).toBeGreaterThan(10);
  });
});
