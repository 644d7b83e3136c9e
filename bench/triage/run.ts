/**
 * Triage inbox benchmark: `npx tsx bench/triage/run.ts [cases, default 1000000]`.
 * Prints figures, asserts nothing (needs `npm run build`: it measures the built api).
 *
 * Seeds a fresh database with 1 000 000 cases spread like real data (two years of intake: types
 * routed to their desks, every case shared with the intake desk as intake does, 5% referred to a
 * third desk; statuses by age, urgencies, due times from the urgency, assignees), together with
 * the case_desks rows the inbox reads, written by the trigger's own statement. Then VACUUM
 * ANALYZE (the state autovacuum reaches), and GET /api/v1/cases?deskId=…&limit=50 through the
 * real api (production mode, api and worker as two processes as deploy/ runs them) with a
 * caseworker session made by the api's own SessionStore:
 * first pages, deep keyset pages, filters, the creation order, the assignee list, and a walk
 * down the `next` cursors, one request at a time on a keep-alive connection. Prints
 * p50/p95/p99 per kind and overall (target p95 ≤ 10 ms), then EXPLAIN (ANALYZE, BUFFERS) of the
 * SQL the api runs for each kind (made by the built CaseReadService and CaseRepository), prepared
 * and executed six times first as the api's statements are (so the plan shown is the one
 * PostgreSQL keeps, generic or not), with whether it is index scans only (no Seq Scan, no Sort).
 *
 * Side by side in the same run, asked in turn with the api: the bare floor (bare-server.ts), a
 * node:http server that reads the session from Redis and runs the same SQL per page with nothing
 * else — what this machine's processes, loopback and PostgreSQL cost an inbox page at that moment.
 *
 * BENCH_TRIAGE_BASELINE=/path/to/another/build/dist/apps/api/main.js also starts that build's api
 * on the same database and asks both in turn, printing both tables: a change measured side by side
 * with the code before it, on a machine whose speed drifts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the SQL literals the plan test uses too
import { executeArguments } from '../../test/support/sql';
import { type Client } from 'pg';
import { type StaffPrincipal } from '@ashar/domain';
import {
  type Api,
  ROOT,
  apiLogErrors,
  builtApi,
  conditions,
  cpuMsOf,
  createStaff,
  machineCpu,
  stealSince,
  deskIds,
  ms,
  ownerClient,
  postgresCpu,
  postgresCpuSince,
  quantile,
  staffSession,
  startApi,
  startChild,
  startWorker,
  table,
  runBench,
} from '../support';

const CASES = Math.max(10_000, Number(process.argv[2] ?? 1_000_000));
const PAGE = 50;
const ROUNDS = 50; // requests per kind, round-robin
const WALKS = 10; // walks down `next`, PAGES_PER_WALK pages each
const PAGES_PER_WALK = 20;
export const TYPE_SLUGS = ['legal', 'relocation', 'medical', 'psychological'] as const;
export const STAFF_PER_DESK = 10;
const TIME_LIMIT_MS = 150_000; // measurement loops stop here whatever the counts
const KIND_BUDGET_MS = 8_000; // a kind slower than this in all stops being asked (its n shows it)

/** The api path of an inbox page for `query`. */
const inboxRoute = (query: Record<string, string>) => `/api/v1/cases?${new URLSearchParams({ ...query, limit: String(PAGE) }).toString()}`;

/** What one api build answered: latencies per kind, the reference route's, and its CPU. */
interface Target {
  label: string;
  api: Pick<Api, 'url' | 'pid'>;
  /** The bare floor (bare-server.ts): asked the fixed kinds and the reference route, not the walk. */
  bare: boolean;
  agent: Agent;
  latencies: Map<string, number[]>;
  floor: number[];
  items: Map<string, number>;
  failures: string[];
  cpuBefore: number;
  cpuMs: number;
}

function emptyFigures(kinds: Kind[]): Pick<Target, 'latencies' | 'floor' | 'items' | 'failures' | 'cpuBefore' | 'cpuMs'> {
  return { latencies: new Map(kinds.map((k) => [k.name, []])), floor: [], items: new Map(), failures: [], cpuBefore: 0, cpuMs: 0 };
}

interface Kind {
  name: string;
  query: Record<string, string>;
}

