/**
 * Tamper tests for every AEAD purpose: flip each byte of each region of an `a1.` string and
 * check the exact error (key check → wrong_key, AD check → wrong_ad, nonce and ciphertext →
 * tampered); move ciphertexts between ids, cases and purposes.
 */
import {
  type CaseKey,
  type GrantKey,
  checkCiphertextFormat,
  decryptGrantFileMeta,
  decryptGrantReport,
  encryptGrantFileMeta,
  encryptGrantReport,
  generateGrantKey,
  unwrapGrantFileKey,
  wrapGrantFileKey,
  type VaultWrap,
  createVault,
  decryptFileMeta,
  decryptRecord,
  decryptSigned,
  encryptFileMeta,
  encryptRecord,
  encryptSigned,
  fromBase64Url,
  generateCaseKey,
  generateFileKey,
  generateIdentityKeys,
  openVault,
  ready,
  toBase64Url,
  unwrapFileKey,
  unwrapVaultKey,
  wrapFileKey,
  wrapVaultKey,
} from '../src/index';
import { FAST_ARGON2, errorOf, expectCode, flipField } from './helpers';

const NAMES = ['case-record', 'grant-payee', 'grant-report', 'grant-file-key', 'grant-file-meta', 'application', 'file-meta', 'file-key', 'vault', 'vault-wrap'] as const;
const byName = new Map<string, Subject>();

beforeAll(async () => {
  await ready();
  for (const subject of subjects()) byName.set(subject.name, subject);
});

interface Subject {
  readonly name: string;
  readonly text: string;
  readonly open: (text: string) => unknown;
}

function subjects(): Subject[] {
  const caseKey = generateCaseKey();
  const author = generateIdentityKeys();
  const record = { caseId: 'case-1', recordId: 'rec-1', recordKind: 'note' };
  const file = { caseId: 'case-1', fileId: 'file-1' };
  const stored = encryptRecord(caseKey, record, { text: 'a note' }, author);
  const grantKey = generateGrantKey();
  const payee = encryptSigned(grantKey, { purpose: 'grant-payee', grantId: 'grant-1' }, { iban: 'x' }, author);
  const report = { grantId: 'grant-1', reportId: 'report-1' };
  const grantReport = encryptGrantReport(grantKey, report, { text: 'bought a lock' }, author);
  const grantFile = { grantId: 'grant-1', fileId: 'file-1' };
  const application = encryptSigned(caseKey, { purpose: 'application', applicationId: 'app-1' }, { text: 'y' }, author);
  const identity = generateIdentityKeys();
  const { vaultKey, vault } = createVault(identity, 'user-1');
  const ref = { userId: 'user-1', unlockMethodId: 'prf-1' };
  const prfOutput = new Uint8Array(32).fill(7);
  const wrap = wrapVaultKey(vaultKey, ref, { method: 'passkey-prf', credentialId: 'cred-1', prfOutput });
  return [
    { name: 'case-record', text: stored.ciphertext, open: (text) => decryptRecord(caseKey, record, { ciphertext: text, authorKid: stored.authorKid }, author.signPk) },
    { name: 'grant-payee', text: payee.ciphertext, open: (text) => decryptSigned(grantKey, { purpose: 'grant-payee', grantId: 'grant-1' }, { ciphertext: text, authorKid: payee.authorKid }, author.signPk) },
    { name: 'grant-report', text: grantReport.ciphertext, open: (text) => decryptGrantReport(grantKey, report, { ciphertext: text, authorKid: grantReport.authorKid }, author.signPk) },
    { name: 'grant-file-key', text: wrapGrantFileKey(grantKey, grantFile, generateFileKey()), open: (text) => unwrapGrantFileKey(grantKey, grantFile, text) },
    {
      name: 'grant-file-meta',
      text: encryptGrantFileMeta(grantKey, grantFile, { name: 'receipt.jpg', type: 'image/jpeg', size: 3 }),
      open: (text) => decryptGrantFileMeta(grantKey, grantFile, text),
    },
    { name: 'application', text: application.ciphertext, open: (text) => decryptSigned(caseKey, { purpose: 'application', applicationId: 'app-1' }, { ciphertext: text, authorKid: application.authorKid }, author.signPk) },
    { name: 'file-meta', text: encryptFileMeta(caseKey, file, { name: 'a.pdf', type: 'application/pdf', size: 3 }), open: (text) => decryptFileMeta(caseKey, file, text) },
    { name: 'file-key', text: wrapFileKey(caseKey, file, generateFileKey()), open: (text) => unwrapFileKey(caseKey, file, text) },
    { name: 'vault', text: vault, open: (text) => openVault(vaultKey, 'user-1', text) },
    { name: 'vault-wrap', text: wrap.wrappedKey, open: (text) => unwrapVaultKey({ ...wrap, wrappedKey: text } as VaultWrap, ref, { method: 'passkey-prf', credentialId: 'cred-1', prfOutput }) },
  ];
}

const decode = (text: string): Uint8Array => fromBase64Url(text, 'test');

