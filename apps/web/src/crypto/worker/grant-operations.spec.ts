/**
 * The grant operations of the crypto worker (staff: worker/grant-operations.ts; requester:
 * requester-grant-operations.ts) run in Node against the real libs/crypto: a caseworker opens a
 * case and makes a grant key sealed to the finance desk, to themself and to the requester; the
 * requester opens theirs, types payee details, reports and uploads a receipt; a finance desk
 * member opens the grant through the desk key and reads all of it; approvers sign the terms and
 * their signatures are checked. The only stand-in is the network: `fetch` answers a report
 * file's content with the bytes the upload produced.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  type Certificate,
  type DeskHistoryEntry,
  type DeskKeyPair,
  type IdentityKeys,
  type RequesterKeys,
  type RootKeys,
  type VerifiedPerson,
  deriveRequesterKeys,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  encryptRecord,
  generateCaseKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateReceiptCode,
  generateRootKeys,
  issueCertificate,
  ready,
  requesterPublicKeys,
  sealCaseKey,
  sealDeskKey,
  signDeskApproval,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type GrantTermsIn } from '../grant-worker-api';
import { requesterGrantOperations } from '../requester-grant-operations';
import { requesterOperations } from '../requester-worker';
import { WORKER_CRYPTO_ERROR } from '../worker-api';
import { caseOperations } from './case-operations';
import { grantOperations, payeeDetailsOf } from './grant-operations';
import { forgetEverything, holdUnlocked } from './key-state';

const INSTANCE = 'ashar.test';
const CASE_ID = '3f1c9a2e-5b7d-4e8f-9a1b-2c3d4e5f6a7b';
const GRANT_ID = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const FINANCE = 'desk-finance';

let root: RootKeys;
let rootText: string;
let admin: IdentityKeys;
let adminCert: Certificate;
let secondAdmin: IdentityKeys;
let secondAdminCert: Certificate;
let deskHistory: DeskHistoryEntry[];
let financeDesk: DeskKeyPair;

interface Person {
  readonly id: string;
  readonly keys: IdentityKeys;
  readonly chain: Certificate[];
}
let proposer: Person;
let financeMember: Person;
let approverA: Person;
let approverB: Person;
let receiptCode: string;
let requester: RequesterKeys;

const stored = () => new Date(Date.now() - 60_000).toISOString();
const notAfter = () => new Date(Date.now() + 365 * 24 * 3600 * 1000);

function person(id: string): Person {
  const keys = generateIdentityKeys();
  const cert = issueCertificate(admin, { kind: 'staff', subjectId: id, encPk: keys.encPk, signPk: keys.signPk, notAfter: notAfter() });
  return { id, keys, chain: [cert, adminCert] };
}

function unlock(who: Person): void {
  holdUnlocked({ userId: who.id, identity: { ...who.keys, encSk: who.keys.encSk.slice(), signSk: who.keys.signSk.slice() } as IdentityKeys, vaultKey: new Uint8Array(32) as never });
}

/** The code a worker operation failed with (its Error carries only the code). */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && error.name === WORKER_CRYPTO_ERROR) return error.message;
    throw error;
  }
  throw new Error('expected the operation to fail');
}

const terms: GrantTermsIn = { grantId: GRANT_ID, version: 1, amountMinor: '120000', currency: 'EUR', fundId: 'fund-1', budgetLineId: 'line-3', decision: 'approve' };

beforeAll(async () => {
  await ready();
  root = generateRootKeys();
  rootText = encodePublicKey(root.signPk);
  admin = generateIdentityKeys();
  adminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-1', encPk: admin.encPk, signPk: admin.signPk, notAfter: notAfter() });
  secondAdmin = generateIdentityKeys();
  secondAdminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-2', encPk: secondAdmin.encPk, signPk: secondAdmin.signPk, notAfter: notAfter() });
  financeDesk = generateDeskKeyPair(FINANCE, 1);
  const deskCert = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId(FINANCE, 1), encPk: financeDesk.encPk, signPk: financeDesk.signPk, notAfter: notAfter() });
  const versionKeys = deskVersionKeys(financeDesk);
  deskHistory = [
    {
      version: 1,
      encPk: versionKeys.encPk,
      signPk: versionKeys.signPk,
      chain: [deskCert, adminCert],
      certifiedAt: stored(),
      link: null,
      approval: { signature: signDeskApproval(secondAdmin, versionKeys), chain: [secondAdminCert], approvedAt: stored() },
    },
  ];
  proposer = person('staff-proposer');
  financeMember = person('staff-finance');
  approverA = person('staff-approver-a');
  approverB = person('staff-approver-b');
  receiptCode = generateReceiptCode();
  requester = deriveRequesterKeys(receiptCode, INSTANCE);
});