/** Cases: types 35/25/20/20%, uniform over two years, status by age, urgency 5/20/60/15%. */
const SEED_CASES = `
INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, assignee_id,
                       created_at, updated_at, first_response_due_at, first_responded_at, outcome, closed_at, purge_after)
SELECT gen_random_uuid(), ($1::text[])[t.ti], (ARRAY['KZ','BY','RU','UA','GE','AM','TR','AZ','KG','TJ'])[1 + floor(r.r_cty * 10)::int],
       (ARRAY['ru','en','uk','kk','ky'])[1 + floor(r.r_lang * 5)::int], u.urgency, s.status, ($2::uuid[])[t.ti],
       CASE WHEN r.r_ref < 0.05 THEN ARRAY[$3::uuid, ($2::uuid[])[1 + t.ti % 4]] ELSE ARRAY[$3::uuid] END,
       CASE WHEN s.status = 'new' OR r.r_asg < 0.1 THEN NULL ELSE ($4::uuid[])[(t.ti - 1) * ${STAFF_PER_DESK} + 1 + floor(r.r_pick * ${STAFF_PER_DESK})::int] END,
       r.created, r.created, r.created + u.due_after,
       CASE WHEN s.status = 'new' THEN NULL ELSE r.created + u.due_after * r.r_resp END,
       CASE WHEN s.status IN ('closed', 'purged') THEN (CASE WHEN r.r_out < 0.8 THEN 'resolved' ELSE 'declined' END) END,
       CASE WHEN s.status IN ('closed', 'purged') THEN r.created + interval '20 days' * r.r_resp END,
       CASE WHEN s.status IN ('closed', 'purged') THEN r.created + interval '20 days' * r.r_resp + interval '90 days' END
  FROM (SELECT g, random() AS r_type, random() AS r_cty, random() AS r_lang, random() AS r_urg, random() AS r_st, random() AS r_ref,
               random() AS r_asg, random() AS r_pick, random() AS r_resp, random() AS r_out, now() - interval '730 days' * random() AS created
          FROM generate_series(1, $5::int) AS g) AS r
 CROSS JOIN LATERAL (SELECT CASE WHEN r.r_type < 0.35 THEN 1 WHEN r.r_type < 0.6 THEN 2 WHEN r.r_type < 0.8 THEN 3 ELSE 4 END AS ti) AS t
 CROSS JOIN LATERAL (SELECT CASE WHEN r.r_urg < 0.05 THEN 'critical' WHEN r.r_urg < 0.25 THEN 'high' WHEN r.r_urg < 0.85 THEN 'normal' ELSE 'low' END AS urgency) AS u0
 CROSS JOIN LATERAL (SELECT u0.urgency, CASE u0.urgency WHEN 'critical' THEN interval '4 hours' WHEN 'high' THEN interval '24 hours'
                                                       WHEN 'normal' THEN interval '72 hours' ELSE interval '7 days' END AS due_after) AS u
 CROSS JOIN LATERAL (SELECT extract(epoch FROM now() - r.created) / 86400 AS age) AS a
 CROSS JOIN LATERAL (SELECT CASE
     WHEN a.age < 2 THEN CASE WHEN r.r_st < 0.7 THEN 'new' ELSE 'triaged' END
     WHEN a.age < 14 THEN CASE WHEN r.r_st < 0.05 THEN 'new' WHEN r.r_st < 0.25 THEN 'triaged' WHEN r.r_st < 0.7 THEN 'in_progress'
                               WHEN r.r_st < 0.9 THEN 'awaiting_requester' WHEN r.r_st < 0.95 THEN 'resolved' ELSE 'declined' END
     WHEN a.age < 60 THEN CASE WHEN r.r_st < 0.25 THEN 'in_progress' WHEN r.r_st < 0.35 THEN 'awaiting_requester' WHEN r.r_st < 0.5 THEN 'resolved'
                               WHEN r.r_st < 0.55 THEN 'declined' ELSE 'closed' END
     WHEN a.age < 120 THEN CASE WHEN r.r_st < 0.03 THEN 'in_progress' WHEN r.r_st < 0.05 THEN 'awaiting_requester' ELSE 'closed' END
     ELSE CASE WHEN r.r_st < 0.2 THEN 'closed' ELSE 'purged' END END AS status) AS s`;

