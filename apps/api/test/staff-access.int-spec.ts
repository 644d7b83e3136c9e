import request from 'supertest';
import { StaffAccessCache } from '../src/staff/staff-access.cache';
import { StaffRepository } from '../src/staff/staff.repository';
import { startTestApp, withOwnerClient, type TestApp } from './app';
import { staffGet } from './cases-support';
import { createPerson, deskId } from './people';

/**
 * The policy guard takes a member's roles, status and desks from memory (StaffAccessCache) and
 * drops them when PostgreSQL notifies a change at commit, whoever made it.
 */
describe('staff access kept in memory, dropped on every change', () => {
  let t: TestApp;
  let cache: StaffAccessCache;
  let legal: string;
  let medical: string;

  /** Resolves when the cache has heard of a change of `staffId` (subscribe before making it). */
  function heard(staffId: string): Promise<void> {
    return new Promise((resolve) => {
      const stop = cache.onChange((id) => {
        if (id === staffId || id === '') {
          stop();
          resolve();
        }
      });
    });
  }

  async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    cache = t.app.get(StaffAccessCache);
    legal = await deskId(t, 'legal');
    medical = await deskId(t, 'medical');
    await until('the cache listens', () => cache.isListening);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('reads PostgreSQL once, then serves the member from memory', async () => {
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal] });
    const reads = jest.spyOn(t.app.get(StaffRepository), 'access');
    for (let i = 0; i < 5; i += 1) await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    expect(reads.mock.calls.filter(([id]) => id === worker.id)).toHaveLength(1);
    expect(cache.holds(worker.id)).toBe(true);
  });

  it('drops a member when their desks, roles or status change in SQL, and the next request sees it', async () => {
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal] });
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    expect(cache.holds(worker.id)).toBe(true);

    // Moved from legal to medical by hand, in one transaction.
    let change = heard(worker.id);
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM desk_members WHERE staff_id = $1`, [worker.id]);
      await manager.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, false)`, [medical, worker.id]);
    });
    await change;
    expect(cache.holds(worker.id)).toBe(false);
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(404);
    await staffGet(t, worker, `/cases?deskId=${medical}`).expect(200);

    // No longer a caseworker: the inbox is not theirs any more.
    change = heard(worker.id);
    await withOwnerClient((db) => db.query(`UPDATE staff_members SET roles = '{finance}' WHERE id = $1`, [worker.id]));
    await change;
    await staffGet(t, worker, `/cases?deskId=${medical}`).expect(403);

    // Suspended: signed out.
    await staffGet(t, worker, '/notifications').expect(200);
    change = heard(worker.id);
    await t.dataSource.query(`UPDATE staff_members SET status = 'suspended' WHERE id = $1`, [worker.id]);
    await change;
    await staffGet(t, worker, '/notifications').expect(401);
  });

  it('drops a member removed from a desk through the api before answering the admin', async () => {
    const admin = await createPerson(t, { roles: ['admin'], steppedUp: true });
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal, medical] });
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    expect(cache.holds(worker.id)).toBe(true);
    await request(t.http).delete(`/api/v1/desks/${legal}/members/${worker.id}`).set('cookie', admin.cookie).set('x-csrf-token', admin.csrf).expect(204);
    // No waiting for the notification: the api forgot them when its transaction committed.
    expect(cache.holds(worker.id)).toBe(false);
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(404);
    await staffGet(t, worker, `/cases?deskId=${medical}`).expect(200);
  });

  it('forgets everyone on a TRUNCATE', async () => {
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal] });
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    const change = heard('');
    await withOwnerClient(async (db) => {
      await db.query('BEGIN');
      await db.query('TRUNCATE desk_members');
      // Rolled back, nothing is notified; committed, everyone is.
      await db.query('ROLLBACK');
      expect(cache.holds(worker.id)).toBe(true);
      await db.query(`CREATE TEMP TABLE kept AS SELECT * FROM desk_members`);
      await db.query('BEGIN');
      await db.query('TRUNCATE desk_members');
      await db.query('INSERT INTO desk_members SELECT * FROM kept');
      await db.query('COMMIT');
    });
    await change;
    expect(cache.holds(worker.id)).toBe(false);
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
  });

  it('reads PostgreSQL for every request while its connection is lost, and listens again', async () => {
    const worker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal] });
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    expect(cache.holds(worker.id)).toBe(true);
    const database = new URL(t.config.DATABASE_URL).pathname.slice(1);
    const killed = await withOwnerClient(async (db) => {
      const { rows } = await db.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'ashar-listen' AND datname = $1`,
        [database],
      );
      return rows.length;
    });
    expect(killed).toBe(1);
    await until('the cache notices', () => !cache.isListening);
    expect(cache.holds(worker.id)).toBe(false);
    // A change made while nobody listens is seen all the same: every request reads PostgreSQL.
    await t.dataSource.query(`DELETE FROM desk_members WHERE staff_id = $1`, [worker.id]);
    const reads = jest.spyOn(t.app.get(StaffRepository), 'access');
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(404);
    await t.dataSource.query(`INSERT INTO desk_members (desk_id, staff_id, is_lead) VALUES ($1, $2, false)`, [legal, worker.id]);
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    const mine = () => reads.mock.calls.filter(([id]) => id === worker.id).length;
    expect(mine()).toBe(2);
    await until('it listens again', () => cache.isListening);
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    expect(mine()).toBe(3);
    expect(cache.holds(worker.id)).toBe(true);
    await staffGet(t, worker, `/cases?deskId=${legal}`).expect(200);
    expect(mine()).toBe(3);
  });
});
