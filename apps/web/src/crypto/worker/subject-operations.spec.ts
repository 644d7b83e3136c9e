/**
 * openSubjects of the staff crypto worker (issue 16) in Node against the real libs/crypto: the
 * subject lines of an inbox page opened from the caseworker's envelopes — through the desk key or
 * to themself, at epoch 1 or down a key link from epoch 2 — and every way one must not open
 * reported by code for that case alone: a subject of another case or key, a requester key other
 * than the pinned one, an older epoch than the browser saw, an envelope signed by someone else.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type Certificate,
  type DeskKeyPair,
  type IdentityKeys,
  type RequesterKeys,
  type RootKeys,
  type VerifiedDesk,
  type VerifiedPerson,
  deriveRequesterKeys,
  deskSubjectId,
  encodePublicKey,
  generateCaseKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateReceiptCode,
  generateRootKeys,
  issueCertificate,
  kidOf,
  linkCaseKeys,
  ready,
  sealCaseKey,
  sealDeskKey,
  sealSubject,
  verifyCertificateChain,
} from '@ashar/crypto';
import { type CaseKeyCandidate, type SubjectToOpen } from '../worker-api';
import { caseOperations } from './case-operations';
import { forgetEverything, holdUnlocked } from './key-state';

const DESK = 'desk-legal';
const CASES = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002', '0a1b2c3d-0000-4000-8000-000000000003'] as const;
const notAfter = () => new Date(Date.now() + 365 * 24 * 3600 * 1000);
const stored = () => new Date(Date.now() - 60_000).toISOString();

let root: RootKeys;
let rootText: string;
let me: { id: string; keys: IdentityKeys; verified: VerifiedPerson };
let desk: DeskKeyPair;
let deskChain: Certificate[];
let requester: RequesterKeys;

beforeAll(async () => {
  await ready();
  root = generateRootKeys();
  rootText = encodePublicKey(root.signPk);
  const admin = generateIdentityKeys();
  const adminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-1', encPk: admin.encPk, signPk: admin.signPk, notAfter: notAfter() });
  const keys = generateIdentityKeys();
  const cert = issueCertificate(admin, { kind: 'staff', subjectId: 'staff-carlos', encPk: keys.encPk, signPk: keys.signPk, notAfter: notAfter() });
  me = { id: 'staff-carlos', keys, verified: verifyCertificateChain([cert, adminCert], root.signPk, new Date()) as VerifiedPerson };
  desk = generateDeskKeyPair(DESK, 1);
  deskChain = [issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId(DESK, 1), encPk: desk.encPk, signPk: desk.signPk, notAfter: notAfter() }), adminCert];
  requester = deriveRequesterKeys(generateReceiptCode(), 'ashar.test');
  holdUnlocked({ userId: me.id, identity: { ...keys, encSk: keys.encSk.slice(), signSk: keys.signSk.slice() } as IdentityKeys, vaultKey: new Uint8Array(32) as never });
});

afterAll(() => {
  forgetEverything();
});

const requesterPublic = () => ({ encPk: encodePublicKey(requester.encPk), signPk: encodePublicKey(requester.signPk) });

/** A case as intake makes it: its key sealed by the requester to the desk, its subject sealed under it. */
function intakeCase(caseId: string, subject: string): { item: SubjectToOpen; caseKey: ReturnType<typeof generateCaseKey> } {
  const caseKey = generateCaseKey();
  const verifiedDesk = verifyCertificateChain(deskChain, root.signPk, new Date()) as VerifiedDesk;
  const envelope = sealCaseKey(caseKey, caseId, verifiedDesk, requester);
  const candidate: CaseKeyCandidate = {
    keyKind: 'case',
    epoch: 1,
    envelope: { ...envelope, sealedKey: envelope.sealedKey as string, sealerKid: envelope.sealerKid as string, storedAt: stored() },
    opener: { kind: 'desk', deskId: DESK, version: 1, deskChain, sealedDeskKey: sealDeskKey(desk, me.verified) as string },
    sealer: { kind: 'requester' },
  };
  return {
    caseKey,
    item: { caseId, subject: sealSubject(caseKey, caseId, subject) as string, epoch: 1, requester: requesterPublic(), caseKeyLinks: [], pinnedRequesterKid: null, pinnedEpoch: null, candidates: [candidate] },
  };
}

describe('openSubjects', () => {
  it('opens the subjects of a page through the desk key, each case on its own', async () => {
    const first = intakeCase(CASES[0], 'Brother detained in Almaty — we need a lawyer');
    const second = intakeCase(CASES[1], 'Угрозы после публикации');
    const readings = await caseOperations.openSubjects({ root: rootText, cases: [first.item, second.item] });
    expect(readings).toEqual([
      { caseId: CASES[0], state: 'open', subject: 'Brother detained in Almaty — we need a lawyer' },
      { caseId: CASES[1], state: 'open', subject: 'Угрозы после публикации' },
    ]);
    // Nothing is kept: the case is not open in the worker afterwards.
    expect(await caseOperations.caseKeysHeld(CASES[0])).toBeNull();
  });

  it('reaches epoch 1 down the key link from an envelope of epoch 2 to the person', async () => {
    const { item, caseKey } = intakeCase(CASES[2], 'After the rotation');
    const newer = generateCaseKey();
    const link = linkCaseKeys(newer, CASES[2], 2, caseKey) as string;
    const toMe = sealCaseKey(newer, CASES[2], me.verified, me.keys, 2);
    const candidate: CaseKeyCandidate = {
      keyKind: 'case',
      epoch: 2,
      envelope: { sealedKey: toMe.sealedKey as string, sealerKid: toMe.sealerKid as string, signature: toMe.signature, storedAt: stored() },
      opener: { kind: 'self' },
      sealer: { kind: 'staff', staffId: me.id, chain: [] },
    };
    // The sealer's chain is missing: refused, and the older desk envelope is tried next.
    const readings = await caseOperations.openSubjects({ root: rootText, cases: [{ ...item, epoch: 2, caseKeyLinks: [{ epoch: 2, link }], candidates: [candidate, ...item.candidates] }] });
    expect(readings).toEqual([{ caseId: CASES[2], state: 'open', subject: 'After the rotation' }]);
    // Only the epoch-2 envelope: without a certified sealer it does not open.
    const alone = await caseOperations.openSubjects({ root: rootText, cases: [{ ...item, epoch: 2, caseKeyLinks: [{ epoch: 2, link }], candidates: [candidate] }] });
    expect(alone).toEqual([{ caseId: CASES[2], state: 'failed', code: 'sealer_not_certified' }]);
  });

  it('reports a subject that does not open, a changed requester key and a rolled-back epoch, without failing the others', async () => {
    const good = intakeCase(CASES[0], 'Fine');
    const other = intakeCase(CASES[1], 'Moved from another case');
    // The server puts another case's subject (another key, another case id) on this row: it does not open.
    const moved = { ...intakeCase(CASES[1], 'x').item, subject: sealSubject(other.caseKey, CASES[0], 'Moved from another case') as string };
    const pinnedOther = { ...good.item, caseId: CASES[0], pinnedRequesterKid: kidOf(generateIdentityKeys().signPk) as string };
    const rolledBack = { ...good.item, pinnedEpoch: 2 };
    const readings = await caseOperations.openSubjects({ root: rootText, cases: [moved, pinnedOther, rolledBack, good.item] });
    expect(readings.map((r) => (r.state === 'open' ? r.subject : r.code))).toEqual(['wrong_key', 'requester_key_changed', 'case_rolled_back', 'Fine']);
  });
});