/** The trigger's own statement (aid_cases_sync_desks), for every case at once. */
const SEED_CASE_DESKS = `
INSERT INTO case_desks (desk_id, case_id, is_owner, status, urgency, request_type, first_response_due_at, created_at, assignee_id)
SELECT d, c.id, d = c.owner_desk_id, c.status, c.urgency, c.request_type, c.first_response_due_at, c.created_at, c.assignee_id
  FROM aid_cases c, unnest(array_prepend(c.owner_desk_id, c.collaborator_desk_ids)) AS d`;

async function timed<T>(label: string, timings: [string, number][], fn: () => Promise<T>): Promise<T> {
  const began = performance.now();
  const result = await fn();
  timings.push([label, (performance.now() - began) / 1000]);
  return result;
}

/**
 * Seeds the cases with triggers and foreign-key checks off (session_replication_role = replica)
 * and the secondary indexes of aid_cases and case_desks dropped, then writes case_desks with the
 * trigger's statement and rebuilds the indexes from their own definitions.
 */
export async function seed(db: Client, desks: Record<string, string>, staffIds: string[], cases = CASES): Promise<[string, number][]> {
  const timings: [string, number][] = [];
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename IN ('aid_cases', 'case_desks')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
  );
  await db.query(`SET session_replication_role = replica`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(`SELECT setseed(0.42)`);
  for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
  await timed(`insert ${cases.toLocaleString('en')} aid_cases`, timings, () =>
    db.query(SEED_CASES, [TYPE_SLUGS, TYPE_SLUGS.map((s) => desks[s]), desks['intake'], staffIds, cases]),
  );
  const inserted = await timed('insert case_desks (the trigger’s statement)', timings, () => db.query(SEED_CASE_DESKS));
  timings.push([`  (${inserted.rowCount?.toLocaleString('en')} case_desks rows)`, Number.NaN]);
  await timed(`rebuild ${indexes.length} secondary indexes`, timings, async () => {
    for (const index of indexes) await db.query(index.def);
  });
  await db.query(`RESET session_replication_role`);
  await timed('VACUUM ANALYZE aid_cases, case_desks', timings, () => db.query(`VACUUM (ANALYZE) aid_cases, case_desks`));
  return timings;
}

/** The row at `offset` of a desk's inbox in `sort` order, as the api's cursor. */
async function cursorAt(db: Client, deskId: string, sort: 'due' | 'created', offset: number): Promise<string> {
  const key = sort === 'due' ? 'first_response_due_at' : 'created_at';
  const order = sort === 'due' ? `${key}, case_id` : `${key} DESC, case_id DESC`;
  const { rows } = await db.query<{ id: string; time: string }>(
    `SELECT case_id AS id, to_char(${key} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS time FROM case_desks WHERE desk_id = $1 ORDER BY ${order} OFFSET $2 LIMIT 1`,
    [deskId, offset],
  );
  const { encodeCursor } = builtApi<{ encodeCursor(scope: string, position: { time: string; id: string }): string }>('http/cursor.js');
  return encodeCursor(`inbox.${sort}`, rows[0]!);
}

/** The InboxQuery the controller makes of a query string (apps/api/src/cases/cases.controller.ts). */
function serviceQuery(query: Record<string, string>): Record<string, unknown> {
  const list = (value: string | undefined) => (value === undefined ? undefined : [...new Set(value.split(','))]);
  return Object.fromEntries(
    Object.entries({
      sort: query['sort'] ?? 'due',
      limit: Number(query['limit'] ?? 25),
      deskId: query['deskId'],
      assignee: query['assignee'],
      statuses: list(query['status']),
      urgencies: list(query['urgency']),
      types: list(query['type']),
      dueBefore: query['dueBefore'] === undefined ? undefined : new Date(query['dueBefore']),
      after: query['after'],
    }).filter(([, v]) => v !== undefined),
  );
}