afterAll(() => {
  forgetEverything();
});

/** The proposer opens the case: the requester's intake (request record, own envelope, an envelope to the proposer). */
async function openCaseAsProposer(): Promise<void> {
  unlock(proposer);
  const caseKey = generateCaseKey();
  const request = encryptRecord(caseKey, { caseId: CASE_ID, recordId: 'rec-request', recordKind: 'request' }, { type: 'legal', text: 'help' }, requester);
  const own = sealCaseKey(caseKey, CASE_ID, requesterPublicKeys(requester), requester);
  const verified = verifyCertificateChain(proposer.chain, root.signPk, new Date()) as VerifiedPerson;
  const toProposer = sealCaseKey(caseKey, CASE_ID, verified, requester);
  const result = await caseOperations.openCaseKey({
    root: rootText,
    caseId: CASE_ID,
    epoch: 1,
    staffKeys: [],
    caseKeyLinks: [],
    pinnedEpoch: null,
    candidates: [{ keyKind: 'case', epoch: 1, envelope: { ...toProposer, storedAt: stored() }, opener: { kind: 'self' }, sealer: { kind: 'requester' } }],
    request: { id: 'rec-request', ciphertext: request.ciphertext, authorKid: request.authorKid },
    requesterEnvelope: own,
    requester: { encPk: encodePublicKey(requester.encPk), signPk: encodePublicKey(requester.signPk) },
    pinnedRequesterKid: null,
  });
  expect(result.opened).toBe(true);
}

