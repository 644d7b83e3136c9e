/**
 * Vector kinds and reject operations of SPEC.md §9.1–§9.3 (issue 13): the check of a case key
 * against the requester-signed request, the staff-only key (its envelope and its binding to the
 * case key) and files of format 2 bound to their record kind. Kept beside positive-kinds.ts and
 * reject-ops.ts, which spread them in.
 */
import { type CaseKey, type StaffKey, brandAs } from '../../src/brands';
import { type VerifiedSubject } from '../../src/certificates';
import { checkCaseKey } from '../../src/case-key-check';
import { decryptCaseFileMeta, encryptCaseFileMeta, unwrapCaseFileKey, wrapCaseFileKey } from '../../src/case-files';
import { generateCaseKey, generateFileKey, openCaseKeyEnvelope, parseCaseKeyEnvelope, requesterPublicKeys, sealCaseKey } from '../../src/case-keys';
import { canonicalJson } from '../../src/canonical-json';
import { type FileMeta } from '../../src/file-meta';
import { parseEncPublicKey, parseSignPublicKey } from '../../src/keys';
import { encryptRecord } from '../../src/signed-payload';
import { bindStaffKey, checkStaffKey, generateStaffKey, openStaffKeyEnvelope, parseStaffKeyEnvelope, sealStaffKey } from '../../src/staff-keys';
import { linkCaseKeys, linkStaffKeys, openCaseKeyLink, openStaffKeyLink } from '../../src/key-links';
import { type JsonObject, b64, bytes, identityFrom, num, obj, requesterFrom, str, toJson } from './vector-io';
import { type PositiveKind } from './positive-kinds';
import { type RejectOp } from './reject-ops';

function assertSame(actual: unknown, expected: unknown, what: string): void {
  if (canonicalJson(toJson(actual)) !== canonicalJson(toJson(expected))) throw new Error(`${what} differs`);
}

/** `{ caseId, fileId, recordKind }` of a format-2 file vector. */
function caseFileRef(inputs: JsonObject): { caseId: string; fileId: string; recordKind: string } {
  return { caseId: str(inputs, 'caseId'), fileId: str(inputs, 'fileId'), recordKind: str(inputs, 'recordKind') };
}

/** A person or desk the vector seals to, as a verified subject: its public key from seeds. */
function recipientFrom(seeds: JsonObject): VerifiedSubject {
  return { kind: 'desk', deskId: 'desk-legal', version: 1, encPk: identityFrom(seeds).encPk } as unknown as VerifiedSubject;
}

function evidenceFrom(inputs: JsonObject, expected: JsonObject) {
  const requester = obj(expected, 'requester');
  return {
    request: obj(expected, 'request') as unknown as { id: string; ciphertext: string; authorKid: string },
    requesterEnvelope: expected['requesterEnvelope'],
    requester: { kind: 'requester-public', encPk: parseEncPublicKey(str(requester, 'encPk')), signPk: parseSignPublicKey(str(requester, 'signPk')) } as unknown as ReturnType<typeof requesterPublicKeys>,
    caseId: str(inputs, 'caseId'),
  };
}

