/**
 * Type-level tests: `tsc -p libs/crypto/tsconfig.spec.json` fails if any `@ts-expect-error`
 * line below compiles, i.e. if the brands stop telling keys apart. The runtime part only
 * checks that the correct calls work.
 */
import {
  type CaseKey,
  type DeskSecretKey,
  type FileKey,
  type GrantKey,
  type RecordCiphertext,
  type SealedKey,
  type WrappedFileKey,
  createVault,
  decryptRecord,
  encryptPayeeDetails,
  encryptRecord,
  encryptSigned,
  generateGrantKey,
  generateCaseKey,
  generateFileKey,
  generateIdentityKeys,
  generateRootKeys,
  issueCertificate,
  kidOf,
  openCaseKeyEnvelope,
  openDeskKey,
  openGrantKeyEnvelope,
  ready,
  wrapGrantFileKey,
  unwrapFileKey,
  wrapFileKey,
} from '../src/index';

beforeAll(() => ready());

const record = { caseId: 'case-1', recordId: 'rec-1', recordKind: 'note' };

/** Never called: holds the lines the compiler must refuse. */
function refusedByTheCompiler(caseKey: CaseKey, fileKey: FileKey, sealedDesk: SealedKey<DeskSecretKey>, wrapped: WrappedFileKey, recordCt: RecordCiphertext, grantKey: GrantKey): void {
  const author = generateIdentityKeys();
  // @ts-expect-error payee details are under the grant key, not the case key (SPEC.md §18.2)
  encryptPayeeDetails(caseKey, 'grant-1', {}, author);
  // @ts-expect-error the generic API also wants a GrantKey for grant-payee
  encryptSigned(caseKey, { purpose: 'grant-payee', grantId: 'grant-1' }, {}, author);
  // @ts-expect-error a GrantKey is not a CaseKey
  encryptRecord(grantKey, record, {}, author);
  // @ts-expect-error a report file's key is wrapped under the grant key, not a file key
  wrapGrantFileKey(fileKey, { grantId: 'g', fileId: 'f' }, fileKey);
  // @ts-expect-error a file key cannot open a grant key envelope
  openGrantKeyEnvelope({}, 'grant-1', fileKey, author.signPk);
  // @ts-expect-error a FileKey is not a CaseKey
  encryptRecord(fileKey, record, {}, author);
  // @ts-expect-error a raw Uint8Array is not a CaseKey
  encryptRecord(new Uint8Array(32), record, {}, author);
  // @ts-expect-error a CaseKey is not a FileKey
  wrapFileKey(caseKey, { caseId: 'c', fileId: 'f' }, caseKey);
  // @ts-expect-error a sealed desk key is not a case key envelope
  openCaseKeyEnvelope({ sealedKey: sealedDesk, sealerKid: kidOf(author.signPk), signature: '' }, 'case-1', author, author.signPk);
  // @ts-expect-error a wrapped file key is not a record ciphertext (plain strings are accepted; other brands are not)
  const asRecord: RecordCiphertext = wrapped;
  void asRecord;
  // @ts-expect-error an encryption public key cannot verify a record
  decryptRecord(caseKey, record, { ciphertext: recordCt, authorKid: kidOf(author.signPk) }, author.encPk);
  // @ts-expect-error a desk key can only be opened against a verified desk certificate, not a raw public key
  openDeskKey(sealedDesk, author, author.encPk);
  // @ts-expect-error the root may not be passed where a vault's identity is wanted
  createVault(generateRootKeys(), 'user-1');
  // @ts-expect-error only root or identity keys issue certificates, not a file key
  issueCertificate(fileKey, { kind: 'staff', subjectId: 's', encPk: author.encPk, signPk: author.signPk, notAfter: new Date() });
}

describe('branded key types', () => {
  it('accept the right keys', () => {
    const caseKey = generateCaseKey();
    const fileKey = generateFileKey();
    const author = generateIdentityKeys();
    const file = { caseId: 'case-1', fileId: 'file-1' };
    expect(unwrapFileKey(caseKey, file, wrapFileKey(caseKey, file, fileKey))).toEqual(fileKey);
    const stored = encryptRecord(caseKey, record, { ok: true }, author);
    expect(decryptRecord(caseKey, record, stored, author.signPk)).toEqual({ ok: true });
    const grantKey = generateGrantKey();
    expect(encryptSigned(grantKey, { purpose: 'grant-payee', grantId: 'grant-1' }, {}, author).authorKid).toBe(kidOf(author.signPk));
    expect(typeof refusedByTheCompiler).toBe('function');
  });
});