describe('a grant from proposal to report, through the worker', () => {
  it('is sealed, opened, written and read by each party, and approvals verify', async () => {
    await openCaseAsProposer();
    const made = await grantOperations.createGrantKey({
      root: rootText,
      grantId: GRANT_ID,
      caseId: CASE_ID,
      desks: [{ deskId: FINANCE, history: deskHistory, seen: null }],
      revocations: [],
      sealToRequester: true,
    });
    expect(made.envelopes.map((e) => e.recipient)).toEqual([{ kind: 'desk', deskId: FINANCE, version: 1 }, { kind: 'staff', staffId: proposer.id }, { kind: 'requester' }]);
    expect(made.seen[FINANCE]?.version).toBe(1);
    expect(await grantOperations.grantKeyHeld(GRANT_ID)).toBe(true);
    const [toDesk, toProposer, toRequester] = made.envelopes;

    // The proposer writes payee details; they read back under the proposer's certified key.
    const byProposer = await grantOperations.writeGrantPayee(GRANT_ID, { method: 'bank', holder: 'A. Person', account: 'KG00 1234' });
    const proposerReading = await grantOperations.readGrantPayee({
      root: rootText,
      grantId: GRANT_ID,
      payee: { ...byProposer, storedAt: stored(), author: { kind: 'staff', staffId: proposer.id, chain: proposer.chain } },
    });
    expect(proposerReading).toEqual({ state: 'verified', details: { method: 'bank', holder: 'A. Person', account: 'KG00 1234' }, from: 'staff' });

    // The proposer's own envelope opens for them again after forgetting the key.
    await grantOperations.forgetGrant(GRANT_ID);
    expect(await grantOperations.grantKeyHeld(GRANT_ID)).toBe(false);
    const own = await grantOperations.openGrantKey({
      root: rootText,
      grantId: GRANT_ID,
      candidates: [{ envelope: { ...toProposer!, storedAt: stored() }, opener: { kind: 'self' }, sealer: { kind: 'staff', staffId: proposer.id, chain: proposer.chain } }],
    });
    expect(own).toEqual({ opened: true, index: 0 });

    // The requester opens their envelope with the receipt keys, types payee details, reports and uploads a receipt.
    await requesterOperations.openReceipt(receiptCode, INSTANCE);
    const staffKeys = [{ id: proposer.id, displayName: 'Proposer', encPk: encodePublicKey(proposer.keys.encPk), signPk: encodePublicKey(proposer.keys.signPk), chain: proposer.chain }];
    const requesterEnvelope = { ...toRequester!, createdAt: stored(), sealer: { kind: 'staff' as const, id: proposer.id } };
    await requesterGrantOperations.openRequesterGrant(GRANT_ID, requesterEnvelope, staffKeys, rootText);
    // The requester confirms what the proposer typed.
    const confirmed = await requesterGrantOperations.openRequesterPayee(GRANT_ID, { ...byProposer, createdAt: stored(), author: { kind: 'staff', id: proposer.id } }, staffKeys, rootText);
    expect(confirmed).toEqual({ state: 'verified', details: { method: 'bank', holder: 'A. Person', account: 'KG00 1234' }, from: 'staff' });
    const byRequester = await requesterGrantOperations.sealRequesterPayee(GRANT_ID, { method: 'mobile', phone: '+996 555 000 000' });
    expect(await requesterGrantOperations.openRequesterPayee(GRANT_ID, { ...byRequester, createdAt: stored(), author: { kind: 'requester' } }, staffKeys, rootText)).toEqual({
      state: 'verified',
      details: { method: 'mobile', phone: '+996 555 000 000' },
      from: 'you',
    });
    const report = await requesterGrantOperations.sealGrantReport(GRANT_ID, { text: 'The lock is installed.' });
    const receipt = new Uint8Array(70_000).map((_v, i) => i % 251);
    const upload = await requesterGrantOperations.beginGrantFileUpload(GRANT_ID, new Blob([receipt], { type: 'image/jpeg' }), 'receipt.jpg');
    expect(upload.chunkCount).toBe(2);
    const parts: Uint8Array[] = [];
    for (let final = false; !final; ) {
      const chunk = await requesterOperations.nextFileChunk(upload.fileId);
      parts.push(chunk.bytes);
      final = chunk.final;
    }
    await requesterOperations.endFileUpload(upload.fileId);
    const ciphertext = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
    expect(ciphertext.length).toBe(upload.encryptedSize);

    // A finance desk member opens the grant through the desk key and reads everything.
    forgetEverything();
    unlock(financeMember);
    const verifiedMember = verifyCertificateChain(financeMember.chain, root.signPk, new Date()) as VerifiedPerson;
    const sealedDeskKey = sealDeskKey(financeDesk, verifiedMember);
    const deskOpen = await grantOperations.openGrantKey({
      root: rootText,
      grantId: GRANT_ID,
      candidates: [
        // Not sealed to this person: reported, and the next candidate is tried.
        { envelope: { ...toProposer!, storedAt: stored() }, opener: { kind: 'self' }, sealer: { kind: 'staff', staffId: proposer.id, chain: proposer.chain } },
        {
          envelope: { ...toDesk!, storedAt: stored() },
          opener: { kind: 'desk', deskId: FINANCE, version: 1, deskChain: deskHistory[0]!.chain, sealedDeskKey },
          sealer: { kind: 'staff', staffId: proposer.id, chain: proposer.chain },
        },
      ],
    });
    expect(deskOpen).toEqual({ opened: true, index: 1 });
    const requesterSigner = { kind: 'requester' as const, signPk: encodePublicKey(requester.signPk), pinnedRequesterKid: null };
    expect(await grantOperations.readGrantPayee({ root: rootText, grantId: GRANT_ID, payee: { ...byRequester, storedAt: stored(), author: requesterSigner } })).toEqual({
      state: 'verified',
      details: { method: 'mobile', phone: '+996 555 000 000' },
      from: 'requester',
    });
    const reports = await grantOperations.readGrantReports({ root: rootText, grantId: GRANT_ID, reports: [{ ...report, storedAt: stored(), author: requesterSigner }] });
    expect(reports).toEqual([{ id: report.id, state: 'verified', body: { text: 'The lock is installed.' }, from: 'requester' }]);
    const metas = await grantOperations.readGrantFileMeta(GRANT_ID, [{ fileId: upload.fileId, meta: upload.body.meta }]);
    expect(metas).toEqual([{ fileId: upload.fileId, state: 'verified', name: 'receipt.jpg', type: 'image/jpeg', size: 70_000 }]);

    const realFetch = globalThis.fetch;
    const asked: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      asked.push(String(input));
      return new Response(ciphertext);
    }) as typeof fetch;
    try {
      const blob = await grantOperations.downloadGrantFile({ grantId: GRANT_ID, fileId: upload.fileId, header: upload.body.header, wrappedKey: upload.body.wrappedKey, meta: upload.body.meta });
      expect(new Uint8Array(await blob.arrayBuffer())).toEqual(receipt);
      expect(asked).toEqual([`/api/v1/grants/${GRANT_ID}/files/${upload.fileId}/content`]);
      // One flipped byte of the stored ciphertext: the file is refused.
      const flipped = ciphertext.slice();
      flipped[100] = (flipped[100] ?? 0) ^ 1;
      globalThis.fetch = (async () => new Response(flipped)) as typeof fetch;
      expect(await failure(grantOperations.downloadGrantFile({ grantId: GRANT_ID, fileId: upload.fileId, header: upload.body.header, wrappedKey: upload.body.wrappedKey, meta: upload.body.meta }))).toBe('tampered');
    } finally {
      globalThis.fetch = realFetch;
    }

    // Approvers sign the terms; the signatures verify against their certified keys, and not over other terms.
    unlock(approverA);
    const signedA = await grantOperations.signGrantTerms(approverA.chain, rootText, terms);
    unlock(approverB);
    const signedB = await grantOperations.signGrantTerms(approverB.chain, rootText, terms);
    const approvals = [
      { approverId: approverA.id, chain: approverA.chain, ...signedA, storedAt: stored() },
      { approverId: approverB.id, chain: approverB.chain, ...signedB, storedAt: stored() },
    ];
    expect(await grantOperations.verifyGrantApprovals({ root: rootText, terms, approvals })).toEqual([
      { approverId: approverA.id, state: 'verified' },
      { approverId: approverB.id, state: 'verified' },
    ]);
    expect(await grantOperations.verifyGrantApprovals({ root: rootText, terms: { ...terms, version: 2 }, approvals })).toEqual([
      { approverId: approverA.id, state: 'refused', code: 'bad_signature' },
      { approverId: approverB.id, state: 'refused', code: 'bad_signature' },
    ]);
    // A's signature presented as B's (B's chain): refused.
    expect(await grantOperations.verifyGrantApprovals({ root: rootText, terms, approvals: [{ ...approvals[0]!, approverId: approverB.id, chain: approverB.chain }] })).toEqual([
      { approverId: approverB.id, state: 'refused', code: 'wrong_key' },
    ]);
    // A chain for someone else than the named approver: refused before any signature check.
    expect(await grantOperations.verifyGrantApprovals({ root: rootText, terms, approvals: [{ ...approvals[0]!, approverId: 'staff-other' }] })).toEqual([
      { approverId: 'staff-other', state: 'refused', code: 'sealer_not_certified' },
    ]);
  });
});