describe.each(NAMES)('a1 %s', (name) => {
  let subject: Subject;
  beforeAll(() => {
    subject = byName.get(name) as Subject;
  });

  it('opens untouched', () => {
    expect(() => subject.open(subject.text)).not.toThrow();
  });

  it('names the region of every flipped byte', () => {
    const [, check, nonce, ciphertext] = subject.text.split('.') as [string, string, string, string];
    const regions: Array<[field: number, length: number, code: (index: number) => string]> = [
      [1, decode(check).length, (index) => (index < 8 ? 'wrong_key' : 'wrong_ad')],
      [2, decode(nonce).length, () => 'tampered'],
      [3, decode(ciphertext).length, () => 'tampered'],
    ];
    for (const [field, length, code] of regions) {
      for (let index = 0; index < length; index += 1) {
        const altered = flipField(subject.text, field, index, decode, toBase64Url);
        expect([field, index, errorOf(() => subject.open(altered)).code]).toEqual([field, index, code(index)]);
      }
    }
  });

  it('passes and fails the key-less format check like the reader', () => {
    const purpose = name as Parameters<typeof checkCiphertextFormat>[0];
    expect(() => checkCiphertextFormat(purpose, subject.text)).not.toThrow();
    expectCode(() => checkCiphertextFormat(purpose, subject.text.replace(/^a1\./, 'a2.')), 'bad_prefix');
    expectCode(() => checkCiphertextFormat(purpose, `${subject.text.slice(0, subject.text.lastIndexOf('.'))}.AAAA`), 'bad_length');
    expectCode(() => checkCiphertextFormat(purpose, null), 'bad_encoding');
  });

  it('refuses other prefixes, field counts and encodings', () => {
    expectCode(() => subject.open(subject.text.replace(/^a1\./, 'a2.')), 'bad_prefix');
    expectCode(() => subject.open(subject.text.replace(/^a1\./, 'A1.')), 'bad_prefix');
    expectCode(() => subject.open(''), 'bad_prefix');
    expectCode(() => subject.open(subject.text.slice(0, subject.text.lastIndexOf('.'))), 'bad_encoding');
    expectCode(() => subject.open(`${subject.text}=`), 'bad_encoding');
    expectCode(() => subject.open(subject.text.replace(/\.([^.]*)$/, '.$1!')), 'bad_encoding');
    expectCode(() => subject.open(`${subject.text.slice(0, subject.text.lastIndexOf('.'))}.AAAA`), 'bad_length');
    expectCode(() => subject.open(42 as unknown as string), 'bad_encoding');
  });
});

describe('moving ciphertexts', () => {
  const caseKey = (): CaseKey => generateCaseKey();

  it('refuses a record swapped into another case, record or kind with wrong_ad', () => {
    const key = caseKey();
    const author = generateIdentityKeys();
    const record = { caseId: 'case-1', recordId: 'rec-1', recordKind: 'note' };
    const stored = encryptRecord(key, record, { a: 1 }, author);
    for (const other of [{ ...record, caseId: 'case-2' }, { ...record, recordId: 'rec-2' }, { ...record, recordKind: 'message' }]) {
      expectCode(() => decryptRecord(key, other, stored, author.signPk), 'wrong_ad');
    }
  });

  it('refuses a record of another case (other key) with wrong_key', () => {
    const author = generateIdentityKeys();
    const record = { caseId: 'case-1', recordId: 'rec-1', recordKind: 'note' };
    const stored = encryptRecord(caseKey(), record, { a: 1 }, author);
    expectCode(() => decryptRecord(caseKey(), record, stored, author.signPk), 'wrong_key');
  });

  it('refuses a payload moved to another purpose', () => {
    const key = caseKey();
    const author = generateIdentityKeys();
    // The same 32 bytes used as a grant key: only the AD tells the purposes apart here.
    const payee = encryptSigned(key as unknown as GrantKey, { purpose: 'grant-payee', grantId: 'x-1' }, { a: 1 }, author);
    expectCode(() => decryptSigned(key, { purpose: 'application', applicationId: 'x-1' }, payee, author.signPk), 'wrong_ad');
    const file = { caseId: 'case-1', fileId: 'x-1' };
    expectCode(() => decryptFileMeta(key, file, payee.ciphertext), 'wrong_ad');
  });

  it('refuses a wrapped file key read as metadata by length', () => {
    const key = caseKey();
    const file = { caseId: 'case-1', fileId: 'file-1' };
    expectCode(() => decryptFileMeta(key, file, wrapFileKey(key, file, generateFileKey())), 'bad_length');
  });

  it('refuses a vault wrap of another method or user', () => {
    const identity = generateIdentityKeys();
    const { vaultKey } = createVault(identity, 'user-1');
    const wrap = wrapVaultKey(vaultKey, { userId: 'user-1', unlockMethodId: 'm-1' }, { method: 'passphrase', passphrase: 'p' }, FAST_ARGON2);
    expectCode(() => unwrapVaultKey(wrap, { userId: 'user-1', unlockMethodId: 'm-2' }, { method: 'passphrase', passphrase: 'p' }), 'wrong_ad');
    expectCode(() => unwrapVaultKey(wrap, { userId: 'user-2', unlockMethodId: 'm-1' }, { method: 'passphrase', passphrase: 'p' }), 'wrong_ad');
    expectCode(() => unwrapVaultKey(wrap, { userId: 'user-1', unlockMethodId: 'm-1' }, { method: 'passphrase', passphrase: 'q' }), 'wrong_key');
  });
});
