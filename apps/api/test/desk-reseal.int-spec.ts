import { randomUUID } from 'node:crypto';
import {
  type CaseKey,
  type CaseKeyEnvelope,
  type DeskKeyPair,
  type RootKeys,
  type StaffKey,
  type VerifiedDesk,
  bindStaffKey,
  checkCaseKey,
  checkStaffKey,
  decryptRecord,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateIdentityKeys,
  generateRootKeys,
  generateStaffKey,
  linkCaseKeys,
  linkStaffKeys,
  openCaseKeyChain,
  openCaseKeyEnvelope,
  openDeskKey,
  openStaffKeyEnvelope,
  openStaffKeyLink,
  parseRequesterPublicKeys,
  parseSignPublicKey,
  ready,
  sealCaseKey,
  sealStaffKey,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type CaseView, type ResealBatch, type ResealBatchResult, type ResealItem, type ResealPage } from '@ashar/domain';
import { startTestApp, type TestApp } from './app';
import { INSTANCE_ID, type Submission, certifiedDesk, makeStaffKey, staffGet, staffPost, submitIntake, type TestDesk, writtenCounts } from './cases-support';
import { createPerson, type TestPerson } from './people';
import request from 'supertest';

type BatchCase = ResealBatch['cases'][number];

/**
 * Re-sealing a desk's open cases after a key rotation (docs/cases-api.md; libs/crypto SPEC.md
 * §9.4): the lead lists the open cases whose newest key epoch is sealed only to older versions,
 * opens each case key with the old desk key, walks its links down and checks it against the
 * request (real libs/crypto, as the browser's worker does), and sends each case's next epoch —
 * new keys linked to the old ones and sealed to every holding desk and the requester — in
 * batches. A member removed before the rotation holds none of the new keys.
 */