describe('what the grant operations refuse', () => {
  beforeEach(() => {
    forgetEverything();
  });

  it('write nothing without a held grant key, and refuse payee details out of shape', async () => {
    unlock(proposer);
    expect(await failure(grantOperations.writeGrantPayee(GRANT_ID, { holder: 'x' }))).toBe('grant_not_open');
    expect(await failure(grantOperations.readGrantFileMeta(GRANT_ID, []))).toBe('grant_not_open');
    expect(() => payeeDetailsOf({ holder: 42 })).toThrow('invalid_grant_content');
    expect(() => payeeDetailsOf({})).toThrow('invalid_grant_content');
    expect(() => payeeDetailsOf(['x'])).toThrow('invalid_grant_content');
    expect(() => payeeDetailsOf({ holder: 'x'.repeat(2001) })).toThrow('invalid_grant_content');
    expect(payeeDetailsOf({ holder: 'A. Person' })).toEqual({ holder: 'A. Person' });
  });

  it('seal to the requester only from an open case, and refuse an uncertified extra recipient', async () => {
    unlock(proposer);
    const base = { root: rootText, grantId: GRANT_ID, caseId: '0f1e2d3c-4b5a-4968-8776-655443322110', desks: [], revocations: [] };
    expect(await failure(grantOperations.createGrantKey({ ...base, sealToRequester: true }))).toBe('case_not_open');
    const stranger = generateIdentityKeys();
    const selfSigned = issueCertificate(stranger, { kind: 'staff', subjectId: 'staff-stranger', encPk: stranger.encPk, signPk: stranger.signPk, notAfter: notAfter() });
    expect(await failure(grantOperations.createGrantKey({ ...base, sealToRequester: false, staff: [{ staffId: 'staff-stranger', chain: [selfSigned, adminCert] }] }))).toBe('untrusted_certificate');
    expect(await failure(grantOperations.createGrantKey({ ...base, sealToRequester: false, staff: [{ staffId: 'staff-someone', chain: financeMember.chain }] }))).toBe('member_not_certified');
    expect(await grantOperations.grantKeyHeld(GRANT_ID)).toBe(false);
  });

  it('refuse an envelope from an uncertified sealer, a tampered payee and a changed requester key', async () => {
    unlock(proposer);
    const made = await grantOperations.createGrantKey({ root: rootText, grantId: GRANT_ID, caseId: CASE_ID, desks: [], revocations: [], sealToRequester: false });
    const mine = made.envelopes[0]!;
    expect(mine.recipient).toEqual({ kind: 'staff', staffId: proposer.id });
    const payee = await grantOperations.writeGrantPayee(GRANT_ID, { holder: 'A. Person' });
    await grantOperations.forgetGrant(GRANT_ID);
    const other = await grantOperations.openGrantKey({
      root: rootText,
      grantId: GRANT_ID,
      candidates: [
        { envelope: { ...mine, storedAt: stored() }, opener: { kind: 'self' }, sealer: { kind: 'staff', staffId: financeMember.id, chain: financeMember.chain } },
        { envelope: { ...mine, storedAt: stored() }, opener: { kind: 'self' }, sealer: { kind: 'requester', signPk: encodePublicKey(requester.signPk), pinnedRequesterKid: 'AAAAAAAAAAAAAAAAAAAAAA' } },
      ],
    });
    expect(other).toEqual({ opened: false, failures: [{ index: 0, code: 'wrong_key' }, { index: 1, code: 'requester_key_changed' }] });
    expect(
      await grantOperations.openGrantKey({
        root: rootText,
        grantId: '11111111-2222-4333-8444-555555555555',
        candidates: [{ envelope: { ...mine, storedAt: stored() }, opener: { kind: 'self' }, sealer: { kind: 'staff', staffId: proposer.id, chain: proposer.chain } }],
      }),
    ).toEqual({ opened: false, failures: [{ index: 0, code: 'wrong_ad' }] });
    await grantOperations.openGrantKey({
      root: rootText,
      grantId: GRANT_ID,
      candidates: [{ envelope: { ...mine, storedAt: stored() }, opener: { kind: 'self' }, sealer: { kind: 'staff', staffId: proposer.id, chain: proposer.chain } }],
    });
    const author = { kind: 'staff' as const, staffId: proposer.id, chain: proposer.chain };
    const cut = payee.ciphertext.slice(0, -4) + (payee.ciphertext.endsWith('AAAA') ? 'BAAA' : 'AAAA');
    expect(await grantOperations.readGrantPayee({ root: rootText, grantId: GRANT_ID, payee: { ...payee, ciphertext: cut, storedAt: stored(), author } })).toEqual({ state: 'refused', code: 'tampered' });
    expect(await grantOperations.readGrantPayee({ root: rootText, grantId: GRANT_ID, payee: { ...payee, storedAt: stored(), author: { ...author, staffId: financeMember.id, chain: financeMember.chain } } })).toEqual({
      state: 'refused',
      code: 'wrong_key',
    });
  });

  it('sign approvals only with a certified own chain and only valid terms', async () => {
    unlock(approverA);
    expect(await failure(grantOperations.signGrantTerms(approverB.chain, rootText, terms))).toBe('not_certified');
    expect(await failure(grantOperations.signGrantTerms(approverA.chain, rootText, { ...terms, amountMinor: '0120000' }))).toBe('invalid_input');
    expect(await failure(grantOperations.signGrantTerms(approverA.chain, rootText, { ...terms, currency: 'eur' }))).toBe('invalid_input');
  });

  it('on the requester side, open nothing without receipt keys or a grant key', async () => {
    await requesterOperations.forgetRequester();
    expect(await failure(requesterGrantOperations.sealRequesterPayee(GRANT_ID, { holder: 'x' }))).toBe('no_receipt');
    await requesterOperations.openReceipt(receiptCode, INSTANCE);
    expect(await failure(requesterGrantOperations.sealRequesterPayee(GRANT_ID, { holder: 'x' }))).toBe('no_grant');
    expect(await failure(requesterGrantOperations.sealGrantReport(GRANT_ID, { text: 'x' }))).toBe('no_grant');
    expect(await failure(requesterGrantOperations.beginGrantFileUpload(GRANT_ID, new Blob([]), 'x'))).toBe('no_grant');
    await requesterOperations.forgetRequester();
  });
});