/** The SQL and parameters the built api runs for an inbox query: its CaseReadService over its CaseRepository, on a recording DataSource. */
export async function inboxSql(caller: StaffPrincipal, query: Record<string, string>): Promise<{ sql: string; params: unknown[] }> {
  const { CaseRepository } = builtApi<{ CaseRepository: new (dataSource: unknown) => unknown }>('cases/case.repository.js');
  const { CaseReadService } = builtApi<{
    CaseReadService: new (...deps: unknown[]) => { inbox(caller: StaffPrincipal, query: Record<string, unknown>): Promise<unknown> };
  }>('cases/case-read.service.js');
  let captured: { sql: string; params: unknown[] } | undefined;
  // The repository runs the inbox as a prepared statement on TypeORM's pool (driver.master).
  const pool = {
    query: async (config: { text: string; values: unknown[] }) => {
      captured = { sql: config.text, params: config.values };
      return { rows: [] };
    },
  };
  const recorder = {
    driver: { master: pool },
    query: async (sql: string, params: unknown[]) => {
      captured = { sql, params };
      return [];
    },
  };
  await new CaseReadService(undefined, undefined, new CaseRepository(recorder), undefined, undefined).inbox(caller, serviceQuery(query));
  if (!captured) throw new Error('the inbox ran no query');
  return captured;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

interface Explained {
  text: string[];
  nodes: string[];
  /** Rows the scans produced or threw away (per loop × loops): the work behind one page. */
  rowsVisited: number;
  buffers: number;
  executionMs: number;
}

export async function explain(db: Client, sql: string, params: unknown[]): Promise<Explained> {
  // As the api's role, prepared as the api prepares it, with the api's parameters: after five
  // executions PostgreSQL keeps the plan it will use for every later page (generic or not).
  await db.query('SET ROLE ashar_app');
  const execute = `EXECUTE bench_inbox(${executeArguments(db, params)})`;
  await db.query(`PREPARE bench_inbox AS ${sql}`);
  try {
    for (let i = 0; i < 6; i += 1) await db.query(execute);
    const text = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${execute}`)).rows.map((r) => r['QUERY PLAN']);
    const [json] = (await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${execute}`)).rows[0]!['QUERY PLAN'];
    const { rows: counts } = await db.query<{ generic: number; custom: number }>(
      `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = 'bench_inbox'`,
    );
    text.unshift(`(prepared; PostgreSQL used ${counts[0]!.generic} generic and ${counts[0]!.custom} custom plans in ${counts[0]!.generic + counts[0]!.custom} executions)`);
    const nodes: string[] = [];
    let rowsVisited = 0;
    const walk = (node: PlanNode) => {
      nodes.push(`${node['Node Type']}${node['Index Name'] ? ` on ${node['Index Name']}` : node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}`);
      if (/Scan/.test(node['Node Type'])) {
        rowsVisited += ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
      }
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(json.Plan);
    return { text, nodes, rowsVisited, buffers: (json.Plan['Shared Hit Blocks'] ?? 0) + (json.Plan['Shared Read Blocks'] ?? 0), executionMs: json['Execution Time'] };
  } finally {
    await db.query('DEALLOCATE bench_inbox');
    await db.query('RESET ROLE');
  }
}

