import { randomUUID } from 'node:crypto';
import {
  type RootKeys,
  type VerifiedDesk,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateIdentityKeys,
  generateRootKeys,
  sealCaseKey,
  kidOf,
  ready,
  verifyCertificateChain,
} from '@ashar/crypto';
import request from 'supertest';
import { IntakeRepository } from '../src/cases/intake.repository';
import { startTestApp, withOwnerClient, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, prepareIntake, staffPost, writtenCounts, type TestDesk } from './cases-support';
import { createPerson, type TestPerson } from './people';
import { withPow } from './pow';

describe('intake: an encrypted request becomes a case', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  const desks: Record<string, TestDesk> = {};

  const form = (extra: Record<string, unknown> = {}) => ({ type: 'legal' as const, country: 'KZ', language: 'ru', body: { type: 'legal', description: 'court on Monday', ...extra } as never });
  const post = (body: unknown) => withPow(request(t.http).post('/api/v1/intake'), t.http, 'intake').send(body as object);
  const submitted = async (submission: Submission) => expect((await post(submission.body).expect(201)).body).toEqual({ caseId: submission.caseId });

  /** Posts a prepared submission after `mutate`, expects `status`, and checks that nothing at all was written. */
  async function refused(submission: Submission, status: number, mutate: (body: Record<string, unknown>) => unknown = (b) => b): Promise<{ type: string; detail?: string }> {
    const before = await writtenCounts(t);
    const res = await post(mutate(JSON.parse(JSON.stringify(submission.body)) as Record<string, unknown>)).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await writtenCounts(t)).toEqual(before);
    return JSON.parse(res.text) as { type: string; detail?: string };
  }

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
    for (const slug of ['intake', 'legal', 'medical', 'relocation']) desks[slug] = await certifiedDesk(t, admin, slug);
  });
  afterAll(() => t.close());

  it('tells the portal the instance id its receipt keys are derived for, and the record and file limits', async () => {
    const res = await request(t.http).get('/api/v1/intake/config').expect(200);
    expect(res.body).toEqual({ instanceId: INSTANCE_ID, recordCiphertextMaxLength: 131_200, fileMaxBytes: t.config.FILE_MAX_BYTES, filesPerCaseMax: t.config.FILES_PER_CASE_MAX, exitUrl: '/about-weather.html' });
  });

  it('creates the requester account, the case, its request record, its envelopes, its jobs and an audit event in one go', async () => {
    const s = await prepareIntake(t, root, form());
    const res = await post(s.body).expect(201);
    expect(res.body).toEqual({ caseId: s.caseId });

    const [account] = await t.dataSource.query(`SELECT * FROM requesters WHERE sign_kid = $1`, [kidOf(s.keys.signPk)]);
    expect(Object.keys(account).sort()).toEqual(['created_at', 'enc_pk', 'id', 'sign_kid', 'sign_pk']);
    const [row] = await t.dataSource.query(`SELECT * FROM aid_cases WHERE id = $1`, [s.caseId]);
    expect(row).toMatchObject({ status: 'new', urgency: 'normal', request_type: 'legal', country: 'KZ', language: 'ru', owner_desk_id: desks.legal!.id, requester_id: account.id, assignee_id: null });
    expect(row.collaborator_desk_ids).toEqual([desks.intake!.id]);
    // Normal urgency: the first response is due 72 hours after submission.
    expect(row.first_response_due_at.getTime() - row.created_at.getTime()).toBe(72 * 3600_000);
    // Nothing about the client: no column of the case or the account can hold an address or a user agent.
    expect(Object.keys(row).filter((c) => /ip|addr|agent|ua$/i.test(c))).toEqual([]);

    const records = await t.dataSource.query(`SELECT id, kind, author_kind, author_id, author_kid, ciphertext FROM case_records WHERE case_id = $1`, [s.caseId]);
    expect(records).toEqual([{ id: s.recordId, kind: 'request', author_kind: 'requester', author_id: account.id, author_kid: kidOf(s.keys.signPk), ciphertext: s.body.record.ciphertext }]);
    const envelopes = await t.dataSource.query(`SELECT recipient_kind, recipient_id, desk_key_version, sealer_kind, sealer_id FROM case_key_envelopes WHERE case_id = $1 ORDER BY recipient_kind, recipient_id`, [s.caseId]);
    expect(envelopes).toEqual(
      expect.arrayContaining([
        { recipient_kind: 'desk', recipient_id: desks.intake!.id, desk_key_version: 1, sealer_kind: 'requester', sealer_id: account.id },
        { recipient_kind: 'desk', recipient_id: desks.legal!.id, desk_key_version: 1, sealer_kind: 'requester', sealer_id: account.id },
        { recipient_kind: 'requester', recipient_id: account.id, desk_key_version: null, sealer_kind: 'requester', sealer_id: account.id },
      ]),
    );
    expect(envelopes).toHaveLength(3);
    const inbox = await t.dataSource.query(`SELECT desk_id, is_owner FROM case_desks WHERE case_id = $1 ORDER BY is_owner`, [s.caseId]);
    expect(inbox).toEqual([{ desk_id: desks.intake!.id, is_owner: false }, { desk_id: desks.legal!.id, is_owner: true }]);

    const jobs = await t.dataSource.query(`SELECT queue, name, payload, run_at, job_id FROM outbox WHERE payload->>'caseId' = $1 ORDER BY queue`, [s.caseId]);
    // Without SMTP there is no case-created job (it only sends e-mail; mail.int-spec has it with SMTP on).
    expect(jobs.map((j: { queue: string; name: string; payload: unknown }) => [j.queue, j.name, j.payload])).toEqual([
      ['sla', 'sla-check', { caseId: s.caseId, dueAt: row.first_response_due_at.toISOString() }],
    ]);
    expect(jobs[0].run_at.getTime()).toBe(row.first_response_due_at.getTime());
    expect(jobs[0].job_id).toBe(`sla.${s.caseId}.${row.first_response_due_at.getTime()}`);

    const [event] = await t.dataSource.query(`SELECT action, actor_kind, actor_id, data FROM audit_events WHERE subject_type = 'case' AND subject_id = $1`, [s.caseId]);
    expect(event).toEqual({
      action: 'case.created',
      actor_kind: 'requester',
      actor_id: account.id,
      data: { requestType: 'legal', ownerDeskId: desks.legal!.id, sealedDeskIds: [desks.intake!.id, desks.legal!.id] },
    });
  });

  it('routes by the admins’ rules, recomputes the route itself, and refuses envelopes that miss the routed desk', async () => {
    const lead = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
    const rule = await staffPost(t, lead, '/routing-rules', { priority: 10, requestType: 'legal', country: 'UZ', deskSlug: 'relocation' }).expect(201);
    try {
      const routed = await prepareIntake(t, root, { ...form(), country: 'UZ' });
      expect(routed.routedSlug).toBe('relocation');
      await post(routed.body).expect(201);
      const [row] = await t.dataSource.query(`SELECT owner_desk_id FROM aid_cases WHERE id = $1`, [routed.caseId]);
      expect(row.owner_desk_id).toBe(desks.relocation!.id);

      // A browser that routed by the default (legal) while the rule says relocation.
      const stale = await prepareIntake(t, root, form());
      const body = { ...stale.body, country: 'UZ' as const };
      const problem = await refused({ ...stale, body }, 422);
      expect(problem.type).toBe('urn:ashar:problem:validation');
      expect(problem.detail).toMatch(/intake desk and to the desk the request is routed to \(relocation\)/);
    } finally {
      await request(t.http).delete(`/api/v1/routing-rules/${rule.body.id}`).set('cookie', lead.cookie).set('x-csrf-token', lead.csrf).expect(204);
    }
  });

  it('refuses an envelope missing for the routed desk, or for the intake desk', async () => {
    const s = await prepareIntake(t, root, form());
    const withoutRouted = await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { recipient: { deskId?: string } }[]).filter((g) => g.recipient.deskId !== desks.legal!.id) }));
    expect(withoutRouted.detail).toMatch(/routed to \(legal\); missing: /);
    const withoutIntake = await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { recipient: { deskId?: string } }[]).filter((g) => g.recipient.deskId !== desks.intake!.id) }));
    expect(withoutIntake.detail).toContain(desks.intake!.id);
  });

  it('refuses an envelope to a desk the request is not routed to', async () => {
    const s = await prepareIntake(t, root, form());
    const verified = verifyCertificateChain(
      (await request(t.http).get('/api/v1/desks')).body.find((d: { slug: string }) => d.slug === 'medical').key.chain,
      root.signPk,
      new Date(),
    ) as VerifiedDesk;
    const extra = { ...sealCaseKey(s.caseKey, s.caseId, verified, s.keys), recipient: { kind: 'desk', deskId: desks.medical!.id, version: 1 } };
    const problem = await refused(s, 422, (b) => ({ ...b, envelopes: [...(b.envelopes as unknown[]), extra] }));
    expect(problem.detail).toMatch(/not to /);
  });

  it('refuses a desk envelope sealed to another key than the desk’s current certified one', async () => {
    const s = await prepareIntake(t, root, form());
    // Sealed to a key that is not the legal desk's (e.g. a server-substituted one): the kid differs.
    const impostor = { kind: 'desk', deskId: desks.legal!.id, version: 1, encPk: generateIdentityKeys().encPk, subjectId: '' } as unknown as VerifiedDesk;
    const wrong = { ...sealCaseKey(s.caseKey, s.caseId, impostor, s.keys), recipient: { kind: 'desk', deskId: desks.legal!.id, version: 1 } };
    const problem = await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { recipient: { deskId?: string } }[]).map((g) => (g.recipient.deskId === desks.legal!.id ? wrong : g)) }));
    expect(problem.detail).toMatch(/not sealed to the recipient’s current certified key/);
    // A version that is not the current one.
    const stale = await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { recipient: { deskId?: string; version?: number } }[]).map((g) => (g.recipient.deskId === desks.legal!.id ? { ...g, recipient: { ...g.recipient, version: 2 } } : g)) }));
    expect(stale.detail).toMatch(/current certified version is 1/);
  });

  it('refuses envelopes and records not signed by the requester’s key', async () => {
    const s = await prepareIntake(t, root, form());
    const other = generateIdentityKeys();
    const otherKid = kidOf(other.signPk);
    const badKid = await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { sealerKid: string }[]).map((g, i) => (i === 0 ? { ...g, sealerKid: otherKid } : g)) }));
    expect(badKid.detail).toMatch(/sealerKid is not the key of the caller/);
    const flip = (sig: string) => (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    const badSignature = await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { signature: string }[]).map((g, i) => (i === 1 ? { ...g, signature: flip(g.signature) } : g)) }));
    expect(badSignature.detail).toMatch(/signature does not verify/);
    const author = await refused(s, 422, (b) => ({ ...b, record: { ...(b.record as object), authorKid: otherKid } }));
    expect(author.detail).toMatch(/record.authorKid/);
    // The requester's own envelope must be sealed to the requester's key.
    const toOther = { ...sealCaseKey(s.caseKey, s.caseId, { ...other, kind: 'requester' } as never, s.keys), recipient: { kind: 'requester' } };
    await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { recipient: { kind: string } }[]).map((g) => (g.recipient.kind === 'requester' ? toOther : g)) }));
    await refused(s, 422, (b) => ({ ...b, envelopes: (b.envelopes as { recipient: { kind: string } }[]).filter((g) => g.recipient.kind !== 'requester') }));
  });

  it('refuses a record that is not a well-formed case record ciphertext', async () => {
    const s = await prepareIntake(t, root, form());
    const parts = s.body.record.ciphertext.split('.');
    const cut = [parts[0], parts[1], parts[2], parts[3]!.slice(0, 40)].join('.'); // not 256·k + 16 bytes
    const problem = await refused(s, 422, (b) => ({ ...b, record: { ...(b.record as object), ciphertext: cut } }));
    expect(problem.detail).toMatch(/record.ciphertext is not a well-formed case record ciphertext \(bad_length\)/);
    await refused(s, 422, (b) => ({ ...b, record: { ...(b.record as object), ciphertext: s.body.record.ciphertext.replace(/^a1\./, 'a2.') } }));
    await refused(s, 422, (b) => ({ ...b, record: { ...(b.record as object), ciphertext: `${s.body.record.ciphertext}=` } }));
  });

  it('refuses oversized records and bodies, and unknown members', async () => {
    const s = await prepareIntake(t, root, form());
    // The largest record the format allows here is accepted...
    const big = await prepareIntake(t, root, form({ description: 'x'.repeat(96 * 1024 - 2000) }));
    expect(big.body.record.ciphertext.length).toBeGreaterThan(120_000);
    await post(big.body).expect(201);
    // ...a larger one is refused by the schema, a far larger body by the body limit.
    const huge = await prepareIntake(t, root, form({ description: 'x'.repeat(100 * 1024) }));
    const tooLarge = await refused(huge, 422);
    expect(JSON.stringify(tooLarge)).toContain('record.ciphertext');
    await refused(s, 413, (b) => ({ ...b, record: { ...(b.record as object), ciphertext: `a1.${'A'.repeat(300_000)}` } }));
    await refused(s, 422, (b) => ({ ...b, clientAddress: '203.0.113.9' }));
    await refused(s, 422, (b) => ({ ...b, caseId: s.caseId.toUpperCase() }));
  });

  it('answers a retry of the very submission it stored with the same success, and writes nothing twice', async () => {
    const s = await prepareIntake(t, root, form());
    await submitted(s);
    const after = await writtenCounts(t);
    // The first answer was lost: the browser sends the same bytes again, and again.
    await submitted(s);
    await submitted(s);
    // The same members in another order are the same submission.
    const reordered = Object.fromEntries(Object.entries(s.body).reverse()) as unknown as Submission['body'];
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(s.body));
    await submitted({ ...s, body: reordered });
    expect(await writtenCounts(t)).toEqual(after);
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM aid_cases c JOIN requesters r ON r.id = c.requester_id WHERE r.sign_kid = $1`, [kidOf(s.keys.signPk)]);
    expect(row.n).toBe(1);
    // What is kept to recognise it: a SHA-256 of the canonical body, not the body or anything of the client.
    const [stored] = await t.dataSource.query(`SELECT intake_digest FROM aid_cases WHERE id = $1`, [s.caseId]);
    expect(stored.intake_digest).toHaveLength(32);

    // Two copies at once (a double click, or a retry racing the first): one case, two successes.
    const twice = await prepareIntake(t, root, form());
    const before = await writtenCounts(t);
    const answers = await Promise.all([post(twice.body), post(twice.body)]);
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [201, { caseId: twice.caseId }],
      [201, { caseId: twice.caseId }],
    ]);
    const grown = await writtenCounts(t);
    expect(grown['aid_cases']).toBe(before['aid_cases']! + 1);
    expect(grown['requesters']).toBe(before['requesters']! + 1);
    expect(grown['audit_events']).toBe(before['audit_events']! + 1);
  });

  it('answers a retry with the same success although the routing changed since it was stored', async () => {
    const s = await prepareIntake(t, root, form());
    await submitted(s);
    const like = await prepareIntake(t, root, form());
    // An administrator routes such requests elsewhere now: a new submission sealed as before is refused (422)...
    const [rule] = await t.dataSource.query(`INSERT INTO routing_rules (priority, request_type, country, desk_id) VALUES (1, 'legal', 'KZ', $1) RETURNING id`, [desks.relocation!.id]);
    try {
      const after = await writtenCounts(t);
      expect((await refused(like, 422)).detail).toMatch(/routed to \(relocation\)/);
      // ...but this one was stored before the change, and its retry is told so.
      await submitted(s);
      expect(await writtenCounts(t)).toEqual(after);
    } finally {
      await t.dataSource.query(`DELETE FROM routing_rules WHERE id = $1`, [rule.id]);
    }
  });

  it('refuses the same receipt code or case id with another body, writing nothing', async () => {
    const s = await prepareIntake(t, root, form());
    await submitted(s);
    // Same receipt code, same case id, another encryption of the request (another nonce, so another body).
    const record = encryptRecord(s.caseKey, { caseId: s.caseId, recordId: s.recordId, recordKind: 'request' }, { type: 'legal', description: 'court on Monday' }, s.keys);
    const changed = await refused(s, 409, (b) => ({ ...b, record: { ...(b.record as object), ciphertext: record.ciphertext } }));
    expect(changed.detail).toMatch(/receipt code is already in use/);
    // Same receipt code, a new case.
    const sameCode = await prepareIntake(t, root, form(), { keys: s.keys });
    expect((await refused(sameCode, 409)).detail).toMatch(/receipt code is already in use/);
  });

  it('refuses duplicate ids and a receipt code already in use, writing nothing', async () => {
    const first = await prepareIntake(t, root, form());
    await post(first.body).expect(201);
    // A new case under the same receipt code: the receipt key is taken.
    const again = await refused(await prepareIntake(t, root, form(), { keys: first.keys }), 409);
    expect(again.detail).toMatch(/receipt code is already in use/);
    // A new receipt code, but the case id of an existing case.
    const sameCase = await prepareIntake(t, root, form());
    const reused = { recordId: randomUUID() };
    const caseProblem = await refused(sameCase, 409, (b) => {
      // Re-made for the existing case id so that every signature and binding is right.
      const caseKey = generateCaseKey();
      const record = encryptRecord(caseKey, { caseId: first.caseId, recordId: reused.recordId, recordKind: 'request' }, { x: 1 }, sameCase.keys);
      return {
        ...b,
        caseId: first.caseId,
        record: { id: reused.recordId, ciphertext: record.ciphertext, authorKid: record.authorKid },
        envelopes: (b.envelopes as { recipient: unknown }[]).map((g) => ({ ...g, ...envelopeFor(caseKey, first.caseId, g.recipient) })),
      };
    });
    expect(caseProblem.detail).toMatch(/a case with this id exists/);
    // A new case id, but the record id of an existing record.
    const dupRecord = await prepareIntake(t, root, form());
    const recordProblem = await refused(dupRecord, 409, (b) => {
      const record = encryptRecord(dupRecord.caseKey, { caseId: dupRecord.caseId, recordId: first.recordId, recordKind: 'request' }, { x: 1 }, dupRecord.keys);
      return { ...b, record: { id: first.recordId, ciphertext: record.ciphertext, authorKid: record.authorKid } };
    });
    expect(recordProblem.detail).toMatch(/a record with this id exists/);

    function envelopeFor(caseKey: ReturnType<typeof generateCaseKey>, caseId: string, recipient: unknown) {
      const r = recipient as { kind: string; deskId?: string };
      if (r.kind === 'requester') return sealCaseKey(caseKey, caseId, { kind: 'requester-public', encPk: sameCase.keys.encPk, signPk: sameCase.keys.signPk } as never, sameCase.keys);
      const desk = Object.values(desks).find((d) => d.id === r.deskId)!;
      return sealCaseKey(caseKey, caseId, { kind: 'desk', encPk: desk.key.encPk } as never, sameCase.keys);
    }
  });

  it('gives a request whose desk has no certified key yet to intake alone: sealed to intake it is stored as intake’s case, sealed to that desk it is refused', async () => {
    // The psychological desk has no key in this file: a browser could not seal to it at all.
    const psychological = (await request(t.http).get('/api/v1/desks')).body.find((d: { slug: string }) => d.slug === 'psychological');
    expect(psychological.key).toBeNull();
    const toDesk = await prepareIntake(t, root, form());
    const problem = await refused(toDesk, 422, (b) => ({
      ...b,
      requestType: 'psychological',
      envelopes: (b.envelopes as { recipient: { deskId?: string } }[]).map((g) => (g.recipient.deskId === desks.legal!.id ? { ...g, recipient: { kind: 'desk', deskId: psychological.id, version: 1 } } : g)),
    }));
    expect(problem.detail).toMatch(/sealed only to the intake desk and the routed desk \(intake\)/);

    const toIntake = await prepareIntake(t, root, form());
    const body = {
      ...toIntake.body,
      requestType: 'psychological' as const,
      envelopes: toIntake.body.envelopes.filter((g) => g.recipient.kind !== 'desk' || g.recipient.deskId !== desks.legal!.id),
    };
    expect((await post(body).expect(201)).body).toEqual({ caseId: toIntake.caseId });
    const stored = await withOwnerClient((owner) => owner.query(`SELECT owner_desk_id, collaborator_desk_ids FROM aid_cases WHERE id = $1`, [toIntake.caseId]));
    expect(stored.rows).toEqual([{ owner_desk_id: desks.intake!.id, collaborator_desk_ids: [] }]);
  });

  it('gives up with 503, writing nothing, when the routing context changes between every read and write', async () => {
    const repository = t.app.get(IntakeRepository);
    const read = repository.context.bind(repository);
    // An administrator editing rules or keys right after each read the api makes (the cached context goes stale too).
    const bump = () => withOwnerClient((owner) => owner.query('UPDATE intake_context_version SET version = version + 1'));
    const reads = jest.spyOn(repository, 'context').mockImplementation(async () => {
      const context = await read();
      await bump();
      return context;
    });
    try {
      await bump();
      const problem = await refused(await prepareIntake(t, root, form()), 503);
      expect(problem.type).toBe('urn:ashar:problem:unavailable');
      expect(problem.detail).toMatch(/Nothing was stored/);
      expect(reads).toHaveBeenCalledTimes(3);
    } finally {
      reads.mockRestore();
    }
    await submitted(await prepareIntake(t, root, form()));
  });

  it('routes on a desk key certified a moment ago although the api keeps the context it last read', async () => {
    await submitted(await prepareIntake(t, root, form())); // the api now holds the current context
    // A rule added behind the api's back: a request sealed by the rules as they were is refused, not routed by them.
    const prepared = await prepareIntake(t, root, form());
    expect(prepared.routedSlug).toBe('legal');
    const [rule] = await t.dataSource.query(`INSERT INTO routing_rules (priority, request_type, country, desk_id) VALUES (1, 'legal', 'KZ', $1) RETURNING id`, [desks.relocation!.id]);
    try {
      expect((await refused(prepared, 422)).detail).toMatch(/routed to \(relocation\); missing/);
    } finally {
      await t.dataSource.query(`DELETE FROM routing_rules WHERE id = $1`, [rule.id]);
    }
    // A first key for the psychological desk, and a rotation of the legal desk's, written behind the api's back.
    await certifiedDesk(t, admin, 'psychological');
    const legalV2 = await certifiedDesk(t, admin, 'legal', [], 2);
    const psychological = await prepareIntake(t, root, { ...form(), type: 'psychological' });
    expect(psychological.routedSlug).toBe('psychological');
    await submitted(psychological);
    const legal = await prepareIntake(t, root, form());
    expect(legal.body.envelopes.map((g) => g.recipient)).toContainEqual({ kind: 'desk', deskId: legalV2.id, version: 2 });
    await submitted(legal);
    // ...and the version it replaced is refused at once, with the current version named.
    const old = await prepareIntake(t, root, form());
    const problem = await refused(old, 422, (b) => ({ ...b, envelopes: (b.envelopes as { recipient: { deskId?: string; version?: number } }[]).map((g) => (g.recipient.deskId === legalV2.id ? { ...g, recipient: { ...g.recipient, version: 1 } } : g)) }));
    expect(problem.detail).toMatch(/current certified version is 2/);
  });

  it('wants a solved proof of work before it reads the body, and changes nothing without one (pow.int-spec.ts covers the rest)', async () => {
    const s = await prepareIntake(t, root, form());
    const before = await writtenCounts(t);
    const res = await request(t.http).post('/api/v1/intake').send(s.body).expect(428);
    expect(res.body.type).toBe('urn:ashar:problem:pow-required');
    expect(await writtenCounts(t)).toEqual(before);
  });
});
