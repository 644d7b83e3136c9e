import { randomUUID } from 'node:crypto';
import { type CaseStatus, type CaseSummary, type RequestType, type Urgency } from '@ashar/domain';
import { poolOf } from '../src/database/prepared';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the SQL literals the bench uses too
import { executeArguments } from '../../../test/support/sql';
import { startTestApp, withOwnerClient, type TestApp } from './app';
import { staffGet } from './cases-support';
import { createPerson, deskId, type TestPerson } from './people';

interface Seeded {
  id: string;
  owner: string;
  collaborators: string[];
  status: CaseStatus;
  urgency: Urgency;
  type: RequestType;
  due: Date;
  created: Date;
  assignee: string | null;
}

const STATUSES: CaseStatus[] = ['new', 'triaged', 'in_progress', 'awaiting_requester', 'resolved'];
const URGENCY: Urgency[] = ['critical', 'high', 'normal', 'low'];
const TYPES: RequestType[] = ['legal', 'relocation', 'medical'];

describe('triage inbox: per desk, filtered in SQL by the ability, keyset-paged', () => {
  let t: TestApp;
  let legal: string;
  let medical: string;
  let intake: string;
  let legalWorker: TestPerson;
  let medicalWorker: TestPerson;
  let intakeWorker: TestPerson;
  let admin: TestPerson;
  const seeded: Seeded[] = [];

  async function seed(c: Omit<Seeded, 'id'>): Promise<Seeded> {
    const row = { id: randomUUID(), ...c };
    await t.dataSource.query(
      `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, assignee_id, created_at, first_response_due_at, closed_at, purge_after)
       VALUES ($1, $2, 'KZ', 'ru', $3, $4, $5, $6, $7, $8, $9, NULL, NULL)`,
      [row.id, row.type, row.urgency, row.status, row.owner, row.collaborators, row.assignee, row.created, row.due],
    );
    seeded.push(row);
    return row;
  }

  /** Follows `next` to the end; fails on a repeated id. */
  async function allPages(who: TestPerson, query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let pages = 0;
    let after: string | null = null;
    do {
      const res = await staffGet(t, who, `/cases?${query}&limit=${limit}${after ? `&after=${after}` : ''}`).expect(200);
      const items = res.body.items as CaseSummary[];
      expect(items.length).toBeLessThanOrEqual(limit);
      ids.push(...items.map((c) => c.id));
      after = res.body.next as string | null;
      pages += 1;
    } while (after !== null && pages < 100);
    expect(new Set(ids).size).toBe(ids.length);
    return { ids, pages };
  }

  const byDue = (a: Seeded, b: Seeded) => a.due.getTime() - b.due.getTime() || (a.id < b.id ? -1 : 1);
  const byCreatedDesc = (a: Seeded, b: Seeded) => b.created.getTime() - a.created.getTime() || (a.id < b.id ? 1 : -1);
  const ofDesk = (desk: string) => seeded.filter((c) => c.owner === desk || c.collaborators.includes(desk));

  beforeAll(async () => {
    t = await startTestApp();
    legal = await deskId(t, 'legal');
    medical = await deskId(t, 'medical');
    intake = await deskId(t, 'intake');
    legalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [legal] });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [medical] });
    intakeWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [intake] });
    admin = await createPerson(t, { roles: ['admin'] });
    const base = Date.UTC(2030, 0, 1);
    for (let i = 0; i < 60; i += 1) {
      // Three cases share each due time and each creation time, so ties are broken by id.
      await seed({
        owner: i % 4 === 3 ? medical : legal,
        collaborators: i % 2 === 0 ? [intake] : [],
        status: STATUSES[i % STATUSES.length]!,
        urgency: URGENCY[i % URGENCY.length]!,
        type: TYPES[i % TYPES.length]!,
        due: new Date(base + Math.floor(i / 3) * 60_000 + (i % 7) * 3600_000),
        created: new Date(base - Math.floor(i / 3) * 60_000),
        assignee: i % 10 === 0 ? legalWorker.id : null,
      });
    }
  });
  afterAll(() => t.close());

  it('pages through a desk’s inbox by due time, owned and collaborating cases alike, without gaps or repeats', async () => {
    const { ids, pages } = await allPages(legalWorker, `deskId=${legal}`, 7);
    expect(ids).toEqual(ofDesk(legal).sort(byDue).map((c) => c.id));
    expect(pages).toBeGreaterThan(5);
    const intakeIds = (await allPages(intakeWorker, `deskId=${intake}`, 9)).ids;
    expect(intakeIds).toEqual(ofDesk(intake).sort(byDue).map((c) => c.id));
  });

  it('pages by creation time, newest first', async () => {
    const { ids } = await allPages(legalWorker, `deskId=${legal}&sort=created`, 8);
    expect(ids).toEqual(ofDesk(legal).sort(byCreatedDesc).map((c) => c.id));
  });

  it('filters by status, urgency, type, due time and assignee, across pages', async () => {
    const expectFilter = async (query: string, keep: (c: Seeded) => boolean) => {
      const { ids } = await allPages(legalWorker, `deskId=${legal}&${query}`, 4);
      expect({ query, ids }).toEqual({ query, ids: ofDesk(legal).filter(keep).sort(byDue).map((c) => c.id) });
    };
    await expectFilter('status=new', (c) => c.status === 'new');
    await expectFilter('status=new,triaged', (c) => c.status === 'new' || c.status === 'triaged');
    await expectFilter('urgency=critical,high', (c) => c.urgency === 'critical' || c.urgency === 'high');
    await expectFilter('type=relocation', (c) => c.type === 'relocation');
    const cut = new Date(Date.UTC(2030, 0, 1) + 3 * 3600_000);
    await expectFilter(`dueBefore=${encodeURIComponent(cut.toISOString())}`, (c) => c.due < cut);
    await expectFilter('assignee=none&status=in_progress', (c) => c.assignee === null && c.status === 'in_progress');
    await expectFilter('status=triaged&urgency=low&type=legal', (c) => c.status === 'triaged' && c.urgency === 'low' && c.type === 'legal');
    // Several statuses are merged from one scan per status (the open set has its own index): same pages either way.
    await expectFilter('status=new,triaged,in_progress&assignee=none', (c) => ['new', 'triaged', 'in_progress'].includes(c.status) && c.assignee === null);
    await expectFilter('status=new,triaged,in_progress,awaiting_requester', (c) => ['new', 'triaged', 'in_progress', 'awaiting_requester'].includes(c.status));
    const newest = await allPages(legalWorker, `deskId=${legal}&status=new,triaged&sort=created`, 3);
    expect(newest.ids).toEqual(ofDesk(legal).filter((c) => c.status === 'new' || c.status === 'triaged').sort(byCreatedDesc).map((c) => c.id));
    const mine = await allPages(legalWorker, 'assignee=me', 2);
    expect(mine.ids).toEqual(seeded.filter((c) => c.assignee === legalWorker.id).sort(byDue).map((c) => c.id));
  });

  it('shows another desk’s caseworker none of it', async () => {
    await staffGet(t, medicalWorker, `/cases?deskId=${legal}`).expect(404);
    const { ids } = await allPages(medicalWorker, `deskId=${medical}`, 50);
    expect(ids).toEqual(ofDesk(medical).sort(byDue).map((c) => c.id));
    expect(ids.some((id) => ofDesk(legal).some((c) => c.id === id))).toBe(false);
    // The medical caseworker has nothing assigned, and no way to ask for someone else's list.
    expect((await staffGet(t, medicalWorker, '/cases?assignee=me').expect(200)).body.items).toEqual([]);
    await staffGet(t, medicalWorker, `/cases?assignee=${legalWorker.id}`).expect(422);
    await staffGet(t, admin, `/cases?deskId=${legal}`).expect(403);
  });

  it('answers with the clear facts only, and validates every parameter', async () => {
    const page = await staffGet(t, legalWorker, `/cases?deskId=${legal}&limit=1`).expect(200);
    expect(Object.keys(page.body.items[0]).sort()).toEqual(
      [
        'assigneeId',
        'assigneeName',
        'breached',
        'closedAt',
        'collaboratorDeskIds',
        'country',
        'createdAt',
        'firstRespondedAt',
        'firstResponseDueAt',
        'id',
        'language',
        'lastActivityAt',
        'ownerDeskId',
        'requestType',
        'status',
        'subject',
        'unread',
        'urgency',
      ].sort(),
    );
    const next = page.body.next as string;
    for (const bad of [
      `deskId=${legal}&limit=101`,
      `deskId=${legal}&limit=0`,
      `deskId=${legal}&status=open`,
      `deskId=${legal}&after=${next}&sort=created`,
      `deskId=${legal}&after=not-a-cursor`,
      `deskId=${legal.toUpperCase()}`,
      `deskId=${legal}&dueBefore=tomorrow`,
      `deskId=${legal}&colour=red`,
      '',
    ]) {
      const res = await staffGet(t, legalWorker, `/cases?${bad}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 422 });
    }
  });

  it('answers each case as the case view does, its times (formatted by PostgreSQL) to the millisecond', async () => {
    // Microseconds in every time, breached or not, answered or not, closed or open.
    const cases = [
      { status: 'in_progress', created: '2031-03-01 10:00:00.123999+00', due: '2031-03-02 10:00:00.000001+00', responded: '2031-03-01 11:30:00.999999+00', closed: null },
      { status: 'resolved', created: '2031-03-01 10:00:01.5+00', due: '2020-01-01 00:00:00.0005+00', responded: null, closed: null },
      { status: 'closed', created: '2031-03-01 10:00:02.000999+00', due: '2031-03-03 23:59:59.999999+00', responded: '2031-03-04 00:00:00.0001+00', closed: '2031-03-05 12:00:00.777777+00' },
      { status: 'new', created: '2031-03-01 10:00:03+00', due: '2099-12-31 23:59:59.9999+00', responded: null, closed: null },
    ];
    const ids: string[] = [];
    for (const c of cases) {
      const id = randomUUID();
      ids.push(id);
      await t.dataSource.query(
        `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, created_at, first_response_due_at,
                                first_responded_at, closed_at, purge_after)
         VALUES ($1, 'legal', 'KZ', 'ru', 'high', $2, $3, $4, $5, $6, $7, $8, CASE WHEN $8::timestamptz IS NULL THEN NULL ELSE $8::timestamptz + interval '90 days' END)`,
        [id, c.status, legal, [medical], c.created, c.due, c.responded, c.closed],
      );
      seeded.push({ id, owner: legal, collaborators: [medical], status: c.status as CaseStatus, urgency: 'high', type: 'legal', due: new Date(c.due), created: new Date(c.created), assignee: null });
    }
    const items: CaseSummary[] = [];
    let after: string | null = null;
    do {
      const res = await staffGet(t, legalWorker, `/cases?deskId=${legal}&sort=created&limit=100${after ? `&after=${after}` : ''}`).expect(200);
      items.push(...(res.body.items as CaseSummary[]));
      after = res.body.next as string | null;
    } while (after !== null);
    for (const [i, id] of ids.entries()) {
      const item = items.find((c) => c.id === id);
      const view = (await staffGet(t, legalWorker, `/cases/${id}`).expect(200)).body.case as CaseSummary;
      // The inbox's own fields besides: no requester activity but the case's creation, never opened by the caller, no subject.
      expect(item).toEqual({ ...view, lastActivityAt: view.createdAt, unread: true, assigneeName: null, subject: null });
      // And what node-postgres's Dates and toISOString made before: truncated milliseconds, UTC, Z.
      const c = cases[i]!;
      expect(item).toMatchObject({
        createdAt: new Date(c.created).toISOString(),
        firstResponseDueAt: new Date(c.due).toISOString(),
        firstRespondedAt: c.responded && new Date(c.responded).toISOString(),
        closedAt: c.closed && new Date(c.closed).toISOString(),
      });
    }
    expect(items.find((c) => c.id === ids[0])).toMatchObject({ createdAt: '2031-03-01T10:00:00.123Z', firstRespondedAt: '2031-03-01T11:30:00.999Z', breached: false });
    expect(items.find((c) => c.id === ids[1])).toMatchObject({ firstResponseDueAt: '2020-01-01T00:00:00.000Z', breached: true });
    expect(items.find((c) => c.id === ids[2])).toMatchObject({ closedAt: '2031-03-05T12:00:00.777Z', breached: true });
    expect(items.find((c) => c.id === ids[3])).toMatchObject({ firstResponseDueAt: '2099-12-31T23:59:59.999Z', breached: false });
  });

  it('reads a desk’s page as one ordered index scan of case_desks, whatever the size, planned once per shape', async () => {
    // Enough rows over several desks for the planner to prefer the index on its own.
    await t.dataSource.query(
      `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, created_at, first_response_due_at)
       SELECT gen_random_uuid(), 'legal', 'KZ', 'ru', 'normal', (ARRAY['new','triaged','in_progress','resolved'])[1 + g % 4],
              (SELECT id FROM desks ORDER BY slug OFFSET g % 7 LIMIT 1), '{}', now() - make_interval(secs => g), now() + make_interval(secs => g)
         FROM generate_series(1, 30000) AS g`,
    );
    // A staff directory and case reads of a team at work (issue 16: the page joins the caller's read
    // of each case and the assignee's name, one primary-key probe per row of the page).
    await t.dataSource.query(
      `INSERT INTO staff_members (id, display_name, roles, status, webauthn_user_id)
       SELECT gen_random_uuid(), 'Staff ' || g, '{caseworker}', 'active', decode(md5(g::text) || md5((g + 1)::text), 'hex') FROM generate_series(1, 2000) AS g`,
    );
    await t.dataSource.query(
      `INSERT INTO case_reads (case_id, staff_id, read_at, seen_activity)
       SELECT c.id, s.id, now(), 1 FROM (SELECT id FROM aid_cases ORDER BY id LIMIT 20000) c
         CROSS JOIN LATERAL (SELECT id FROM staff_members ORDER BY id OFFSET (abs(hashtext(c.id::text)) % 1900) LIMIT 3) s`,
    );
    await t.dataSource.query(`INSERT INTO case_reads (case_id, staff_id, read_at, seen_activity) SELECT id, $1, now(), 1 FROM aid_cases WHERE owner_desk_id = $2 ON CONFLICT DO NOTHING`, [legalWorker.id, legal]);
    await t.dataSource.query(`UPDATE aid_cases SET assignee_id = $1 WHERE owner_desk_id = $2 AND id IN (SELECT id FROM aid_cases ORDER BY id LIMIT 3000)`, [legalWorker.id, legal]);
    // Statistics as autovacuum would gather them (only the owner may ANALYZE).
    await withOwnerClient((owner) => owner.query('ANALYZE aid_cases, case_desks, case_reads, staff_members'));
    const next = (await staffGet(t, legalWorker, `/cases?deskId=${legal}&limit=25`).expect(200)).body.next as string;
    for (const query of [
      `deskId=${legal}`,
      `deskId=${legal}&after=${next}`,
      `deskId=${legal}&status=new`,
      `deskId=${legal}&sort=created`,
      `deskId=${legal}&status=in_progress&sort=created&urgency=normal`,
      // The partial indexes of open and of unassigned open cases, in plans made once for all values.
      `deskId=${legal}&status=new,triaged,in_progress,awaiting_requester`,
      `deskId=${legal}&status=new,triaged,in_progress,awaiting_requester&sort=created`,
      `deskId=${legal}&status=in_progress&assignee=none`,
      `deskId=${legal}&status=new,triaged&assignee=none`,
    ]) {
      const plan = await explainInbox(query);
      const partial = /assignee=none/.test(query)
        ? /sort=created/.test(query)
          ? 'case_desks_unassigned_created_idx'
          : 'case_desks_unassigned_due_idx'
        : /awaiting_requester/.test(query)
          ? /sort=created/.test(query)
            ? 'case_desks_open_created_idx'
            : 'case_desks_open_due_idx'
          : null;
      // Unassigned cases of given statuses: which partial index applies follows from the values,
      // so PostgreSQL plans each page for them (a bound limit); every other shape is planned
      // once, and still reads the partial index made for it.
      const perValues = /assignee=none/.test(query) && !/awaiting_requester/.test(query);
      const used = perValues ? plan.customScans : plan.genericScans;
      if (partial) expect({ query, used }).toEqual({ query, used: expect.arrayContaining([expect.stringContaining(partial)]) });
      expect({ query, scans: plan.scans }).toEqual({ query, scans: expect.arrayContaining([expect.stringMatching(/^Index (Only )?Scan on case_desks_/)]) });
      expect({ query, sorts: plan.nodes.filter((n) => /Sort/.test(n)), seq: plan.nodes.filter((n) => /Seq Scan|Gather/.test(n)), generic: perValues || plan.genericChosen }).toEqual({
        query,
        sorts: [],
        seq: [],
        generic: true,
      });
    }
  });

  /**
   * Runs the inbox query the api makes for `query` (captured on its way to PostgreSQL) under
   * EXPLAIN, both as planned for its values and as the generic plan PostgreSQL may switch to
   * for a statement prepared once per shape (the api's): both must be ordered index scans.
   */
  async function explainInbox(query: string): Promise<{ nodes: string[]; scans: string[]; genericScans: string[]; customScans: string[]; genericChosen: boolean }> {
    const captured: { sql: string; params: unknown[] }[] = [];
    const pool = poolOf(t.dataSource);
    const original = pool.query.bind(pool) as (config: unknown) => Promise<unknown>;
    const spy = jest.spyOn(pool, 'query').mockImplementation(((config: { text?: string; values?: unknown[] }) => {
      if (typeof config === 'object' && config.text?.includes('FROM case_desks cd')) captured.push({ sql: config.text, params: config.values ?? [] });
      return original(config);
    }) as never);
    try {
      await staffGet(t, legalWorker, `/cases?${query}&limit=25`).expect(200);
    } finally {
      spy.mockRestore();
    }
    expect(captured).toHaveLength(1);
    const { sql, params } = captured[0]!;
    let genericChosen = false;
    const generic = await withOwnerClient(async (owner) => {
      await owner.query(`PREPARE inbox_shape AS ${sql}`);
      // EXECUTE takes no bind parameters: the same values as literals.
      const args = executeArguments(owner, params);
      // Left to itself, PostgreSQL plans the first five executions for their values, then keeps
      // the generic plan if it is no dearer: it must, or it plans every page anew.
      for (let i = 0; i < 7; i += 1) await owner.query(`EXECUTE inbox_shape(${args})`);
      const { rows: counts } = await owner.query(`SELECT generic_plans::int AS n FROM pg_prepared_statements WHERE name = 'inbox_shape'`);
      genericChosen = counts[0].n > 0;
      await owner.query('SET plan_cache_mode = force_generic_plan');
      const { rows } = await owner.query(`EXPLAIN (FORMAT JSON) EXECUTE inbox_shape(${args})`);
      return rows[0]['QUERY PLAN'] as { Plan: { 'Node Type': string; 'Index Name'?: string; Plans?: unknown[] } }[];
    });
    const [{ 'QUERY PLAN': custom }] = await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
    type Node = { 'Node Type': string; 'Index Name'?: string; Plans?: unknown[] };
    const walk = (node: Node, into: string[]): string[] => {
      into.push(`${node['Node Type']}${node['Index Name'] ? ` on ${node['Index Name']}` : ''}`);
      for (const child of (node.Plans ?? []) as Node[]) walk(child, into);
      return into;
    };
    const genericNodes = walk(generic[0]!.Plan, []);
    const customNodes = walk(custom[0].Plan as Node, []);
    const nodes = [...genericNodes, ...customNodes];
    const scans = (list: string[]) => list.filter((n) => n.includes('Scan'));
    return { nodes, scans: scans(nodes), genericScans: scans(genericNodes), customScans: scans(customNodes), genericChosen };
  }
});