describe('re-sealing a desk’s open cases after a key rotation: the next key epoch', () => {
  let t: TestApp;
  let root: RootKeys;
  let admin: TestPerson;
  let lead: TestPerson;
  let member: TestPerson;
  let leaver: TestPerson;
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
  /** The staff-only key of legalCases[0] at epoch 1, and the note written under it before the rotation. */
  let staffKey1: StaffKey;
  let noteBefore: { id: string; ciphertext: string; authorKid: string };
  /** The leaver's sealed copy of legal desk version 1, as it was before they left. */
  let leaverDeskEnvelope: string;

  const verifiedDesk = (chain: unknown) => verifyCertificateChain(chain as unknown[], root.signPk, new Date()) as VerifiedDesk;
  const legal = () => desks.legal!.id;
  const list = async (who: TestPerson, query = '') => (await staffGet(t, who, `/desks/${legal()}/reseal${query}`).expect(200)).body as ResealPage;
  const directory = async () => (await request(t.http).get('/api/v1/desks').expect(200)).body as { id: string; key: { version: number; chain: unknown[] } | null }[];

  /** The lead's worker: opens the item's newest case key with the old desk key version, walks it down and checks it (SPEC.md §9.1, §9.4). */
  async function openItem(item: ResealItem): Promise<{ top: CaseKey; keys: Map<number, CaseKey> }> {
    expect(item.envelope.version).toBe(1);
    const sealerKey =
      item.envelope.sealer.kind === 'requester'
        ? parseSignPublicKey(item.requester!.signPk)
        : parseSignPublicKey((await staffGet(t, lead, `/keys/staff/${item.envelope.sealer.id}`).expect(200)).body.signPk);
    const top = openCaseKeyEnvelope(item.envelope as unknown as CaseKeyEnvelope, item.caseId, desks.legal!.key, sealerKey, item.epoch);
    const keys = openCaseKeyChain(top, item.caseId, item.epoch, item.caseKeyLinks);
    checkCaseKey(keys.get(1)!, item.caseId, { request: item.request!, requesterEnvelope: item.requesterEnvelope, requester: parseRequesterPublicKeys(item.requester!.encPk, item.requester!.signPk) });
    return { top, keys };
  }

  /** …and makes the case's next epoch, signed by `by`: new keys linked to the old, sealed to every holding desk's current version and the requester. */
  async function nextEpoch(item: ResealItem, by: TestPerson = lead): Promise<BatchCase & { caseKey: CaseKey; newStaffKey: StaffKey }> {
    const { top } = await openItem(item);
    let oldStaff: StaffKey | null = null;
    if (item.staffKey) {
      const g = item.staffKey.envelope!;
      const sealer = parseSignPublicKey((await staffGet(t, lead, `/keys/staff/${g.sealer.id}`).expect(200)).body.signPk);
      oldStaff = openStaffKeyEnvelope(g as unknown as Parameters<typeof openStaffKeyEnvelope>[0], item.caseId, item.epoch, desks.legal!.key, sealer);
      checkStaffKey(oldStaff, item.caseId, item.epoch, item.staffKey.bind, top);
    }
    const epoch = item.epoch + 1;
    const caseKey = generateCaseKey();
    const staffKey = generateStaffKey();
    const current = await directory();
    const envelopes: BatchCase['envelopes'] = [];
    for (const deskId of item.holdingDeskIds) {
      const desk = verifiedDesk(current.find((d) => d.id === deskId)!.key!.chain);
      const recipient = { kind: 'desk' as const, deskId, version: desk.version };
      envelopes.push({ keyKind: 'case', recipient, ...sealCaseKey(caseKey, item.caseId, desk, by.identity, epoch) });
      envelopes.push({ keyKind: 'staff', recipient, ...sealStaffKey(staffKey, item.caseId, epoch, desk, by.identity) });
    }
    envelopes.push({ keyKind: 'case', recipient: { kind: 'requester' }, ...sealCaseKey(caseKey, item.caseId, parseRequesterPublicKeys(item.requester!.encPk, item.requester!.signPk), by.identity, epoch) });
    return {
      caseId: item.caseId,
      epoch,
      caseKeyLink: linkCaseKeys(caseKey, item.caseId, epoch, top),
      staffKey: { bind: bindStaffKey(staffKey, item.caseId, epoch, caseKey), ...(oldStaff ? { link: linkStaffKeys(staffKey, item.caseId, epoch, oldStaff) } : {}) },
      envelopes,
      caseKey,
      newStaffKey: staffKey,
    };
  }
  const batchOf = (cases: BatchCase[], version = 2): ResealBatch => ({
    version,
    cases: cases.map(({ caseId, epoch, caseKeyLink, staffKey, envelopes }) => ({ caseId, epoch, caseKeyLink, staffKey, envelopes })),
  });

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
    leaver = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify });
    newcomer = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.legal!], ...certify });
    medicalLead = await createPerson(t, { roles: ['caseworker', 'desk_lead'], leadDeskIds: [ids.medical!], ...certify });
    medicalWorker = await createPerson(t, { roles: ['caseworker'], deskIds: [ids.medical!], ...certify });
    desks.intake = await certifiedDesk(t, admin, 'intake');
    desks.legal = await certifiedDesk(t, admin, 'legal', [lead, member, leaver]);
    desks.medical = await certifiedDesk(t, admin, 'medical', [medicalWorker, medicalLead]);

    // Before the rotation: three legal cases (the first with a note under its staff-only key), a legal
    // case that gets closed, a medical case, and a medical case referred to legal by a medical caseworker.
    for (let i = 0; i < 3; i++) legalCases.push(await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: `legal case ${i}` } }));
    staffKey1 = await makeStaffKey(t, root, member, legalCases[0]!.caseId, legalCases[0]!.caseKey);
    const noteId = randomUUID();
    const sealedNote = encryptRecord(staffKey1, { caseId: legalCases[0]!.caseId, recordId: noteId, recordKind: 'note' }, { text: 'before the rotation' }, member.identity);
    noteBefore = { id: noteId, ciphertext: sealedNote.ciphertext, authorKid: sealedNote.authorKid };
    await staffPost(t, member, `/cases/${legalCases[0]!.caseId}/notes`, { id: noteBefore.id, ciphertext: sealedNote.ciphertext, authorKid: sealedNote.authorKid }).expect(201);
    closed = await submitIntake(t, root, { type: 'legal', country: 'KZ', language: 'ru', body: { type: 'legal', description: 'closed case' } });
    await t.dataSource.query(`UPDATE aid_cases SET status = 'closed', closed_at = now(), purge_after = now() + interval '30 days', outcome = 'resolved' WHERE id = $1`, [closed.caseId]);
    medicalOnly = await submitIntake(t, root, { type: 'medical', country: 'KZ', language: 'ru', body: { type: 'medical', description: 'medical case' } });
    referred = await submitIntake(t, root, { type: 'medical', country: 'KZ', language: 'ru', body: { type: 'medical', description: 'referred case' } });
    const legalV1 = verifiedDesk(((await staffGet(t, lead, `/desks/${ids.legal}/keys`).expect(200)).body as { chain: unknown[] }[])[0]!.chain);
    await staffPost(t, medicalWorker, `/cases/${referred.caseId}/referrals`, { deskId: ids.legal, envelope: { ...sealCaseKey(referred.caseKey, referred.caseId, legalV1, medicalWorker.identity), version: 1 } }).expect(201);

    // The lead removes the leaver from the desk (only its leads change its members; their desk key
    // envelopes go with the membership); the rotation:
    // version 2, certified, held by the lead and a newcomer only.
    // What the leaver holds when they leave: their copy of desk version 1 (the test keeps it, as they could).
    leaverDeskEnvelope = ((await t.dataSource.query(`SELECT sealed_key FROM desk_key_envelopes WHERE desk_id = $1 AND version = 1 AND staff_id = $2`, [ids.legal, leaver.id])) as { sealed_key: string }[])[0]!.sealed_key;
    await request(t.http).delete(`/api/v1/desks/${ids.legal}/members/${leaver.id}`).set('cookie', lead.cookie).set('x-csrf-token', lead.csrf).expect(204);
    legalV2 = (await certifiedDesk(t, admin, 'legal', [lead, newcomer], 2)).key;
  }, 120_000);
  afterAll(() => t.close());

  it('lists, for the lead, the desk’s open cases whose newest epoch is sealed only to older versions, with what checks its keys', async () => {
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

    for (const item of items) {
      const submission = [...legalCases, referred].find((c) => c.caseId === item.caseId)!;
      // Each envelope opens with the old desk key to the case's own key, which passes the check against the request.
      expect(Buffer.from((await openItem(item)).top).equals(Buffer.from(submission.caseKey))).toBe(true);
      expect(item).toMatchObject({ epoch: 1, caseKeyLinks: [], requester: { encPk: submission.body.requester.encPk, signPk: submission.body.requester.signPk } });
      expect(item.envelope.sealer).toEqual(item.caseId === referred.caseId ? { kind: 'staff', id: medicalWorker.id } : { kind: 'requester', id: expect.any(String) });
      expect(item.holdingDeskIds).toEqual(item.caseId === referred.caseId ? [desks.medical!.id, desks.intake!.id, legal()] : [legal(), desks.intake!.id]);
      // The time the server stored that envelope (readers check its sealer's certificate as of then).
      const [stored] = await t.dataSource.query(
        `SELECT created_at FROM case_key_envelopes WHERE case_id = $1 AND key_kind = 'case' AND recipient_kind = 'desk' AND recipient_id = $2 AND desk_key_version = 1`,
        [item.caseId, legal()],
      );
      expect(item.envelope.createdAt).toBe((stored.created_at as Date).toISOString());
      expect(item.staffKey === null).toBe(item.caseId !== legalCases[0]!.caseId);
    }
  });

  it('refuses bad page parameters', async () => {
    await staffGet(t, lead, `/desks/${legal()}/reseal?limit=0`).expect(422);
    await staffGet(t, lead, `/desks/${legal()}/reseal?limit=21`).expect(422);
    await staffGet(t, lead, `/desks/${legal()}/reseal?after=not-a-cursor`).expect(422);
    await staffGet(t, lead, `/desks/${legal()}/reseal?sort=due`).expect(422);
    // A cursor of another list (the inbox) is refused rather than misread.
    const inbox = (await staffGet(t, lead, `/cases?deskId=${legal()}&limit=1`).expect(200)).body as { next: string | null };
    expect(inbox.next).not.toBeNull();
    await staffGet(t, lead, `/desks/${legal()}/reseal?after=${inbox.next}`).expect(422);
  });

  it('is the desk’s leads’ only: another desk’s lead, a member and an admin are refused; an unknown desk is 404', async () => {
    const item = (await list(lead)).items[0]!;
    const body = batchOf([await nextEpoch(item)]);
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
    const res = await staffPost(t, fresh, `/desks/${legal()}/reseal`, batchOf([await nextEpoch(item, fresh)])).expect(403);
    expect(JSON.parse(res.text).type).toBe('urn:ashar:problem:step-up-required');
  });

  it('refuses a batch that leaves out a holder, gives the staff-only key to the requester, is signed by someone else, names another epoch or case — and writes nothing', async () => {
    const items = await allItems(lead, 20);
    // `good`: the case with a staff-only key; `other`: one without, held by the same desks as another
    // case (`sameHolders`) whose envelopes it is given below. Chosen by content, not by list order
    // (requester-made cases of one minute are listed by id).
    const holders = (i: (typeof items)[number]) => [...i.holdingDeskIds].sort().join();
    const withStaff = items.find((i) => i.staffKey)!;
    const rest = items.filter((i) => !i.staffKey);
    const otherItem = rest.find((a) => rest.some((b) => b !== a && holders(b) === holders(a)))!;
    const sameHolders = rest.find((b) => b !== otherItem && holders(b) === holders(otherItem))!;
    const good = await nextEpoch(withStaff);
    const other = await nextEpoch(otherItem);
    const before = await writtenCounts(t);
    const keys = (await staffGet(t, lead, `/desks/${legal()}/keys`).expect(200)).body as { version: number; chain: unknown[] }[];
    const v1 = verifiedDesk(keys.find((k) => k.version === 1)!.chain);
    const withEnvelopes = (envelopes: BatchCase['envelopes']) => ({ ...other, envelopes });
    const legalCase = other.envelopes.findIndex((g) => g.keyKind === 'case' && g.recipient.kind === 'desk' && g.recipient.deskId === legal());
    const requesterCase = other.envelopes.findIndex((g) => g.recipient.kind === 'requester');
    const replace = (index: number, envelope: BatchCase['envelopes'][number]) => withEnvelopes(other.envelopes.map((g, i) => (i === index ? envelope : g)));
    const refusals: [string, number, string, ResealBatch][] = [
      // A holding desk, or the requester, left out: they would lose the case.
      ['no intake desk', 422, 'cases[1].envelopes: the new keys must go to every desk holding the case and the case key to the requester', batchOf([good, withEnvelopes(other.envelopes.filter((g) => g.recipient.kind !== 'desk' || g.recipient.deskId !== desks.intake!.id))])],
      ['no requester', 422, 'cases[1].envelopes: the new keys must go to every desk holding the case and the case key to the requester', batchOf([good, withEnvelopes(other.envelopes.filter((g) => g.recipient.kind !== 'requester'))])],
      // The staff-only key to the requester.
      ['staff key to requester', 422, 'cases[1].envelopes[' + requesterCase + ']: only the case key is sealed to the requester', batchOf([good, replace(requesterCase, { ...other.envelopes[requesterCase]!, keyKind: 'staff' })])],
      // Sealed to the old version's key.
      ['old key', 422, `cases[1].envelopes[${legalCase}]: sealedKey is not sealed to the recipient’s current certified key`, batchOf([good, replace(legalCase, { ...other.envelopes[legalCase]!, ...sealCaseKey(other.caseKey, other.caseId, v1, lead.identity, 2) })])],
      // Signed by another member of staff, or by a key nobody certified.
      ['other signer', 422, 'cases[1].envelopes[0]: sealerKid is not the key of the caller', batchOf([good, await nextEpoch(otherItem, member)])],
      ['uncertified signer', 422, `cases[1].envelopes[${legalCase}]: sealerKid is not the key of the caller`, batchOf([good, replace(legalCase, { ...other.envelopes[legalCase]!, ...sealCaseKey(other.caseKey, other.caseId, verifiedDesk(keys.find((k) => k.version === 2)!.chain), generateIdentityKeys(), 2) })])],
      // Made for another case.
      ['another case', 422, 'cases[1]: caseId is not an open case of this desk', batchOf([good, { ...other, caseId: medicalOnly.caseId }])],
      ['another case’s envelopes', 422, 'cases[1].envelopes[0]: the signature does not verify', batchOf([good, { ...other, caseId: sameHolders.caseId }])],
      // Not the next epoch.
      ['epoch 3', 409, 'cases[1]: the case is at key epoch 1 now; list the cases again', batchOf([good, { ...other, epoch: 3 }])],
      // The staff-only key of a case that has one must be linked.
      ['no staff link', 422, 'cases[0].staffKey.link: the case has a staff-only key; link it', batchOf([{ ...good, staffKey: { bind: good.staffKey.bind } }, other])],
      ['old version', 422, 'the envelopes name key version 1; the desk’s current certified version is 2', batchOf([good], 1)],
      ['closed case', 422, 'cases[1]: caseId is not an open case of this desk', batchOf([good, { ...other, caseId: closed.caseId }])],
    ];
    for (const [what, status, detail, body] of refusals) {
      const res = await staffPost(t, lead, `/desks/${legal()}/reseal`, body);
      const problem = JSON.parse(res.text) as { status: number; detail: string };
      expect({ what, status: res.status, detail: problem.detail }).toEqual({ what, status, detail });
    }
    expect(await writtenCounts(t)).toEqual(before);
    expect((await list(lead)).total).toBe(items.length);
  });

  it('refuses a batch of more than 20 cases, or naming a case twice', async () => {
    const good = await nextEpoch((await list(lead)).items[0]!);
    await staffPost(t, lead, `/desks/${legal()}/reseal`, batchOf([good, good])).expect(422);
    await staffPost(t, lead, `/desks/${legal()}/reseal`, batchOf(Array.from({ length: 21 }, () => good))).expect(422);
    await staffPost(t, lead, `/desks/${legal()}/reseal`, batchOf([])).expect(422);
  });

  it('writes each case’s next epoch in one go, audits each case, and takes the same batch again without writing anything twice', async () => {
    const items = await allItems(lead, 20);
    const made = await Promise.all(items.slice(0, 2).map((i) => nextEpoch(i)));
    const envelopesBefore = (await writtenCounts(t)).case_key_envelopes ?? 0;
    const sent = made.reduce((n, c) => n + c.envelopes.length, 0);
    const first = (await staffPost(t, lead, `/desks/${legal()}/reseal`, batchOf(made)).expect(200)).body as ResealBatchResult;
    expect(first).toEqual({ version: 2, resealed: made.map((g) => g.caseId), unchanged: [] });
    expect((await writtenCounts(t)).case_key_envelopes).toBe(envelopesBefore + sent);

    const again = (await staffPost(t, lead, `/desks/${legal()}/reseal`, batchOf(made)).expect(200)).body as ResealBatchResult;
    expect(again).toEqual({ version: 2, resealed: [], unchanged: made.map((g) => g.caseId) });
    expect((await writtenCounts(t)).case_key_envelopes).toBe(envelopesBefore + sent);

    // The listed cases are the others now; the case is at epoch 2, and the old envelopes stay.
    const left = await list(lead);
    expect(left.total).toBe(items.length - 2);
    expect(left.items.map((i) => i.caseId)).toEqual(items.slice(2).map((i) => i.caseId));
    const [row] = await t.dataSource.query(`SELECT key_epoch FROM aid_cases WHERE id = $1`, [made[0]!.caseId]);
    expect(row.key_epoch).toBe(2);
    const envelopes: { key_kind: string; epoch: number; desk_key_version: number }[] = await t.dataSource.query(
      `SELECT key_kind, epoch, desk_key_version FROM case_key_envelopes WHERE case_id = $1 AND recipient_kind = 'desk' AND recipient_id = $2 AND key_kind = 'case' ORDER BY epoch`,
      [made[0]!.caseId, legal()],
    );
    expect(envelopes).toEqual([
      { key_kind: 'case', epoch: 1, desk_key_version: 1 },
      { key_kind: 'case', epoch: 2, desk_key_version: 2 },
    ]);

    const audit: { subject_id: string; data: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT subject_id, data FROM audit_events WHERE action = 'case.key_sealed' AND actor_id = $1 ORDER BY seq`,
      [lead.id],
    );
    expect(audit.map((a) => a.subject_id)).toEqual(made.map((g) => g.caseId));
    for (const a of audit) expect(a.data).toMatchObject({ recipientKind: 'desk', deskId: legal(), version: 2, resealed: true, epoch: 2 });
  });

  it('after the re-seal, a new note and message are under keys the removed member never held; a newcomer with version 2 reads the whole case', async () => {
    const rest = await allItems(lead, 20);
    const made = await Promise.all(rest.map((i) => nextEpoch(i)));
    await staffPost(t, lead, `/desks/${legal()}/reseal`, batchOf(made)).expect(200);
    expect(await list(lead)).toEqual({ version: 2, total: 0, items: [], next: null });

    const target = legalCases[0]!;
    // The newcomer (version 2 only) opens the epoch-2 case key, walks to epoch 1 and reads the request; the staff-only key too.
    const view = (await staffGet(t, newcomer, `/cases/${target.caseId}`).expect(200)).body as CaseView;
    expect(view.epoch).toBe(2);
    const envelope2 = view.envelopes.find((g) => g.keyKind === 'case' && g.epoch === 2 && g.recipient.kind === 'desk' && g.recipient.deskId === legal())!;
    const caseKey2 = openCaseKeyEnvelope(envelope2 as unknown as CaseKeyEnvelope, target.caseId, legalV2, lead.identity.signPk, 2);
    const chain = openCaseKeyChain(caseKey2, target.caseId, 2, view.caseKeyLinks);
    expect(Buffer.from(chain.get(1)!).equals(Buffer.from(target.caseKey))).toBe(true);
    const request0 = view.records.find((r) => r.kind === 'request')!;
    expect(decryptRecord(chain.get(1)!, { caseId: target.caseId, recordId: request0.id, recordKind: 'request' }, request0, parseSignPublicKey(view.requester!.signPk))).toEqual({ type: 'legal', description: 'legal case 0' });
    const staff2Envelope = view.envelopes.find((g) => g.keyKind === 'staff' && g.epoch === 2)!;
    const staffKey2 = openStaffKeyEnvelope(staff2Envelope as unknown as Parameters<typeof openStaffKeyEnvelope>[0], target.caseId, 2, legalV2, lead.identity.signPk);

    // A member writes under epoch 2 (epoch 1 is refused now); the requester replies under epoch 2.
    const noteId = randomUUID();
    const note = encryptRecord(staffKey2, { caseId: target.caseId, recordId: noteId, recordKind: 'note' }, { text: 'after the rotation' }, newcomer.identity);
    await staffPost(t, newcomer, `/cases/${target.caseId}/notes`, { id: noteId, ciphertext: note.ciphertext, authorKid: note.authorKid }).expect(409);
    await staffPost(t, newcomer, `/cases/${target.caseId}/notes`, { id: noteId, ciphertext: note.ciphertext, authorKid: note.authorKid, epoch: 2 }).expect(201);
    const messageId = randomUUID();
    const message = encryptRecord(caseKey2, { caseId: target.caseId, recordId: messageId, recordKind: 'message' }, { text: 'after the rotation, to the requester' }, newcomer.identity);
    await staffPost(t, newcomer, `/cases/${target.caseId}/messages`, { id: messageId, ciphertext: message.ciphertext, authorKid: message.authorKid, epoch: 2 }).expect(201);
    const stored = (await t.dataSource.query(`SELECT id, kind, key_kind, epoch FROM case_records WHERE id = ANY($1::uuid[]) ORDER BY kind`, [[noteId, messageId]])) as { kind: string; key_kind: string; epoch: number }[];
    expect(stored.map((r) => [r.kind, r.key_kind, r.epoch])).toEqual([
      ['message', 'case', 2],
      ['note', 'staff', 2],
    ]);

    // The removed member's real keys: their own identity and their copy of desk version 1, taken
    // before they left. Every envelope of the case that these open (signatures checked) gives a key
    // of epoch 1; none opens the keys of epoch 2 that the new note and message are under.
    const v1 = verifiedDesk(((await staffGet(t, lead, `/desks/${legal()}/keys`).expect(200)).body as { version: number; chain: unknown[] }[]).find((k) => k.version === 1)!.chain);
    const leaverDesk = openDeskKey(leaverDeskEnvelope, leaver.identity, v1);
    const signers = new Map([lead, member, newcomer, medicalWorker].map((p) => [p.id, p.identity.signPk]));
    const all = (await t.dataSource.query(`SELECT key_kind, epoch, recipient_kind, sealed_key, sealer_kind, sealer_id, sealer_kid, signature FROM case_key_envelopes WHERE case_id = $1`, [target.caseId])) as {
      key_kind: 'case' | 'staff';
      epoch: number;
      sealed_key: string;
      sealer_kind: 'staff' | 'requester';
      sealer_id: string;
      sealer_kid: string;
      signature: string;
    }[];
    expect(all.some((g) => g.epoch === 2)).toBe(true);
    const opened: { kind: 'case' | 'staff'; epoch: number; key: Uint8Array }[] = [];
    for (const g of all) {
      const envelope = { sealedKey: g.sealed_key, sealerKid: g.sealer_kid, signature: g.signature } as unknown as CaseKeyEnvelope;
      const sealer = g.sealer_kind === 'requester' ? target.keys.signPk : signers.get(g.sealer_id)!;
      for (const opener of [leaverDesk, leaver.identity]) {
        try {
          const key = g.key_kind === 'case' ? openCaseKeyEnvelope(envelope, target.caseId, opener, sealer, g.epoch) : openStaffKeyEnvelope(envelope as never, target.caseId, g.epoch, opener, sealer);
          opened.push({ kind: g.key_kind, epoch: g.epoch, key });
        } catch {
          // Not sealed to them.
        }
      }
    }
    expect([...new Set(opened.map((o) => `${o.kind}:${o.epoch}`))].sort()).toEqual(['case:1', 'staff:1']);
    for (const { key } of opened) {
      expect(() => decryptRecord(key as CaseKey, { caseId: target.caseId, recordId: noteId, recordKind: 'note' }, note, newcomer.identity.signPk)).toThrow(expect.objectContaining({ code: 'wrong_key' }));
      expect(() => decryptRecord(key as CaseKey, { caseId: target.caseId, recordId: messageId, recordKind: 'message' }, message, newcomer.identity.signPk)).toThrow(expect.objectContaining({ code: 'wrong_key' }));
    }
    // What they could read before they left stays readable to them (they may have kept it): the note of epoch 1.
    const oldStaff = opened.find((o) => o.kind === 'staff')!.key;
    expect(decryptRecord(oldStaff as StaffKey, { caseId: target.caseId, recordId: noteBefore.id, recordKind: 'note' }, noteBefore, member.identity.signPk)).toEqual({ text: 'before the rotation' });
    // The newcomer reaches that older note through the staff-only key link of epoch 2.
    const staffLink = view.staffKeys.find((k) => k.epoch === 2)!.link!;
    const linked = openStaffKeyLink(staffKey2, target.caseId, 2, staffLink);
    expect(decryptRecord(linked, { caseId: target.caseId, recordId: noteBefore.id, recordKind: 'note' }, noteBefore, member.identity.signPk)).toEqual({ text: 'before the rotation' });
  });
});
