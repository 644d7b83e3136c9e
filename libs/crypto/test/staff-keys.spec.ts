/**
 * SPEC.md §9.2 and §9.3: the staff-only key (sealed to desks and staff, never to a requester,
 * bound to its epoch's case key) and files bound to their record kind.
 */
import {
  type RequesterKeys,
  type VerifiedDesk,
  type VerifiedPerson,
  bindStaffKey,
  checkStaffKey,
  createFileEncryptor,
  decryptCaseFileMeta,
  decryptFileMeta,
  decryptRecord,
  deskSubjectId,
  encryptCaseFileMeta,
  encryptRecord,
  generateCaseKey,
  generateDeskKeyPair,
  generateFileKey,
  generateIdentityKeys,
  generateRootKeys,
  generateStaffKey,
  issueCertificate,
  openCaseKeyEnvelope,
  openStaffKeyEnvelope,
  ready,
  requesterPublicKeys,
  sealCaseKey,
  sealStaffKey,
  unwrapCaseFileKey,
  unwrapFileKey,
  verifyCaseKeyEnvelope,
  verifyCertificateChain,
  verifyStaffKeyEnvelope,
  wrapCaseFileKey,
} from '../src/index';
import { expectCode } from './helpers';

beforeAll(() => ready());

const caseId = 'case-0001';
const NOW = new Date('2030-06-01T00:00:00Z');
const LATER = new Date('2031-01-01T00:00:00Z');

function team() {
  const root = generateRootKeys();
  const admin = generateIdentityKeys();
  const staff = generateIdentityKeys();
  const adminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-1', encPk: admin.encPk, signPk: admin.signPk, notAfter: LATER });
  const staffCert = issueCertificate(admin, { kind: 'staff', subjectId: 'staff-1', encPk: staff.encPk, signPk: staff.signPk, notAfter: LATER });
  const desk = generateDeskKeyPair('desk-legal', 1);
  const deskCert = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId('desk-legal', 1), encPk: desk.encPk, signPk: desk.signPk, notAfter: LATER });
  return {
    staff,
    desk,
    verifiedStaff: verifyCertificateChain([staffCert, adminCert], root.signPk, NOW) as VerifiedPerson,
    verifiedDesk: verifyCertificateChain([deskCert, adminCert], root.signPk, NOW) as VerifiedDesk,
  };
}

function requester(): RequesterKeys {
  return { ...generateIdentityKeys(), kind: 'requester' } as unknown as RequesterKeys;
}

