import request from 'supertest';
import { startTestApp, type TestApp } from './app';
import { staffPost } from './cases-support';
import { createPerson, type TestPerson } from './people';

describe('routing rules: data admins edit, public to the browsers that route', () => {
  let t: TestApp;
  let admin: TestPerson;
  let lead: TestPerson;

  const put = (who: TestPerson, id: string, body: unknown) => request(t.http).put(`/api/v1/routing-rules/${id}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf).send(body as object);
  const del = (who: TestPerson, id: string) => request(t.http).delete(`/api/v1/routing-rules/${id}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf);
  const list = async () => (await request(t.http).get('/api/v1/routing-rules').expect(200)).body as { id: string; priority: number; deskSlug: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createPerson(t, { roles: ['admin'], steppedUp: true });
    lead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], steppedUp: true });
  });
  afterAll(() => t.close());

  it('starts empty: every type goes to its own desk', async () => {
    expect(await list()).toEqual([]);
  });

  it('lets an admin add, replace and remove rules, listed in the order they apply', async () => {
    const late = await staffPost(t, admin, '/routing-rules', { priority: 20, country: 'TJ', deskSlug: 'relocation' }).expect(201);
    const early = await staffPost(t, admin, '/routing-rules', { priority: 10, requestType: 'medical', language: 'uz', deskSlug: 'psychological' }).expect(201);
    const tie = await staffPost(t, admin, '/routing-rules', { priority: 20, requestType: 'legal', deskSlug: 'legal' }).expect(201);
    expect(early.body).toEqual({ id: expect.any(String), priority: 10, requestType: 'medical', language: 'uz', deskSlug: 'psychological' });
    expect((await list()).map((r) => r.id)).toEqual([early.body.id, late.body.id, tie.body.id]);

    const replaced = await put(admin, late.body.id, { priority: 5, country: 'TJ', deskSlug: 'legal' }).expect(200);
    expect(replaced.body).toEqual({ id: late.body.id, priority: 5, country: 'TJ', deskSlug: 'legal' });
    expect((await list())[0]).toEqual({ id: late.body.id, priority: 5, country: 'TJ', deskSlug: 'legal' });

    await del(admin, tie.body.id).expect(204);
    await del(admin, tie.body.id).expect(404);
    await put(admin, tie.body.id, { priority: 1, deskSlug: 'legal' }).expect(404);
    expect((await list()).map((r) => r.id)).toEqual([late.body.id, early.body.id]);

    const events = await t.dataSource.query(`SELECT action, subject_id FROM audit_events WHERE subject_type = 'routing_rule' ORDER BY seq`);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['routing.rule_created', 'routing.rule_created', 'routing.rule_created', 'routing.rule_updated', 'routing.rule_deleted']);
  });

  it('validates rules with the domain schema, and refuses a desk that does not exist', async () => {
    for (const bad of [
      {},
      { priority: -1, deskSlug: 'legal' },
      { priority: 1, deskSlug: 'Legal' },
      { priority: 1, deskSlug: 'legal', country: 'XX' },
      { priority: 1, deskSlug: 'legal', language: 'not a language' },
      { priority: 1, deskSlug: 'legal', requestType: 'housing' },
      { priority: 1, deskSlug: 'legal', note: 'x' },
    ]) {
      const res = await staffPost(t, admin, '/routing-rules', bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 422 });
    }
    const res = await staffPost(t, admin, '/routing-rules', { priority: 1, deskSlug: 'housing' }).expect(422);
    expect(JSON.parse(res.text).detail).toBe('deskSlug names no desk');
  });

  it('is for admins only: a desk lead may read the rules like everyone, not change them', async () => {
    await staffPost(t, lead, '/routing-rules', { priority: 1, deskSlug: 'legal' }).expect(403);
    const [rule] = await list();
    await put(lead, rule!.id, { priority: 1, deskSlug: 'legal' }).expect(403);
    await del(lead, rule!.id).expect(403);
  });
});
