import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { encodePublicKey, generateRootKeys, ready } from '@ashar/crypto';
import { CallError, CallReviewError } from '@ashar/domain';
import request from 'supertest';
import { Clock } from '../src/calls';
import { startTestApp, type TestApp } from './app';
import { mediaCallBody } from './calls-support';
import { createPerson, type TestPerson } from './people';

/** A review comment as the browser seals it: opaque `a1.` ciphertext (the server never opens it). */
const sealedComment = () => `a1.${randomBytes(24).toString('base64url')}.${randomBytes(48).toString('base64url')}`;
const problem = (code: string) => `urn:ashar:problem:${code}`;

/**
 * The panel review of a call over HTTP (docs/calls.md "Review"), on the real api and PostgreSQL,
 * with the api's Clock set by the test. The media call closes on 14 December 2026, 24:00
 * Asia/Almaty (2026-12-14T19:00:00Z); applicants are told from 25 December in Almaty
 * (2026-12-24T19:00:00Z). Two places in total, one for Kazakhstan.
 */
describe('the panel review of a call', () => {
  let t: TestApp;
  let admin: TestPerson;
  let pm1: TestPerson;
  let pm2: TestPerson;
  let pm3: TestPerson;
  let revA: TestPerson;
  let revB: TestPerson;
  let revC: TestPerson;
  let outsider: TestPerson;
  let callId: string;
  let now: Date;
  /** Applications: two from Kazakhstan and one from Kyrgyzstan the panel scores, and one nobody scores. */
  const app = { kz1: randomUUID(), kz2: randomUUID(), kg: randomUUID(), kz3: randomUUID() };

  const at = (iso: string) => {
    now = new Date(iso);
  };
  const get = (who: TestPerson, path: string) => request(t.http).get(`/api/v1${path}`).set('cookie', who.cookie);
  const send = (method: 'post' | 'put' | 'delete', who: TestPerson, path: string, body?: unknown) => {
    const req = request(t.http)[method](`/api/v1${path}`).set('cookie', who.cookie).set('x-csrf-token', who.csrf);
    return body === undefined ? req : req.send(body as object);
  };
  const review = (who: TestPerson, applicationId: string, body: unknown) => send('put', who, `/programme/applications/${applicationId}/review`, body);
  const decide = (who: TestPerson, applicationId: string, body: unknown) => send('post', who, `/programme/applications/${applicationId}/decision`, body);
  const scores = (relevance: number, quality: number) => ({ relevance, quality });
  const rubric = {
    criteria: [
      { id: 'relevance', labels: { en: 'Relevance', ru: 'Актуальность' }, weight: 2 },
      { id: 'quality', labels: { en: 'Quality' }, weight: 1 },
    ],
  };

  async function insertApplication(id: string, country: string): Promise<void> {
    await t.dataSource.query(
      `INSERT INTO call_applications (id, call_id, applicant_kind, country, language, submit_digest, created_at, updated_at)
       VALUES ($1, $2, 'organisation', $3, 'ru', $4, now(), now())`,
      [id, callId, country, createHash('sha256').update(id).digest()],
    );
  }

  beforeAll(async () => {
    await ready();
    const root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk) });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root } });
    pm1 = await createPerson(t, { roles: ['programme_manager'], certifyWith: { admin } });
    pm2 = await createPerson(t, { roles: ['programme_manager'], certifyWith: { admin } });
    pm3 = await createPerson(t, { roles: ['programme_manager'], certifyWith: { admin } });
    revA = await createPerson(t, { roles: ['caseworker'], certifyWith: { admin } });
    revB = await createPerson(t, { roles: ['finance_officer'], certifyWith: { admin } });
    revC = await createPerson(t, { roles: ['caseworker'], certifyWith: { admin } });
    outsider = await createPerson(t, { roles: ['caseworker'], certifyWith: { admin } });
    at('2026-11-01T00:00:00Z');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    const { body: call } = await send('post', pm1, '/programme/calls', mediaCallBody({ quotas: { total: 2, perCountry: { KZ: 1 } } })).expect(201);
    callId = call.id;
    await send('post', pm1, `/programme/calls/${callId}/transitions`, { transition: 'publish' }).expect(200);
    at('2026-12-01T10:00:00Z');
    await insertApplication(app.kz1, 'KZ');
    await insertApplication(app.kz2, 'KZ');
    await insertApplication(app.kg, 'KG');
    await insertApplication(app.kz3, 'KZ');
  });
  afterAll(() => t.close());

  it('keeps a rubric per call, written by programme managers and read by its panel only', async () => {
    const bad = await send('put', pm1, `/programme/calls/${callId}/rubric`, { criteria: [rubric.criteria[0], rubric.criteria[0]] }).expect(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    await send('put', pm1, `/programme/calls/${callId}/rubric`, { criteria: [{ id: 'relevance', labels: { en: 'Relevance' }, weight: 101 }] }).expect(422);
    const put = await send('put', pm1, `/programme/calls/${callId}/rubric`, rubric).expect(200);
    expect(put.body).toEqual({ callId, rubric, locked: false });
    expect((await get(pm2, `/programme/calls/${callId}/rubric`).expect(200)).body.rubric).toEqual(rubric);
    // Nobody on the panel yet: a caseworker has no reach (404), an admin none at all (403), an unknown call is not found.
    await get(revA, `/programme/calls/${callId}/rubric`).expect(404);
    await get(admin, `/programme/calls/${callId}/rubric`).expect(403);
    await send('put', revA, `/programme/calls/${callId}/rubric`, rubric).expect(403);
    await get(pm1, `/programme/calls/${randomUUID()}/rubric`).expect(404);
  });

  it('puts staff on the panel for the whole call or a list, never an admin, never an external reviewer yet', async () => {
    await send('post', pm1, `/programme/calls/${callId}/reviewers`, { reviewerId: revA.id, kind: 'staff', applicationIds: null }).expect(201);
    await send('post', pm1, `/programme/calls/${callId}/reviewers`, { reviewerId: revB.id, kind: 'staff', applicationIds: null }).expect(201);
    const listed = await send('post', pm1, `/programme/calls/${callId}/reviewers`, { reviewerId: revC.id, kind: 'staff', applicationIds: [app.kz1, app.kg] }).expect(201);
    expect(listed.body).toMatchObject({ callId, reviewerId: revC.id, kind: 'staff', applicationIds: [app.kz1, app.kg].sort() });
    const refusals = [
      { reviewerId: admin.id, kind: 'staff', applicationIds: null },
      { reviewerId: outsider.id, kind: 'external', applicationIds: [app.kz1] },
      { reviewerId: outsider.id, kind: 'staff', applicationIds: [randomUUID()] },
      { reviewerId: outsider.id, kind: 'external', applicationIds: null },
    ];
    for (const body of refusals) await send('post', pm1, `/programme/calls/${callId}/reviewers`, body).expect(422);
    await send('post', revA, `/programme/calls/${callId}/reviewers`, { reviewerId: outsider.id, kind: 'staff', applicationIds: null }).expect(403);
    const panel = (await get(pm2, `/programme/calls/${callId}/reviewers`).expect(200)).body.items as { reviewerId: string; applicationIds: string[] | null }[];
    expect(Object.fromEntries(panel.map((p) => [p.reviewerId, p.applicationIds?.length ?? 'all']))).toEqual({ [revA.id]: 'all', [revB.id]: 'all', [revC.id]: 2 });
    // Each reviewer's list, filtered in SQL: whole call, or the listed applications; the outsider has none.
    expect((await get(revA, '/programme/reviews').expect(200)).body.items).toHaveLength(4);
    expect(((await get(revC, '/programme/reviews').expect(200)).body.items as { applicationId: string }[]).map((i) => i.applicationId).sort()).toEqual([app.kz1, app.kg].sort());
    expect((await get(outsider, '/programme/reviews').expect(200)).body.items).toEqual([]);
    // Reach: revC sees the rubric of their call now; the outsider still gets 404 everywhere.
    await get(revC, `/programme/calls/${callId}/rubric`).expect(200);
    await get(revC, `/programme/applications/${app.kz2}/reviews`).expect(404);
    await get(outsider, `/programme/applications/${app.kz1}/reviews`).expect(404);
    await review(outsider, app.kz1, { scores: scores(5, 5), comment: null, submit: false }).expect(404);
    // Nobody reviews while the call still takes applications.
    const early = await review(revA, app.kz1, { scores: scores(5, 5), comment: null, submit: false }).expect(409);
    expect(early.body.type).toBe(problem(CallError.CallState));
  });

  it('excludes a reviewer who declares a conflict: no review, no reviews seen, no place on the list', async () => {
    at('2026-12-15T09:00:00Z'); // after the deadline: the call is closed, reviews are written
    const declared = await send('post', revC, '/programme/conflicts', { applicationId: app.kz1 }).expect(201);
    expect(declared.body.applicationId).toBe(app.kz1);
    await send('post', revC, '/programme/conflicts', { applicationId: app.kz1 }).expect(201); // twice: nothing new
    const refused = await review(revC, app.kz1, { scores: scores(5, 5), comment: null, submit: true }).expect(403);
    expect(refused.body.type).toBe(problem(CallReviewError.ConflictOfInterest));
    expect((await get(revC, `/programme/applications/${app.kz1}/reviews`).expect(403)).body.type).toBe(problem(CallReviewError.ConflictOfInterest));
    expect(((await get(revC, '/programme/reviews').expect(200)).body.items as { applicationId: string }[]).map((i) => i.applicationId)).toEqual([app.kg]);
    // Nobody is put back on it either.
    const reassign = await send('post', pm1, `/programme/calls/${callId}/reviewers`, { reviewerId: revC.id, kind: 'staff', applicationIds: [app.kz1] }).expect(403);
    expect(reassign.body.type).toBe(problem(CallReviewError.ConflictOfInterest));
    // Someone with no reach declares nothing: 404.
    await send('post', outsider, '/programme/conflicts', { applicationId: app.kz1 }).expect(404);
    const events = (await t.dataSource.query(`SELECT actor_id, data FROM audit_events WHERE action = 'review.conflict_declared' AND subject_id = $1`, [app.kz1])) as { actor_id: string; data: unknown }[];
    expect(events).toEqual([{ actor_id: revC.id, data: { callId } }]);
  });

  it('seals reviews: nobody sees a draft of another, a reviewer sees the others only once their own is submitted', async () => {
    const commentA = sealedComment();
    const draftA = await review(revA, app.kz1, { scores: scores(5, 4), comment: commentA, submit: false }).expect(200);
    expect(draftA.body).toMatchObject({ reviewerId: revA.id, status: 'draft', comment: commentA, score: { numerator: 14, denominator: 3, display: '4.67' }, submittedAt: null });
    // revB has written nothing: sealed, and revA's draft is not there.
    expect((await get(revB, `/programme/applications/${app.kz1}/reviews`).expect(200)).body).toEqual({ applicationId: app.kz1, reach: 'reviewer', sealed: true, reviews: [] });
    // Scores must fit the rubric; a comment must be ciphertext.
    expect((await review(revB, app.kz1, { scores: { relevance: 5 }, comment: null, submit: true }).expect(422)).body.type).toBe(problem(CallReviewError.RubricMismatch));
    await review(revB, app.kz1, { scores: scores(6, 1), comment: null, submit: true }).expect(422);
    await review(revB, app.kz1, { scores: scores(4, 4), comment: 'plain words', submit: true }).expect(422);
    // revA submits: revB still sees nothing until submitting their own.
    await review(revA, app.kz1, { scores: scores(5, 5), comment: commentA, submit: true }).expect(200);
    expect((await get(revB, `/programme/applications/${app.kz1}/reviews`).expect(200)).body.reviews).toEqual([]);
    // revB saves a draft: sees only it.
    await review(revB, app.kz1, { scores: scores(3, 3), comment: null, submit: false }).expect(200);
    const own = (await get(revB, `/programme/applications/${app.kz1}/reviews`).expect(200)).body;
    expect(own.sealed).toBe(true);
    expect(own.reviews.map((r: { reviewerId: string }) => r.reviewerId)).toEqual([revB.id]);
    // revA, submitted, sees the others' submitted reviews (none: revB's is a draft).
    const a = (await get(revA, `/programme/applications/${app.kz1}/reviews`).expect(200)).body;
    expect([a.sealed, a.reviews.map((r: { reviewerId: string }) => r.reviewerId)]).toEqual([false, [revA.id]]);
    // A manager off the panel sees the submitted ones only.
    expect((await get(pm2, `/programme/applications/${app.kz1}/reviews`).expect(200)).body.reviews.map((r: { reviewerId: string }) => r.reviewerId)).toEqual([revA.id]);
    // revB submits and sees both; a submitted review is final.
    await review(revB, app.kz1, { scores: scores(4, 4), comment: sealedComment(), submit: true }).expect(200);
    const both = (await get(revB, `/programme/applications/${app.kz1}/reviews`).expect(200)).body;
    expect([both.sealed, both.reviews.map((r: { reviewerId: string }) => r.reviewerId).sort()]).toEqual([false, [revA.id, revB.id].sort()]);
    expect((await review(revA, app.kz1, { scores: scores(1, 1), comment: null, submit: true }).expect(409)).body.type).toBe(problem(CallReviewError.ReviewState));
    // The comment is stored as the browser sent it (ciphertext); the audit names ids only.
    const [row] = (await t.dataSource.query(`SELECT comment FROM call_reviews WHERE application_id = $1 AND reviewer_id = $2`, [app.kz1, revA.id])) as { comment: string }[];
    expect(row!.comment).toBe(commentA);
    const audit = JSON.stringify(await t.dataSource.query(`SELECT data FROM audit_events WHERE action LIKE 'review.%'`));
    expect(audit).not.toContain(commentA);
    expect(audit).not.toContain('relevance');
  });

  it('fixes the rubric once the first review is submitted', async () => {
    const locked = await send('put', pm1, `/programme/calls/${callId}/rubric`, { criteria: [rubric.criteria[0]] }).expect(409);
    expect(locked.body.type).toBe(problem(CallReviewError.RubricLocked));
    expect((await get(pm1, `/programme/calls/${callId}/rubric`).expect(200)).body).toEqual({ callId, rubric, locked: true });
  });

  it('ranks by weighted score within the quotas: one place for Kazakhstan, two in all', async () => {
    // kz1: revA 5/5, revB 4/4 → 27/6 = 4.5. kz2: 4.33. kg: 3.67. kz3: no review.
    await review(revA, app.kz2, { scores: scores(5, 3), comment: null, submit: true }).expect(200);
    await review(revB, app.kz2, { scores: scores(4, 5), comment: null, submit: true }).expect(200);
    await review(revA, app.kg, { scores: scores(4, 3), comment: null, submit: true }).expect(200);
    await review(revC, app.kg, { scores: scores(3, 5), comment: null, submit: true }).expect(200);
    await review(revB, app.kz3, { scores: scores(5, 5), comment: null, submit: false }).expect(200); // a draft counts for nothing
    const ranking = (await get(pm2, `/programme/calls/${callId}/ranking`).expect(200)).body;
    expect(ranking.rows.map((r: { applicationId: string; rank: number | null; suggestion: string; skipped: string | null; score: { display: string } | null }) => [r.applicationId, r.rank, r.score?.display ?? null, r.suggestion, r.skipped])).toEqual([
      [app.kz1, 1, '4.50', 'accept', null],
      [app.kz2, 2, '4.33', 'waitlist', 'country_quota_full'],
      [app.kg, 3, '3.67', 'accept', null],
      [app.kz3, null, null, 'unscored', null],
    ]);
    await get(revA, `/programme/calls/${callId}/ranking`).expect(403);
  });

  it('takes every decision with two people: the proposer never confirms, the conflicted never take part, quotas hold', async () => {
    const proposed = await decide(pm1, app.kz1, { kind: 'propose', outcome: 'accept' }).expect(200);
    expect(proposed.body).toMatchObject({ status: 'proposed', outcome: 'accept', proposedBy: pm1.id, confirmedBy: null });
    expect(proposed.body.actions).not.toContain('confirm');
    expect((await decide(pm1, app.kz1, { kind: 'confirm' }).expect(403)).body.type).toBe(problem(CallReviewError.SecondPersonRequired));
    const decided = await decide(pm2, app.kz1, { kind: 'confirm' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', outcome: 'accept', proposedBy: pm1.id, confirmedBy: pm2.id });
    // pm2 declares a conflict on kg: they neither propose nor confirm there, and no longer see its reviews.
    await send('post', pm2, '/programme/conflicts', { applicationId: app.kg }).expect(201);
    expect((await decide(pm2, app.kg, { kind: 'propose', outcome: 'accept' }).expect(403)).body.type).toBe(problem(CallReviewError.ConflictOfInterest));
    await decide(pm1, app.kg, { kind: 'propose', outcome: 'accept' }).expect(200);
    expect((await decide(pm2, app.kg, { kind: 'confirm' }).expect(403)).body.type).toBe(problem(CallReviewError.ConflictOfInterest));
    await get(pm2, `/programme/applications/${app.kg}/reviews`).expect(403);
    // Nor do they open the application itself (pm1 does: these test rows have no record, hence 404 past the conflict check).
    expect((await get(pm2, `/programme/applications/${app.kg}`).expect(403)).body.type).toBe(problem(CallReviewError.ConflictOfInterest));
    await get(pm1, `/programme/applications/${app.kg}`).expect(404);
    await decide(pm3, app.kg, { kind: 'confirm' }).expect(200);
    // Kazakhstan's one place is taken: a second acceptance is refused, the proposal discarded, a waitlisting decided instead.
    await decide(pm1, app.kz2, { kind: 'propose', outcome: 'accept' }).expect(200);
    expect((await decide(pm3, app.kz2, { kind: 'confirm' }).expect(409)).body.type).toBe(problem(CallReviewError.QuotaFull));
    expect((await decide(pm3, app.kz2, { kind: 'discard' }).expect(200)).body.status).toBe('undecided');
    await decide(pm3, app.kz2, { kind: 'propose', outcome: 'waitlist' }).expect(200);
    await decide(pm1, app.kz2, { kind: 'confirm' }).expect(200);
    // One application still undecided: the call is not decided yet.
    await decide(pm1, app.kz3, { kind: 'propose', outcome: 'reject' }).expect(200);
    const early = await send('post', pm1, `/programme/calls/${callId}/transitions`, { transition: 'decide' }).expect(409);
    expect(early.body.type).toBe(problem(CallError.CallState));
    await decide(pm2, app.kz3, { kind: 'confirm' }).expect(200);
    await send('post', pm1, `/programme/calls/${callId}/transitions`, { transition: 'decide' }).expect(200);
    const decisions = (await get(pm3, `/programme/calls/${callId}/decisions`).expect(200)).body.items as { applicationId: string; status: string; outcome: string }[];
    expect(Object.fromEntries(decisions.map((d) => [d.applicationId, `${d.status}:${d.outcome}`]))).toEqual({
      [app.kz1]: 'decided:accept',
      [app.kz2]: 'decided:waitlist',
      [app.kg]: 'decided:accept',
      [app.kz3]: 'decided:reject',
    });
    // Reviewers take no decision.
    await decide(revA, app.kz1, { kind: 'release' }).expect(403);
  });

  it('releases decisions from the start of the notification date in the call’s zone, not a second before', async () => {
    at('2026-12-24T18:59:59Z'); // 23:59:59 on 24 December in Almaty
    const before = await decide(pm1, app.kz1, { kind: 'release' }).expect(409);
    expect(before.body.type).toBe(problem(CallReviewError.NotificationNotYet));
    expect((await get(pm1, `/programme/calls/${callId}/decisions`).expect(200)).body.items.find((d: { applicationId: string }) => d.applicationId === app.kz1).actions).not.toContain('release');
    at('2026-12-24T19:00:00Z'); // 00:00 on 25 December in Almaty
    const released = await decide(pm1, app.kz1, { kind: 'release' }).expect(200);
    expect(released.body).toMatchObject({ status: 'released', outcome: 'accept', releasedAt: '2026-12-24T19:00:00.000Z' });
    await decide(pm2, app.kz1, { kind: 'release' }).expect(409);
    const actions = (await t.dataSource.query(`SELECT action FROM audit_events WHERE subject_id = $1 AND action LIKE 'decision.%' ORDER BY seq`, [app.kz1])) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(['decision.proposed', 'decision.confirmed', 'decision.released']);
  });
});