describe('staff-only keys (§9.2)', () => {
  it('are sealed to a desk and a person, signed by staff, and open for them', () => {
    const { staff, desk, verifiedStaff, verifiedDesk } = team();
    const key = generateStaffKey();
    const toDesk = sealStaffKey(key, caseId, 1, verifiedDesk, staff);
    const toPerson = sealStaffKey(key, caseId, 1, verifiedStaff, staff);
    expect(openStaffKeyEnvelope(toDesk, caseId, 1, desk, staff.signPk)).toEqual(key);
    expect(openStaffKeyEnvelope(toPerson, caseId, 1, staff, staff.signPk)).toEqual(key);
    expect(verifyStaffKeyEnvelope(toDesk, caseId, staff.signPk)).toBe(verifiedDesk.encKid);
  });

  it('are never sealed to a requester', () => {
    const { staff } = team();
    expectCode(() => sealStaffKey(generateStaffKey(), caseId, 1, requesterPublicKeys(requester()) as never, staff), 'invalid_input');
  });

  it('cannot be confused with a case key, another epoch or another case', () => {
    const { staff, desk, verifiedDesk } = team();
    const key = generateStaffKey();
    const envelope = sealStaffKey(key, caseId, 1, verifiedDesk, staff);
    // Opened as a case key envelope: the binding inside the sealed box says staff-key.
    expectCode(() => openCaseKeyEnvelope(envelope as never, caseId, desk, staff.signPk), 'wrong_ad');
    expectCode(() => openStaffKeyEnvelope(envelope, caseId, 2, desk, staff.signPk), 'wrong_ad');
    expectCode(() => openStaffKeyEnvelope(envelope, 'case-0002', 1, desk, staff.signPk), 'wrong_ad');
    // A case key envelope offered as a staff-only key: its binding is case-key, and its signature is of another purpose.
    const caseEnvelope = sealCaseKey(generateCaseKey(), caseId, verifiedDesk, staff);
    expectCode(() => openStaffKeyEnvelope(caseEnvelope as never, caseId, 1, desk, staff.signPk), 'wrong_ad');
    expectCode(() => verifyStaffKeyEnvelope(caseEnvelope, caseId, staff.signPk), 'bad_signature');
    expectCode(() => verifyCaseKeyEnvelope(envelope, caseId, staff.signPk), 'bad_signature');
  });

  it('are trusted only with the certified sealer key', () => {
    const { staff, desk, verifiedDesk } = team();
    const envelope = sealStaffKey(generateStaffKey(), caseId, 1, verifiedDesk, staff);
    expectCode(() => openStaffKeyEnvelope(envelope, caseId, 1, desk, generateIdentityKeys().signPk), 'wrong_key');
  });

  it('carry their epoch’s case key: another case key or epoch is refused', () => {
    const key = generateStaffKey();
    const caseKey = generateCaseKey();
    const binding = bindStaffKey(key, caseId, 1, caseKey);
    expect(() => checkStaffKey(key, caseId, 1, binding, caseKey)).not.toThrow();
    expectCode(() => checkStaffKey(key, caseId, 1, binding, generateCaseKey()), 'wrong_key');
    expectCode(() => checkStaffKey(key, caseId, 2, binding, caseKey), 'wrong_ad');
    expectCode(() => checkStaffKey(generateStaffKey(), caseId, 1, binding, caseKey), 'wrong_key');
  });

  it('keep notes from whoever holds only the case key (the requester)', () => {
    const { staff } = team();
    const key = generateStaffKey();
    const caseKey = generateCaseKey();
    const note = encryptRecord(key, { caseId, recordId: 'rec-note', recordKind: 'note' }, { text: 'staff only' }, staff);
    expect(decryptRecord(key, { caseId, recordId: 'rec-note', recordKind: 'note' }, note, staff.signPk)).toEqual({ text: 'staff only' });
    expectCode(() => decryptRecord(caseKey, { caseId, recordId: 'rec-note', recordKind: 'note' }, note, staff.signPk), 'wrong_key');
    expectCode(() => decryptRecord(caseKey, { caseId, recordId: 'rec-note', recordKind: 'message' }, note, staff.signPk), 'wrong_key');
  });
});

describe('files of format 2 (§9.3)', () => {
  const meta = { name: 'assessment.pdf', type: 'application/pdf', size: 1234 };

  it('bind the wrapped key and the metadata to the record kind', () => {
    const caseKey = generateCaseKey();
    const fileKey = generateFileKey();
    const ref = { caseId, fileId: 'file-1', recordKind: 'message' };
    const wrapped = wrapCaseFileKey(caseKey, ref, fileKey);
    const sealedMeta = encryptCaseFileMeta(caseKey, ref, meta);
    expect(unwrapCaseFileKey(caseKey, ref, wrapped)).toEqual(fileKey);
    expect(decryptCaseFileMeta(caseKey, ref, sealedMeta)).toEqual(meta);
    // The same file presented as the request's.
    expectCode(() => unwrapCaseFileKey(caseKey, { ...ref, recordKind: 'request' }, wrapped), 'wrong_ad');
    expectCode(() => decryptCaseFileMeta(caseKey, { ...ref, recordKind: 'request' }, sealedMeta), 'wrong_ad');
    // Read with the format-1 purposes, which bind no kind.
    expectCode(() => unwrapFileKey(caseKey, ref, wrapped), 'wrong_ad');
    expectCode(() => decryptFileMeta(caseKey, ref, sealedMeta), 'wrong_ad');
  });

  it('of a note are under the staff-only key: relabelled as a message’s, they do not open with the case key', () => {
    const staffKey = generateStaffKey();
    const caseKey = generateCaseKey();
    const fileKey = generateFileKey();
    const note = { caseId, fileId: 'file-2', recordKind: 'note' };
    const wrapped = wrapCaseFileKey(staffKey, note, fileKey);
    const sealedMeta = encryptCaseFileMeta(staffKey, note, meta);
    expectCode(() => unwrapCaseFileKey(caseKey, { ...note, recordKind: 'message' }, wrapped), 'wrong_key');
    expectCode(() => decryptCaseFileMeta(caseKey, { ...note, recordKind: 'message' }, sealedMeta), 'wrong_key');
    expectCode(() => unwrapCaseFileKey(staffKey, { ...note, recordKind: 'message' }, wrapped), 'wrong_ad');
    // The stream is §11's, bound to case and file: only the file key opens it.
    expect(createFileEncryptor(unwrapCaseFileKey(staffKey, note, wrapped), note).header.startsWith('x1.')).toBe(true);
  });
});