if (require.main === module) {
  runBench('triage', `triage inbox benchmark: ${CASES.toLocaleString('en')} cases, pages of ${PAGE}`, async (env, stops) => {
    // As deploy/ runs it: the api (ASHAR_ROLE=api) and the worker (outbox relay, job processors)
    // as two processes, so the api's answers do not share an event loop with job polling.
    const api = await startApi(env, 'triage', { ASHAR_ROLE: 'api' });
    stops.push(api.stop);
    const baselineMain = process.env['BENCH_TRIAGE_BASELINE'];
    const baseline = baselineMain ? { main: baselineMain, api: await startApi(env, 'triage-baseline', { ASHAR_ROLE: 'api' }, baselineMain) } : null;
    if (baseline) stops.push(baseline.api.stop);
    const jobs = await startWorker(env, 'triage', api.url);
    stops.push(jobs.stop);
    const db = await ownerClient(env);
    stops.push(() => db.end());
    const desks = await deskIds(db);

    // The caseworker whose inbox is read: a member of the intake and legal desks; also one of legal's assignees.
    const worker = await createStaff(db, { roles: ['caseworker'], deskIds: [desks['intake']!, desks['legal']!], name: 'Bench caseworker' });
    const staffIds: string[] = [];
    for (const slug of TYPE_SLUGS) {
      for (let i = 0; i < STAFF_PER_DESK; i += 1) {
        staffIds.push(slug === 'legal' && i === 0 ? worker.id : (await createStaff(db, { roles: ['caseworker'], deskIds: [desks[slug]!] })).id);
      }
    }
    const began = performance.now();
    const timings = await seed(db, desks, staffIds);
    const seedSeconds = (performance.now() - began) / 1000;
    console.log('');
    console.log(`seeding (${seedSeconds.toFixed(1)} s in all)`);
    table(
      ['step', 'seconds'],
      timings.map(([label, s]) => [label, Number.isNaN(s) ? '' : s.toFixed(1)]),
    );
    const { rows: spread } = await db.query<{ slug: string; n: number; open: number }>(
      `SELECT d.slug, count(*)::int AS n, count(*) FILTER (WHERE cd.status IN ('new','triaged','in_progress','awaiting_requester'))::int AS open
         FROM case_desks cd JOIN desks d ON d.id = cd.desk_id GROUP BY d.slug ORDER BY n DESC`,
    );
    console.log(`  case_desks per desk: ${spread.map((r) => `${r.slug} ${r.n.toLocaleString('en')} (${r.open.toLocaleString('en')} open)`).join(', ')}`);
    const { rows: mine } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM aid_cases WHERE assignee_id = $1`, [worker.id]);
    console.log(`  cases assigned to the caseworker: ${mine[0]!.n.toLocaleString('en')}`);

    const session = await staffSession(env, worker.id);
    const caller: StaffPrincipal = { kind: 'staff', userId: worker.id, roles: ['caseworker'], deskIds: [desks['intake']!, desks['legal']!], leadDeskIds: [] };
    const legal = desks['legal']!;
    const intake = desks['intake']!;
    const open = 'new,triaged,in_progress,awaiting_requester';
    const legalRows = spread.find((r) => r.slug === 'legal')!.n;
    const intakeRows = spread.find((r) => r.slug === 'intake')!.n;
    const now = new Date();
    const kinds: Kind[] = [
      { name: 'legal: first page (due)', query: { deskId: legal } },
      { name: 'legal: deep page (due, middle)', query: { deskId: legal, after: await cursorAt(db, legal, 'due', Math.floor(legalRows / 2)) } },
      { name: 'intake: first page (due)', query: { deskId: intake } },
      { name: 'intake: deep page (due, 90%)', query: { deskId: intake, after: await cursorAt(db, intake, 'due', Math.floor(intakeRows * 0.9)) } },
      { name: 'intake: created, first page', query: { deskId: intake, sort: 'created' } },
      { name: 'intake: created, deep page (50%)', query: { deskId: intake, sort: 'created', after: await cursorAt(db, intake, 'created', Math.floor(intakeRows / 2)) } },
      { name: 'legal: status=new', query: { deskId: legal, status: 'new' } },
      { name: 'legal: open statuses (4)', query: { deskId: legal, status: open } },
      { name: 'legal: status=new,triaged', query: { deskId: legal, status: 'new,triaged' } },
      { name: 'intake: urgency=critical', query: { deskId: intake, urgency: 'critical' } },
      { name: 'intake: type=relocation', query: { deskId: intake, type: 'relocation' } },
      { name: 'legal: overdue (dueBefore=now)', query: { deskId: legal, dueBefore: now.toISOString() } },
      { name: 'legal: in_progress, unassigned', query: { deskId: legal, status: 'in_progress', assignee: 'none' } },
      { name: 'legal: in_progress+normal, created', query: { deskId: legal, status: 'in_progress', urgency: 'normal', sort: 'created' } },
      { name: 'assignee=me (across desks)', query: { assignee: 'me' } },
    ];

    // Each target: this build, with BENCH_TRIAGE_BASELINE another build's api, and the bare floor,
    // on the same database and sessions, asked in turn (alternating the order) so that all meet
    // the same machine: this one's speed drifts by tens of percent within minutes.
    const connection = () => new Agent({ keepAlive: true, maxSockets: 1 });
    const targets: Target[] = [{ label: 'this build', api, bare: false, agent: connection(), ...emptyFigures(kinds) }];
    if (baseline) targets.push({ label: `baseline (${baseline.main})`, api: baseline.api, bare: false, agent: connection(), ...emptyFigures(kinds) });
    // The floor: the same session read and the same SQL per page with nothing else (bare-server.ts).
    const barePages: Record<string, { name: string; sql: string; params: unknown[] }> = {};
    for (const kind of kinds) {
      const { sql, params } = await inboxSql(caller, { ...kind.query, limit: String(PAGE) });
      barePages[inboxRoute(kind.query)] = { name: `inbox-${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`, sql, params };
    }
    const bareQueries = join(ROOT, 'tmp/bench/triage/bare-pages.json');
    mkdirSync(join(bareQueries, '..'), { recursive: true });
    writeFileSync(bareQueries, JSON.stringify(barePages));
    const bare = await startChild(join(__dirname, 'bare-server.ts'), { DATABASE_URL: env.databaseUrl, REDIS_URL: env.redisUrl, REDIS_PREFIX: env.redisPrefix, BARE_QUERIES: bareQueries });
    stops.push(bare.stop);
    targets.push({ label: 'bare floor (node:http + Redis GETEX + the same SQL, nothing else)', api: bare, bare: true, agent: connection(), ...emptyFigures(kinds) });
    const get = (target: Target, query: Record<string, string>, route = inboxRoute(query)) =>
      new Promise<{ status: number; items: number; next: string | null; ms: number }>((resolve, reject) => {
        const path = route;
        const url = new URL(path, target.api.url);
        const t0 = performance.now();
        const req = request({ agent: target.agent, host: url.hostname, port: url.port, path, headers: { cookie: session.cookie } }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => {
            const elapsed = performance.now() - t0;
            const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { items?: unknown[]; next?: string | null };
            resolve({ status: res.statusCode ?? 0, items: body.items?.length ?? 0, next: body.next ?? null, ms: elapsed });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    const inTurn = (round: number) => (round % 2 === 0 ? targets : [...targets].reverse());

    const deadline = performance.now() + TIME_LIMIT_MS;
    for (const target of targets) {
      for (const kind of kinds) {
        for (let i = 0; i < 5; i += 1) {
          const res = await get(target, kind.query);
          if (res.status !== 200) target.failures.push(`${kind.name}: ${res.status}`);
          target.items.set(kind.name, res.items);
        }
      }
    }
    const measureBegan = performance.now();
    for (const target of targets) target.cpuBefore = cpuMsOf(target.api.pid);
    const pgCpuBefore = postgresCpu();
    const machineBefore = machineCpu();
    // The floor: a signed-in GET that reads the session and the staff member but no case.
    const floorName = 'reference: GET /api/v1/auth/session';
    const spent = new Map<string, number>();
    for (let round = 0; round < ROUNDS && performance.now() < deadline; round += 1) {
      for (const target of inTurn(round)) {
        const reference = await get(target, {}, '/api/v1/auth/session');
        if (reference.status !== 200) target.failures.push(`${floorName}: ${reference.status}`);
        target.floor.push(reference.ms);
      }
      for (const kind of kinds) {
        if ((spent.get(kind.name) ?? 0) > KIND_BUDGET_MS) continue;
        for (const target of inTurn(round)) {
          const res = await get(target, kind.query);
          if (target === targets[0]) spent.set(kind.name, (spent.get(kind.name) ?? 0) + res.ms);
          if (res.status !== 200) target.failures.push(`${kind.name}: ${res.status}`);
          target.latencies.get(kind.name)!.push(res.ms);
        }
      }
    }
    const walkName = `legal: open, next pages 2–${PAGES_PER_WALK + 1}`;
    for (const target of targets) if (!target.bare) target.latencies.set(walkName, []);
    for (let w = 0; w < WALKS && performance.now() < deadline; w += 1) {
      for (const target of inTurn(w)) {
        if (target.bare) continue;
        let next = (await get(target, { deskId: legal, status: open })).next;
        for (let p = 0; p < PAGES_PER_WALK && next; p += 1) {
          const res = await get(target, { deskId: legal, status: open, after: next });
          target.latencies.get(walkName)!.push(res.ms);
          if (res.status !== 200) target.failures.push(`${walkName}: ${res.status}`);
          next = res.next;
        }
      }
    }
    const measureSeconds = (performance.now() - measureBegan) / 1000;
    for (const target of targets) target.cpuMs = cpuMsOf(target.api.pid) - target.cpuBefore;
    const pgCpuMs = postgresCpuSince(pgCpuBefore);
    const steal = stealSince(machineBefore);
    for (const target of targets) target.agent.destroy();

    let requestsInAll = 0;
    for (const target of targets) {
      const all = [...target.latencies.values()].flat();
      const floor = target.floor;
      const requests = all.length + floor.length;
      requestsInAll += requests;
      console.log('');
      console.log(
        `GET /api/v1/cases, limit=${PAGE}, one request at a time on one keep-alive connection — ${target.label} (${all.length} requests${targets.length > 1 ? `, in turn with the other servers', ${measureSeconds.toFixed(1)} s for all` : ` in ${measureSeconds.toFixed(1)} s`})`,
      );
      table(
        ['kind', 'n', 'items', 'p50', 'p95', 'p99', 'max'],
        [
          ...[...target.latencies.entries()].map(([name, values]) => [
            name,
            String(values.length),
            String(target.items.get(name) ?? PAGE),
            ms(quantile(values, 0.5)),
            ms(quantile(values, 0.95)),
            ms(quantile(values, 0.99)),
            ms(quantile(values, 1)),
          ]),
          ['all inbox pages', String(all.length), '', ms(quantile(all, 0.5)), ms(quantile(all, 0.95)), ms(quantile(all, 0.99)), ms(quantile(all, 1))],
          [floorName, String(floor.length), '', ms(quantile(floor, 0.5)), ms(quantile(floor, 0.95)), ms(quantile(floor, 0.99)), ms(quantile(floor, 1))],
        ],
      );
      const over = [...target.latencies.entries()].filter(([, values]) => quantile(values, 0.95) > 10).map(([name, values]) => `${name} (${ms(quantile(values, 0.95))})`);
      console.log(`  kinds over the target (p95 > 10 ms): ${over.length ? over.join('; ') : 'none'}`);
      const cut = kinds.filter((k) => (spent.get(k.name) ?? 0) > KIND_BUDGET_MS).map((k) => k.name);
      if (cut.length) console.log(`  stopped early (over ${KIND_BUDGET_MS / 1000} s in all, so under-weighted in "all"): ${cut.join('; ')}`);
      console.log(`  ${target.bare ? 'server' : 'api'} CPU per request (inbox pages and the reference route together, ${requests} requests): ${ms(target.cpuMs / requests)}`);
      console.log(`  target: p95 ≤ 10 ms overall; ${target.failures.length} non-200 answers${target.failures.length ? `: ${[...new Set(target.failures)].slice(0, 5).join('; ')}` : ''}`);
    }
    console.log(`  PostgreSQL CPU per request (all its processes, every request of the run): ${ms(pgCpuMs / requestsInAll)}`);
    console.log(`  CPU time the hypervisor took from this machine while measuring (steal): ${steal}`);
    // Side by side on the pages every target was asked (the fixed kinds; the walk is the api's only).
    const fixed = (t: Target, q: number) => ms(quantile(kinds.flatMap((k) => t.latencies.get(k.name) ?? []), q));
    console.log(`  side by side, the ${kinds.length} fixed kinds (p50 / p95 / p99):`);
    for (const target of targets) console.log(`    ${target.label}: ${fixed(target, 0.5)} / ${fixed(target, 0.95)} / ${fixed(target, 0.99)}`);

    console.log('');
    console.log('EXPLAIN (ANALYZE, BUFFERS) of the SQL the api runs for each kind (as ashar_app, the api’s parameters)');
    const verdicts: string[][] = [];
    for (const kind of kinds) {
      const { sql, params } = await inboxSql(caller, { ...kind.query, limit: String(PAGE) });
      const plan = await explain(db, sql, params);
      const bad = plan.nodes.filter((n) => /Seq Scan|Sort|Bitmap|Gather/.test(n));
      verdicts.push([
        kind.name,
        bad.length > 0 ? `no: ${bad.join(', ')}` : plan.rowsVisited > 10 * (PAGE + 1) ? `no: filtered, ${Math.round(plan.rowsVisited / (PAGE + 1))}× a page` : 'yes',
        plan.rowsVisited.toLocaleString('en'),
        plan.buffers.toLocaleString('en'),
        ms(plan.executionMs),
        plan.nodes.filter((n) => /Scan/.test(n)).join(', '),
      ]);
      console.log(`\n-- ${kind.name}`);
      if (kind === kinds[0]) console.log(`${sql.replace(/\s+/g, ' ')}\n   params: ${JSON.stringify(params)}`);
      for (const line of plan.text) console.log(`   ${line}`);
    }
    console.log('');
    console.log(
      `the plans in short: index scans only (no Seq Scan, Sort, Bitmap scan or parallel Gather) and bounded (the scans visit at most 10 × the ${PAGE + 1} rows of a page, kept or filtered out)?`,
    );
    table(['kind', 'index scans, bounded', 'rows visited', 'buffers', 'execution', 'scans'], verdicts);
    for (const [message, n] of apiLogErrors(api.logFile)) console.log(`  api log: ${n} × ${message}`);
    console.log(`  conditions at end: ${conditions()}`);
  });
}
