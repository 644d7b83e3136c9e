import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type RootKeys,
  type VerifiedDesk,
  decryptRecord,
  encodePublicKey,
  generateIdentityKeys,
  generateRootKeys,
  sealCaseKey,
  openCaseKeyEnvelope,
  openDeskKey,
  parseSignPublicKey,
  ready,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type CaseView, type ResealBatchResult, type ResealItem, type ResealPage } from '@ashar/domain';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, staffGet, staffPost, submitIntake, type TestDesk, writtenCounts } from './cases-support';
import { createPerson, type TestPerson } from './people';

/**
 * Re-sealing a desk's open cases after a key rotation (docs/cases-api.md): the lead lists the
 * open cases sealed only to older versions, opens each case key with the old desk key (real
 * libs/crypto, as the browser's worker does) and sends envelopes for the new version in batches.
 */
describe('re-sealing a desk’s open cases after a key rotation', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let lead: TestPerson;
  let member: TestPerson;
  let newcomer: TestPerson;
  let medicalLead: TestPerson;
  let medicalWorker: TestPerson;
  const desks: Record<string, TestDesk> = {};
  let legalV2: DeskKeyPair;
  /** Legal cases submitted before the rotation, oldest first. */
  const legalCases: Submission[] = [];
  let closed: Submission;
  let medicalOnly: Submission;
  let referred: Submission;

  const verifiedDesk = (chain: unknown) => verifyCertificateChain(chain as unknown[], root.signPk, new Date()) as VerifiedDesk;
  const legal = () => desks.legal!.id;
  const list = async (who: TestPerson, query = '') => (await staffGet(t, who, `/desks/${legal()}/reseal${query}`).expect(200)).body as ResealPage;

  /** The lead's worker: opens the item's case key with the old desk key version, checking the sealer's signature. */
  async function openItem(item: ResealItem): Promise<CaseKey> {
    expect(item.envelope.version).toBe(1);
    const sealerKey =
      item.envelope.sealer.kind === 'requester'
        ? parseSignPublicKey(item.requester!.signPk)
        : parseSignPublicKey((await staffGet(t, lead, `/keys/staff/${item.envelope.sealer.id}`).expect(200)).body.signPk);
    return openCaseKeyEnvelope(item.envelope as unknown as CaseKeyEnvelope, item.caseId, desks.legal!.key, sealerKey);
  }

  /** …and seals it to the current certified version, signed by the lead. */
  async function resealed(item: ResealItem, by: TestPerson = lead) {
    const keys = (await staffGet(t, lead, `/desks/${legal()}/keys`).expect(200)).body as { version: number; chain: unknown[] | null }[];
    const current = verifiedDesk(keys.find((k) => k.version === 2)!.chain);
    return { caseId: item.caseId, ...sealCaseKey(await openItem(item), item.caseId, current, by.identity) };
  }

  async function allItems(who: TestPerson, limit: number): Promise<ResealItem[]> {
    const items: ResealItem[] = [];
    let after: string | null = null;
    do {
      const page: ResealPage = await list(who, `?limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      expect(page.total === null).toBe(after !== null);
      items.push(...page.items);
      after = page.next;
    } while (after);
    return items;
  }

  beforeAll(async () => {
    await ready();
    root = generateRootKeys();
    t = await startTestApp({ ROOT_PUBLIC_KEY: encodePublicKey(root.signPk), INSTANCE_ID });
    admin = await createPerson(t, { roles: ['admin'], certifyWith: { root }, steppedUp: true });
    const ids: Record<string, string> = {};
    for (const slug of ['intake', 'legal', 'medical']) ids[slug] = (await t.dataSource.query(`SELECT id FROM desks WHERE slug = $1`, [slug]))[0].id;
    const certify = { certifyWith: { admin }, steppedUp: true } as const;
    lead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.legal!], ...certify });
    member = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify });
    newcomer = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify });
    medicalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.medical!], ...certify });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], ...certify });
    desks.intake = await certifiedDesk(t, admin, 'intake');
    desks.legal = await certifiedDesk(t, admin, 'legal', [lead, member]);
    desks.medical = await certifiedDesk(t, admin, 'medical', [medicalWorker, medicalLead]);

    // Before the rotation: three legal cases, a legal case that gets closed, a medical case,
    // and a medical case referred to legal by a medical caseworker (an envelope signed by staff).
    for (let i = 0; i < 3; i++) legalCases.push(await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: `legal case ${i}` } }));
    closed = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'closed case' } });
    await t.dataSource.query(`UPDATE aid_cases SET status = 'closed', closed_at = now(), purge_after = now() + interval '30 days', outcome = 'resolved' WHERE id = $1`, [closed.caseId]);
    medicalOnly = await submitIntake(t, root, { type: 'medical', country: 'KZ', language: 'ru', body: { type: 'medical', description: 'medical case' } });
    referred = await submitIntake(t, root, { type: 'medical', country: 'KZ', language: 'ru', body: { type: 'medical', description: 'referred case' } });
    const legalV1 = verifiedDesk(((await staffGet(t, lead, `/desks/${ids.legal}/keys`).expect(200)).body as { chain: unknown[] }[])[0]!.chain);
    await staffPost(t, medicalWorker, `/cases/${referred.caseId}/referrals`, { deskId: ids.legal, envelope: { ...sealCaseKey(referred.caseKey, referred.caseId, legalV1, medicalWorker.identity), version: 1 } }).expect(201);

    // The rotation: version 2, certified, held by the lead and a newcomer only.
    legalV2 = (await certifiedDesk(t, admin, 'legal', [lead, newcomer], 2)).key;
  }, 120_000);
  afterAll(() => t.close());

  it('lists, for the lead, the desk’s open cases sealed only to older versions, keyset-paged, each with its newest older envelope', async () => {
    const first = await list(lead);
    expect(first.version).toBe(2);
    const expected = [...legalCases.map((c) => c.caseId), referred.caseId].sort();
    expect(first.total).toBe(expected.length);

    const items = await allItems(lead, 2);
    expect(items.map((i) => i.caseId).sort()).toEqual(expected);
    expect(new Set(items.map((i) => i.caseId)).size).toBe(items.length);
    // Oldest first, and neither the closed case nor the medical case is there.
    expect(items.map((i) => i.createdAt)).toEqual([...items.map((i) => i.createdAt)].sort());
    for (const absent of [closed.caseId, medicalOnly.caseId]) expect(items.map((i) => i.caseId)).not.toContain(absent);

    // Each envelope opens with the old desk key to the case's own key, signed by the requester or the referring caseworker.
    for (const item of items) {
      const submission = [...legalCases, referred].find((c) => c.caseId === item.caseId)!;
      expect(Buffer.from(await openItem(item)).equals(Buffer.from(submission.caseKey))).toBe(true);
      expect(item.envelope.sealer).toEqual(item.caseId === referred.caseId ? { kind: 'staff', id: medicalWorker.id } : { kind: 'requester', id: expect.any(String) });
      // The time the server stored that envelope (readers check its sealer's certificate as of then).
      const [stored] = await t.dataSource.query(`SELECT created_at FROM case_key_envelopes WHERE case_id = $1 AND recipient_kind = 'desk' AND recipient_id = $2 AND desk_key_version = 1`, [
        item.caseId,
        legal(),
      ]);
      expect(item.envelope.createdAt).toBe((stored.created_at as Date).toISOString());
      expect(item.requester).toEqual({ encPk: submission.body.requester.encPk, signPk: submission.body.requester.signPk });
    }
  });

  it('refuses bad page parameters', async () => {
    await staffGet(t, lead, `/desks/${legal()}/reseal?limit=0`).expect(422);
    await staffGet(t, lead, `/desks/${legal()}/reseal?limit=101`).expect(422);
    await staffGet(t, lead, `/desks/${legal()}/reseal?after=not-a-cursor`).expect(422);
    await staffGet(t, lead, `/desks/${legal()}/reseal?sort=due`).expect(422);
    // A cursor of another list (the inbox) is refused rather than misread.
    const inbox = (await staffGet(t, lead, `/cases?deskId=${legal()}&limit=1`).expect(200)).body as { next: string | null };
    expect(inbox.next).not.toBeNull();
    await staffGet(t, lead, `/desks/${legal()}/reseal?after=${inbox.next}`).expect(422);
  });

  it('is the desk’s leads’ only: another desk’s lead, a member and an admin are refused; an unknown desk is 404', async () => {
    const item = (await list(lead)).items[0]!;
    const body = { version: 2, envelopes: [await resealed(item)] };
    for (const who of [medicalLead, member, admin]) {
      await staffGet(t, who, `/desks/${legal()}/reseal`).expect(403);
      await staffPost(t, who, `/desks/${legal()}/reseal`, body).expect(403);
    }
    await staffGet(t, lead, `/desks/00000000-0000-4000-8000-000000000001/reseal`).expect(404);
    await staffPost(t, lead, `/desks/00000000-0000-4000-8000-000000000001/reseal`, body).expect(404);
    // The lead of the medical desk gets nothing of legal's, and their own desk lists nothing (no rotation there).
    const own = (await staffGet(t, medicalLead, `/desks/${desks.medical!.id}/reseal`).expect(200)).body as ResealPage;
    expect(own).toEqual({ version: 1, total: 0, items: [], next: null });
  });

  it('needs a fresh step-up to send a batch', async () => {
    const fresh = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [legal()], certifyWith: { admin } });
    const item = (await list(lead)).items[0]!;
    const res = await staffPost(t, fresh, `/desks/${legal()}/reseal`, { version: 2, envelopes: [await resealed(item, fresh)] }).expect(403);
    expect(JSON.parse(res.text).type).toBe('urn:ashar:problem:step-up-required');
  });

  it('refuses a batch with an envelope sealed to another key, signed by someone else, forged, of another version, desk or a closed case — and writes nothing', async () => {
    const items = await allItems(lead, 100);
    const good = await resealed(items[0]!);
    const caseKey = await openItem(items[1]!);
    const before = await writtenCounts(t);
    const keys = (await staffGet(t, lead, `/desks/${legal()}/keys`).expect(200)).body as { version: number; chain: unknown[] }[];
    const v1 = verifiedDesk(keys.find((k) => k.version === 1)!.chain);
    const v2 = verifiedDesk(keys.find((k) => k.version === 2)!.chain);
    const unknownCase = '00000000-0000-4000-8000-0000000000ff';
    const refusals: [string, string, unknown][] = [
      // Sealed to the old version's key, not the current certified one.
      ['old key', 'envelopes[1]: sealedKey is not sealed to the recipient’s current certified key', { version: 2, envelopes: [good, { caseId: items[1]!.caseId, ...sealCaseKey(caseKey, items[1]!.caseId, v1, lead.identity) }] }],
      // Signed by another member of staff than the caller.
      ['other signer', 'envelopes[1]: sealerKid is not the key of the caller', { version: 2, envelopes: [good, await resealed(items[1]!, member)] }],
      // Signed by a key nobody certified.
      ['uncertified signer', 'envelopes[1]: sealerKid is not the key of the caller', { version: 2, envelopes: [good, { caseId: items[1]!.caseId, ...sealCaseKey(caseKey, items[1]!.caseId, v2, generateIdentityKeys()) }] }],
      // A signature by the caller's key that does not verify: it is another envelope's.
      ['forged signature', 'envelopes[1]: the signature does not verify', { version: 2, envelopes: [good, { ...(await resealed(items[1]!)), signature: good.signature }] }],
      // An envelope made for another case.
      ['another case', 'envelopes[1]: the signature does not verify', { version: 2, envelopes: [good, { ...(await resealed(items[1]!)), caseId: items[2]!.caseId }] }],
      // The old version named.
      ['old version', 'the envelopes name key version 1; the desk’s current certified version is 2', { version: 1, envelopes: [good] }],
      // Right envelopes, for a case of another desk, a closed case and no case at all.
      ['medical case', 'envelopes[1]: caseId is not an open case of this desk', { version: 2, envelopes: [good, { caseId: medicalOnly.caseId, ...sealCaseKey(medicalOnly.caseKey, medicalOnly.caseId, v2, lead.identity) }] }],
      ['closed case', 'envelopes[1]: caseId is not an open case of this desk', { version: 2, envelopes: [good, { caseId: closed.caseId, ...sealCaseKey(closed.caseKey, closed.caseId, v2, lead.identity) }] }],
      ['unknown case', 'envelopes[1]: caseId is not an open case of this desk', { version: 2, envelopes: [good, { caseId: unknownCase, ...sealCaseKey(caseKey, unknownCase, v2, lead.identity) }] }],
    ];
    for (const [what, detail, body] of refusals) {
      const res = await staffPost(t, lead, `/desks/${legal()}/reseal`, body);
      const problem = JSON.parse(res.text) as { type: string; detail: string };
      expect({ what, status: res.status, type: problem.type, detail: problem.detail }).toEqual({ what, status: 422, type: 'urn:ashar:problem:validation', detail });
    }
    expect(await writtenCounts(t)).toEqual(before);
    expect((await list(lead)).total).toBe(items.length);
  });

  it('refuses a batch of more than 100 envelopes, or naming a case twice', async () => {
    const good = await resealed((await list(lead)).items[0]!);
    await staffPost(t, lead, `/desks/${legal()}/reseal`, { version: 2, envelopes: [good, good] }).expect(422);
    await staffPost(t, lead, `/desks/${legal()}/reseal`, { version: 2, envelopes: Array.from({ length: 101 }, () => good) }).expect(422);
    await staffPost(t, lead, `/desks/${legal()}/reseal`, { version: 2, envelopes: [] }).expect(422);
  });

  it('writes a batch in one go, audits each case, and takes the same batch again without writing anything twice', async () => {
    const items = await allItems(lead, 100);
    const batch = await Promise.all(items.slice(0, 2).map((i) => resealed(i)));
    const envelopesBefore = (await writtenCounts(t)).case_key_envelopes ?? 0;
    const first = (await staffPost(t, lead, `/desks/${legal()}/reseal`, { version: 2, envelopes: batch }).expect(200)).body as ResealBatchResult;
    expect(first).toEqual({ version: 2, resealed: batch.map((g) => g.caseId), unchanged: [] });
    expect((await writtenCounts(t)).case_key_envelopes).toBe(envelopesBefore + 2);

    const again = (await staffPost(t, lead, `/desks/${legal()}/reseal`, { version: 2, envelopes: batch }).expect(200)).body as ResealBatchResult;
    expect(again).toEqual({ version: 2, resealed: [], unchanged: batch.map((g) => g.caseId) });
    expect((await writtenCounts(t)).case_key_envelopes).toBe(envelopesBefore + 2);

    // The listed cases are the others now; the old envelopes stay.
    const left = await list(lead);
    expect(left.total).toBe(items.length - 2);
    expect(left.items.map((i) => i.caseId)).toEqual(items.slice(2).map((i) => i.caseId));
    const envelopes: { desk_key_version: number }[] = await t.dataSource.query(
      `SELECT desk_key_version FROM case_key_envelopes WHERE case_id = $1 AND recipient_kind = 'desk' AND recipient_id = $2 ORDER BY desk_key_version`,
      [batch[0]!.caseId, legal()],
    );
    expect(envelopes.map((g) => g.desk_key_version)).toEqual([1, 2]);

    const audit: { subject_id: string; data: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT subject_id, data FROM audit_events WHERE action = 'case.key_sealed' AND actor_id = $1 ORDER BY seq`,
      [lead.id],
    );
    expect(audit.map((a) => a.subject_id)).toEqual(batch.map((g) => g.caseId));
    for (const a of audit) expect(a.data).toEqual({ recipientKind: 'desk', deskId: legal(), version: 2, resealed: true });
  });

  it('lets a member who holds only the new version open a case made before the rotation once it is re-sealed; old holders still open it', async () => {
    const rest = await allItems(lead, 100);
    await staffPost(t, lead, `/desks/${legal()}/reseal`, { version: 2, envelopes: await Promise.all(rest.map((i) => resealed(i))) }).expect(200);
    expect(await list(lead)).toEqual({ version: 2, total: 0, items: [], next: null });

    const target = legalCases[0]!;
    const open = async (who: TestPerson, version: number) => {
      const view = (await staffGet(t, who, `/cases/${target.caseId}`).expect(200)).body as CaseView;
      const envelope = view.envelopes.find((g) => g.recipient.kind === 'desk' && g.recipient.deskId === legal() && g.recipient.version === version);
      expect(envelope).toBeDefined();
      const mine = (await staffGet(t, who, `/desks/${legal()}/envelopes/mine`).expect(200)).body as { version: number; sealedKey: string }[];
      const keys = (await staffGet(t, who, `/desks/${legal()}/keys`).expect(200)).body as { version: number; chain: unknown[] }[];
      const desk = openDeskKey(mine.find((m) => m.version === version)!.sealedKey, who.identity, verifiedDesk(keys.find((k) => k.version === version)!.chain));
      const sealerKey = parseSignPublicKey(envelope!.sealer.kind === 'requester' ? view.requester!.signPk : (await staffGet(t, who, `/keys/staff/${envelope!.sealer.id}`).expect(200)).body.signPk);
      const caseKey = openCaseKeyEnvelope(envelope as unknown as CaseKeyEnvelope, target.caseId, desk, sealerKey);
      const request = view.records.find((r) => r.kind === 'request')!;
      return decryptRecord(caseKey, { caseId: target.caseId, recordId: request.id, recordKind: 'request' }, request, parseSignPublicKey(view.requester!.signPk));
    };
    // The newcomer holds version 2 only; the member version 1 only.
    expect(((await staffGet(t, newcomer, `/desks/${legal()}/envelopes/mine`).expect(200)).body as { version: number }[]).map((g) => g.version)).toEqual([2]);
    expect(await open(newcomer, 2)).toEqual({ type: 'legal', description: 'legal case 0' });
    expect(await open(member, 1)).toEqual({ type: 'legal', description: 'legal case 0' });
    // The new envelope is the lead's, sealed to version 2's certified key.
    expect(Buffer.from(openCaseKeyEnvelope(
      ((await staffGet(t, newcomer, `/cases/${target.caseId}`).expect(200)).body as CaseView).envelopes.find((g) => g.recipient.kind === 'desk' && g.recipient.version === 2) as unknown as CaseKeyEnvelope,
      target.caseId,
      legalV2,
      lead.identity.signPk,
    )).equals(Buffer.from(target.caseKey))).toBe(true);
  });
});
