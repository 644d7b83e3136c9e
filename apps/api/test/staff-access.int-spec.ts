import request from 'supertest';
import { StaffRepository } from '../src/staff/staff.repository';
import { startTestApp, withOwnerClient, type TestApp } from './app';
import { staffGet } from './cases-support';
import { createPerson, deskId } from './people';

/**
 * The policy guard reads a member's roles, status and desks from PostgreSQL on every signed-in
 * request, so any change, whoever made it, holds from the next request on.
 */
describe('staff access read from PostgreSQL on every request', () => {
  let t: TestApp;
  let legal: string;
  let medical: string;

  beforeAll(async () => {
    t = await startTestApp();
    legal = await deskId(t, 'legal');
    medical = await deskId(t, 'medical');
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('reads the member once per request', async () => {
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal] });
    const reads = jest.spyOn(t.app.get(StaffRepository), 'access');
    for (let i = 0; i < 3; i += 1) await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    expect(reads.mock.calls.filter(([id]) => id === worker.id)).toHaveLength(3);
  });

  it('applies a change of desks, roles or status made in SQL to the next request', async () => {
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal] });
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);

    await t.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM desk_members WHERE staff_id = $1`, [worker.id]);
      await manager.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, false)`, [medical, worker.id]);
    });
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(404);
    await staffGet(t, worker, `/cases?deskId=${medical}`).expect(200);

    await withOwnerClient((db) => db.query(`UPDATE staff_members SET roles = '{finance}' WHERE id = $1`, [worker.id]));
    await staffGet(t, worker, `/cases?deskId=${medical}`).expect(403);

    await staffGet(t, worker, '/notifications').expect(200);
    await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [worker.id]);
    await staffGet(t, worker, '/notifications').expect(401);
  });

  it('applies a removal from a desk through the api to the next request', async () => {
    const lead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [legal], steppedUp: true });
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal, medical] });
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    await request(t.http).delete(`/api/v1/desks/${legal}/members/${worker.id}`).set('cookie', lead.cookie).set('x-csrf-token', lead.csrf).expect(204);
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(404);
    await staffGet(t, worker, `/cases?deskId=${medical}`).expect(200);
  });

  it('leaves no change-notification trigger or listening connection (migration 1300)', async () => {
    const database = new URL(t.config.DATABASE_URL).pathname.slice(1);
    const left = await withOwnerClient(async (db) => {
      const triggers = await db.query(`SELECT tgname FROM pg_trigger WHERE tgname LIKE '%\\_access\\_changed' OR tgname LIKE '%\\_access\\_truncated'`);
      const functions = await db.query(`SELECT proname FROM pg_proc WHERE proname = 'ashar_staff_access_changed'`);
      const listeners = await db.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'ashar-listen' AND datname = $1`, [database]);
      return { triggers: triggers.rows, functions: functions.rows, listeners: listeners.rows };
    });
    expect(left).toEqual({ triggers: [], functions: [], listeners: [] });
  });
});