export const CASE_KEY_KINDS: Record<string, PositiveKind> = {
  'case-key-epoch-envelope': {
    compute: (inputs) => {
      const caseKey = generateCaseKey();
      const envelope = sealCaseKey(caseKey, str(inputs, 'caseId'), requesterPublicKeys(requesterFrom(obj(inputs, 'recipient'))), identityFrom(obj(inputs, 'sealer')), num(inputs, 'epoch'));
      return toJson({ caseKey, envelope }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const sealer = identityFrom(obj(inputs, 'sealer'));
      const opened = openCaseKeyEnvelope(parseCaseKeyEnvelope(expected['envelope']), str(inputs, 'caseId'), requesterFrom(obj(inputs, 'recipient')), sealer.signPk, num(inputs, 'epoch'));
      assertSame(opened, bytes(expected, 'caseKey'), 'case key');
    },
  },
  'key-link': {
    compute: (inputs) => {
      const newer = bytes(inputs, 'newer');
      const older = bytes(inputs, 'older');
      const link =
        str(inputs, 'keyKind') === 'staff'
          ? linkStaffKeys(brandAs<StaffKey>(newer), str(inputs, 'caseId'), num(inputs, 'epoch'), brandAs<StaffKey>(older))
          : linkCaseKeys(brandAs<CaseKey>(newer), str(inputs, 'caseId'), num(inputs, 'epoch'), brandAs<CaseKey>(older));
      return { link };
    },
    verify: (inputs, expected) => {
      const opened =
        str(inputs, 'keyKind') === 'staff'
          ? openStaffKeyLink(brandAs<StaffKey>(bytes(inputs, 'newer')), str(inputs, 'caseId'), num(inputs, 'epoch'), str(expected, 'link'))
          : openCaseKeyLink(brandAs<CaseKey>(bytes(inputs, 'newer')), str(inputs, 'caseId'), num(inputs, 'epoch'), str(expected, 'link'));
      assertSame(opened, bytes(inputs, 'older'), 'linked key');
    },
  },
  'case-key-check': {
    compute: (inputs) => {
      const keys = requesterFrom(obj(inputs, 'requester'));
      const caseId = str(inputs, 'caseId');
      const caseKey = generateCaseKey();
      const record = encryptRecord(caseKey, { caseId, recordId: str(inputs, 'recordId'), recordKind: 'request' }, obj(inputs, 'form'), keys);
      const requesterEnvelope = sealCaseKey(caseKey, caseId, requesterPublicKeys(keys), keys);
      return toJson({
        caseKey,
        request: { id: str(inputs, 'recordId'), ciphertext: record.ciphertext, authorKid: record.authorKid },
        requesterEnvelope,
        requester: { encPk: keys.encPk, signPk: keys.signPk },
      }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const evidence = evidenceFrom(inputs, expected);
      assertSame(checkCaseKey(brandAs<CaseKey>(bytes(expected, 'caseKey')), evidence.caseId, evidence), inputs['form'], 'checked request');
      const opened = openCaseKeyEnvelope(parseCaseKeyEnvelope(expected['requesterEnvelope']), evidence.caseId, requesterFrom(obj(inputs, 'requester')), evidence.requester.signPk);
      assertSame(opened, bytes(expected, 'caseKey'), 'requester envelope key');
    },
  },
  'staff-key-envelope': {
    compute: (inputs) => {
      const staffKey = generateStaffKey();
      const envelope = sealStaffKey(staffKey, str(inputs, 'caseId'), num(inputs, 'epoch'), recipientFrom(obj(inputs, 'recipient')), identityFrom(obj(inputs, 'sealer')));
      return toJson({ staffKey, envelope }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const sealer = identityFrom(obj(inputs, 'sealer'));
      const opened = openStaffKeyEnvelope(parseStaffKeyEnvelope(expected['envelope']), str(inputs, 'caseId'), num(inputs, 'epoch'), identityFrom(obj(inputs, 'recipient')), sealer.signPk);
      assertSame(opened, bytes(expected, 'staffKey'), 'staff-only key');
    },
  },
  'staff-key-bind': {
    compute: (inputs) => ({
      binding: bindStaffKey(brandAs<StaffKey>(bytes(inputs, 'staffKey')), str(inputs, 'caseId'), num(inputs, 'epoch'), brandAs<CaseKey>(bytes(inputs, 'caseKey'))),
    }),
    verify: (inputs, expected) =>
      checkStaffKey(brandAs<StaffKey>(bytes(inputs, 'staffKey')), str(inputs, 'caseId'), num(inputs, 'epoch'), str(expected, 'binding'), brandAs<CaseKey>(bytes(inputs, 'caseKey'))),
  },
  'case-file-key': {
    compute: (inputs) => {
      const fileKey = generateFileKey();
      return { fileKey: b64(fileKey), wrapped: wrapCaseFileKey(brandAs<CaseKey>(bytes(inputs, 'key')), caseFileRef(inputs), fileKey) };
    },
    verify: (inputs, expected) => assertSame(unwrapCaseFileKey(brandAs<CaseKey>(bytes(inputs, 'key')), caseFileRef(inputs), str(expected, 'wrapped')), bytes(expected, 'fileKey'), 'file key'),
  },
  'case-file-meta': {
    compute: (inputs) => ({ ciphertext: encryptCaseFileMeta(brandAs<CaseKey>(bytes(inputs, 'key')), caseFileRef(inputs), obj(inputs, 'meta') as unknown as FileMeta) }),
    verify: (inputs, expected) => assertSame(decryptCaseFileMeta(brandAs<CaseKey>(bytes(inputs, 'key')), caseFileRef(inputs), str(expected, 'ciphertext')), inputs['meta'], 'file meta'),
  },
};

export const CASE_KEY_OPS: Record<string, RejectOp> = {
  'epoch-envelope-open': (args) =>
    openCaseKeyEnvelope(parseCaseKeyEnvelope(args['envelope']), str(args, 'caseId'), requesterFrom(obj(args, 'opener')), parseSignPublicKey(str(args, 'sealerSignPk')), num(args, 'epoch')),
  'key-link-open': (args) =>
    str(args, 'keyKind') === 'staff'
      ? openStaffKeyLink(brandAs<StaffKey>(bytes(args, 'newer')), str(args, 'caseId'), num(args, 'epoch'), str(args, 'link'))
      : openCaseKeyLink(brandAs<CaseKey>(bytes(args, 'newer')), str(args, 'caseId'), num(args, 'epoch'), str(args, 'link')),
  'case-key-check': (args) => {
    const requester = obj(args, 'requester');
    return checkCaseKey(brandAs<CaseKey>(bytes(args, 'caseKey')), str(args, 'caseId'), {
      request: obj(args, 'request') as unknown as { id: string; ciphertext: string; authorKid: string },
      requesterEnvelope: args['requesterEnvelope'],
      requester: { kind: 'requester-public', encPk: parseEncPublicKey(str(requester, 'encPk')), signPk: parseSignPublicKey(str(requester, 'signPk')) } as unknown as ReturnType<typeof requesterPublicKeys>,
    });
  },
  'staff-envelope-open': (args) =>
    openStaffKeyEnvelope(parseStaffKeyEnvelope(args['envelope']), str(args, 'caseId'), num(args, 'epoch'), identityFrom(obj(args, 'opener')), parseSignPublicKey(str(args, 'sealerSignPk'))),
  'staff-key-check': (args) =>
    checkStaffKey(brandAs<StaffKey>(bytes(args, 'staffKey')), str(args, 'caseId'), num(args, 'epoch'), str(args, 'binding'), brandAs<CaseKey>(bytes(args, 'caseKey'))),
  'case-file-key-open': (args) => unwrapCaseFileKey(brandAs<CaseKey>(bytes(args, 'key')), caseFileRef(args), str(args, 'wrapped')),
  'case-file-meta-open': (args) => decryptCaseFileMeta(brandAs<CaseKey>(bytes(args, 'key')), caseFileRef(args), str(args, 'ciphertext')),
};
