/**
 * SPEC.md §18: grant keys and their envelopes, payee details, approvals over the grant's
 * terms, grantee reports and their files.
 */
import {
  type GrantKey,
  type GrantKeyEnvelope,
  type GrantTerms,
  type RequesterKeys,
  type SignatureVerifier,
  type VerifiedDesk,
  type VerifiedPerson,
  CHUNK_BYTES,
  createFileDecryptor,
  createGrantFileDecryptor,
  createGrantFileEncryptor,
  decryptCaseFileMeta,
  decryptFileMeta,
  decryptGrantFile,
  decryptGrantFileMeta,
  decryptGrantFileToStream,
  decryptGrantReport,
  decryptPayeeDetails,
  decryptRecord,
  decryptSigned,
  deskSubjectId,
  encryptSigned,
  encryptFile,
  encryptGrantFile,
  encryptGrantFileMeta,
  encryptGrantFileToStream,
  encryptGrantReport,
  encryptPayeeDetails,
  fromBase64Url,
  generateCaseKey,
  generateDeskKeyPair,
  generateFileKey,
  generateGrantKey,
  generateIdentityKeys,
  generateRootKeys,
  generateStaffKey,
  grantApprovalMessage,
  issueCertificate,
  kidOf,
  openCaseKeyEnvelope,
  openGrantKeyEnvelope,
  openStaffKeyEnvelope,
  parseCaseKeyEnvelope,
  parseGrantKeyEnvelope,
  parseStaffKeyEnvelope,
  ready,
  requesterPublicKeys,
  sealCaseKey,
  sealGrantKey,
  sealGrantKeyToAll,
  sealStaffKey,
  signGrantApproval,
  toBase64Url,
  unwrapCaseFileKey,
  unwrapFileKey,
  unwrapGrantFileKey,
  useSignatureVerifier,
  verifyCertificateChain,
  verifyGrantApproval,
  verifyGrantKeyEnvelope,
  wrapGrantFileKey,
} from '../src/index';
import { lib } from '../src/sodium';
import { collect, expectCode, expectCodeAsync, expectSameBytes, flipField } from './helpers';

beforeAll(() => ready());

const grantId = 'grant-0001';
const NOW = new Date('2030-06-01T00:00:00Z');
const LATER = new Date('2031-01-01T00:00:00Z');

function team() {
  const root = generateRootKeys();
  const admin = generateIdentityKeys();
  const staff = generateIdentityKeys();
  const adminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-1', encPk: admin.encPk, signPk: admin.signPk, notAfter: LATER });
  const staffCert = issueCertificate(admin, { kind: 'staff', subjectId: 'staff-1', encPk: staff.encPk, signPk: staff.signPk, notAfter: LATER });
  const desk = generateDeskKeyPair('desk-finance', 1);
  const deskCert = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId('desk-finance', 1), encPk: desk.encPk, signPk: desk.signPk, notAfter: LATER });
  return {
    admin,
    staff,
    desk,
    verifiedAdmin: verifyCertificateChain([adminCert], root.signPk, NOW) as VerifiedPerson,
    verifiedStaff: verifyCertificateChain([staffCert, adminCert], root.signPk, NOW) as VerifiedPerson,
    verifiedDesk: verifyCertificateChain([deskCert, adminCert], root.signPk, NOW) as VerifiedDesk,
  };
}

function requester(): RequesterKeys {
  return { ...generateIdentityKeys(), kind: 'requester' } as unknown as RequesterKeys;
}

function terms(overrides: Partial<Record<keyof GrantTerms, unknown>> = {}): GrantTerms {
  return {
    grantId,
    version: 1,
    amountMinor: '120000',
    currency: 'EUR',
    fundId: 'fund-0001',
    budgetLineId: 'line-0001',
    decision: 'approve',
    ...overrides,
  } as GrantTerms;
}

describe('grant keys and envelopes (§18.1)', () => {
  it('are sealed to a desk, a person and the requester, and open for each', () => {
    const { staff, desk, verifiedStaff, verifiedDesk } = team();
    const person = requester();
    const key = generateGrantKey();
    const envelopes = sealGrantKeyToAll(key, grantId, [verifiedDesk, verifiedStaff, requesterPublicKeys(person)], staff);
    expect(envelopes).toHaveLength(3);
    const [toDesk, toStaff, toRequester] = envelopes.map((envelope) => parseGrantKeyEnvelope(envelope)) as [GrantKeyEnvelope, GrantKeyEnvelope, GrantKeyEnvelope];
    expectSameBytes(openGrantKeyEnvelope(toDesk, grantId, desk, staff.signPk), key);
    expectSameBytes(openGrantKeyEnvelope(toStaff, grantId, staff, staff.signPk), key);
    expectSameBytes(openGrantKeyEnvelope(toRequester, grantId, person, staff.signPk), key);
    expect(toDesk.sealerKid).toBe(kidOf(staff.signPk));
  });

  it('can be sealed by staff to their own identity', () => {
    const staff = generateIdentityKeys();
    const key = generateGrantKey();
    const envelope = sealGrantKey(key, grantId, staff, staff);
    expect(verifyGrantKeyEnvelope(envelope, grantId, staff.signPk)).toBe(kidOf(staff.encPk));
    expectSameBytes(openGrantKeyEnvelope(envelope, grantId, staff, staff.signPk), key);
  });

  it('can be sealed by the requester, and a staff reader trusting the requester key opens it', () => {
    const { desk, verifiedDesk } = team();
    const person = requester();
    const key = generateGrantKey();
    const envelope = sealGrantKey(key, grantId, verifiedDesk, person);
    expectSameBytes(openGrantKeyEnvelope(envelope, grantId, desk, person.signPk), key);
  });

  it('are never sealed to an admin or the escrow key', () => {
    const { staff, verifiedAdmin } = team();
    expectCode(() => sealGrantKey(generateGrantKey(), grantId, verifiedAdmin, staff), 'invalid_input');
    const escrow = { kind: 'escrow', encPk: staff.encPk } as unknown as Parameters<typeof sealGrantKey>[2];
    expectCode(() => sealGrantKey(generateGrantKey(), grantId, escrow, staff), 'invalid_input');
  });

  it('can be checked by a server without opening: recipient kid, sealer, signature', () => {
    const { staff, verifiedDesk } = team();
    const envelope = sealGrantKey(generateGrantKey(), grantId, verifiedDesk, staff);
    expect(verifyGrantKeyEnvelope(envelope, grantId, staff.signPk)).toBe(verifiedDesk.encKid);
    expectCode(() => verifyGrantKeyEnvelope(envelope, 'grant-0002', staff.signPk), 'bad_signature');
    expectCode(() => verifyGrantKeyEnvelope(envelope, grantId, generateIdentityKeys().signPk), 'wrong_key');
    expectCode(() => verifyGrantKeyEnvelope({ ...envelope, signature: toBase64Url(new Uint8Array(64)) }, grantId, staff.signPk), 'bad_signature');
    expectCode(() => verifyGrantKeyEnvelope({ ...envelope, signature: 'AAAA' }, grantId, staff.signPk), 'bad_length');
    expectCode(() => verifyGrantKeyEnvelope({ ...envelope, sealedKey: envelope.sealedKey.replace(/^s1\./, 's2.') }, grantId, staff.signPk), 'bad_prefix');
    expectCode(() => verifyGrantKeyEnvelope(null, grantId, staff.signPk), 'bad_encoding');
    expectCode(() => verifyGrantKeyEnvelope({ sealedKey: envelope.sealedKey }, grantId, staff.signPk), 'bad_encoding');
    expectCode(() => verifyGrantKeyEnvelope(envelope, 'grant/1', staff.signPk), 'invalid_input');
  });

  it('refuses another grant, another recipient, another sealer, a forged signature', () => {
    const { staff, desk, verifiedDesk } = team();
    const envelope = sealGrantKey(generateGrantKey(), grantId, verifiedDesk, staff);
    expectCode(() => openGrantKeyEnvelope(envelope, 'grant-0002', desk, staff.signPk), 'wrong_ad');
    expectCode(() => openGrantKeyEnvelope(envelope, grantId, staff, staff.signPk), 'wrong_key');
    expectCode(() => openGrantKeyEnvelope(envelope, grantId, desk, generateIdentityKeys().signPk), 'wrong_key');
    const other = sealGrantKey(generateGrantKey(), grantId, verifiedDesk, staff);
    expectCode(() => openGrantKeyEnvelope({ ...envelope, signature: other.signature }, grantId, desk, staff.signPk), 'bad_signature');
    const parsed = parseGrantKeyEnvelope(envelope);
    expect(parsed).toEqual(envelope);
  });

  it('cannot be taken for a case key or staff-only key envelope, nor the reverse', () => {
    const { staff, desk, verifiedDesk } = team();
    const grantEnvelope = sealGrantKey(generateGrantKey(), 'case-0001', verifiedDesk, staff);
    expectCode(() => openCaseKeyEnvelope(parseCaseKeyEnvelope(grantEnvelope), 'case-0001', desk, staff.signPk), 'wrong_ad');
    expectCode(() => openStaffKeyEnvelope(parseStaffKeyEnvelope(grantEnvelope), 'case-0001', 1, desk, staff.signPk), 'wrong_ad');
    const caseEnvelope = sealCaseKey(generateCaseKey(), 'case-0001', verifiedDesk, staff);
    expectCode(() => openGrantKeyEnvelope(parseGrantKeyEnvelope(caseEnvelope), 'case-0001', desk, staff.signPk), 'wrong_ad');
    const staffEnvelope = sealStaffKey(generateStaffKey(), 'case-0001', 1, verifiedDesk, staff);
    expectCode(() => openGrantKeyEnvelope(parseGrantKeyEnvelope(staffEnvelope), 'case-0001', desk, staff.signPk), 'wrong_ad');
    // A case key envelope's signature (purpose case-key-grant) does not verify as a grant key envelope's.
    expectCode(() => verifyGrantKeyEnvelope(caseEnvelope, 'case-0001', staff.signPk), 'bad_signature');
  });

  it('refuses a flipped sealed box with tampered', () => {
    const { staff, desk, verifiedDesk } = team();
    const envelope = sealGrantKey(generateGrantKey(), grantId, verifiedDesk, staff);
    const [prefix, kid, sealed] = envelope.sealedKey.split('.') as [string, string, string];
    const raw = fromBase64Url(sealed, 'sealed').slice();
    raw[40] = (raw[40] ?? 0) ^ 1;
    expectCode(() => openGrantKeyEnvelope(parseGrantKeyEnvelope({ ...envelope, sealedKey: `${prefix}.${kid}.${toBase64Url(raw)}` }), grantId, desk, staff.signPk), 'tampered');
  });

  it('gives a fresh 32-byte key each time', () => {
    const a = generateGrantKey();
    const b = generateGrantKey();
    expect(a.length).toBe(32);
    expect(toBase64Url(a)).not.toBe(toBase64Url(b));
  });
});

describe('payee details (§18.2)', () => {
  const details = { method: 'bank', holder: 'A. Person', account: 'KG00 1234 5678', contact: 'through the lawyer' };

  it('round-trip under the grant key, written by staff or by the requester', () => {
    const key = generateGrantKey();
    const staff = generateIdentityKeys();
    const person = requester();
    const byStaff = encryptPayeeDetails(key, grantId, details, staff);
    expect(decryptPayeeDetails(key, grantId, byStaff, staff.signPk)).toEqual(details);
    const byRequester = encryptPayeeDetails(key, grantId, details, person);
    expect(byRequester.authorKid).toBe(kidOf(person.signPk));
    expect(decryptPayeeDetails(key, grantId, byRequester, person.signPk)).toEqual(details);
  });

  it('refuses another grant key, a case key, another grant, another author and tampering', () => {
    const key = generateGrantKey();
    const staff = generateIdentityKeys();
    const stored = encryptPayeeDetails(key, grantId, details, staff);
    expectCode(() => decryptPayeeDetails(generateGrantKey(), grantId, stored, staff.signPk), 'wrong_key');
    expectCode(() => decryptPayeeDetails(generateCaseKey() as unknown as GrantKey, grantId, stored, staff.signPk), 'wrong_key');
    expectCode(() => decryptPayeeDetails(key, 'grant-0002', stored, staff.signPk), 'wrong_ad');
    expectCode(() => decryptPayeeDetails(key, grantId, stored, generateIdentityKeys().signPk), 'wrong_key');
    const forger = generateIdentityKeys();
    expectCode(() => decryptPayeeDetails(key, grantId, { ...stored, authorKid: kidOf(forger.signPk) }, forger.signPk), 'bad_signature');
    const flipped = flipField(stored.ciphertext, 3, 5, (text) => fromBase64Url(text, 'test'), toBase64Url);
    expectCode(() => decryptPayeeDetails(key, grantId, { ...stored, ciphertext: flipped }, staff.signPk), 'tampered');
  });

  it('refuses a report presented as payee details, and a non-object', () => {
    const key = generateGrantKey();
    const staff = generateIdentityKeys();
    const report = encryptGrantReport(key, { grantId, reportId: 'report-1' }, details, staff);
    expectCode(() => decryptPayeeDetails(key, grantId, report, staff.signPk), 'wrong_ad');
    expectCode(() => encryptPayeeDetails(key, grantId, ['x'] as unknown as typeof details, staff), 'invalid_input');
    // Only the generic API can make a payee payload whose body is not an object.
    const array = encryptSigned(key, { purpose: 'grant-payee', grantId }, ['not', 'an', 'object'], staff);
    expectCode(() => decryptPayeeDetails(key, grantId, array, staff.signPk), 'malformed_plaintext');
  });

  it('are the signed-payload format: decryptSigned with the grant-payee binding reads them', () => {
    const key = generateGrantKey();
    const staff = generateIdentityKeys();
    const stored = encryptPayeeDetails(key, grantId, details, staff);
    expect(decryptSigned(key, { purpose: 'grant-payee', grantId }, stored, staff.signPk)).toEqual(details);
  });
});

describe('approvals (§18.3)', () => {
  it('sign the canonical terms and verify under the approver key', () => {
    const approver = generateIdentityKeys();
    const signed = signGrantApproval(terms(), approver);
    expect(signed.signerKid).toBe(kidOf(approver.signPk));
    expect(fromBase64Url(signed.signature, 'signature').length).toBe(64);
    expect(() => verifyGrantApproval(terms(), signed.signature, approver.signPk)).not.toThrow();
    expect(() => verifyGrantApproval(terms(), signed.signature, approver.signPk, signed.signerKid)).not.toThrow();
  });

  it('build the message as AD(grant-approval, grantId, version) ‖ canonical JSON', () => {
    const text = new TextDecoder().decode(grantApprovalMessage(terms({ version: 3 })));
    expect(text).toBe(
      'ashar/v1|grant-approval|grant-0001|3{"amountMinor":"120000","budgetLineId":"line-0001","currency":"EUR","decision":"approve","fundId":"fund-0001","grantId":"grant-0001","version":3}',
    );
    // Member order of the input does not matter.
    const reordered = { decision: 'approve', version: 3, grantId, budgetLineId: 'line-0001', fundId: 'fund-0001', currency: 'EUR', amountMinor: '120000' } as GrantTerms;
    expect(toBase64Url(grantApprovalMessage(reordered))).toBe(toBase64Url(grantApprovalMessage(terms({ version: 3 }))));
  });

  it.each<[string, Partial<Record<keyof GrantTerms, unknown>>]>([
    ['version', { version: 2 }],
    ['amount', { amountMinor: '120001' }],
    ['currency', { currency: 'KGS' }],
    ['fund', { fundId: 'fund-0002' }],
    ['budget line', { budgetLineId: 'line-0002' }],
    ['decision', { decision: 'reject' }],
    ['grant', { grantId: 'grant-0002' }],
  ])('fail once the %s changed', (_name, change) => {
    const approver = generateIdentityKeys();
    const signed = signGrantApproval(terms(), approver);
    expectCode(() => verifyGrantApproval(terms(change), signed.signature, approver.signPk), 'bad_signature');
  });

  it('refuse another signer, a wrong signerKid, an altered or malformed signature', () => {
    const approver = generateIdentityKeys();
    const other = generateIdentityKeys();
    const signed = signGrantApproval(terms(), approver);
    expectCode(() => verifyGrantApproval(terms(), signed.signature, other.signPk), 'bad_signature');
    expectCode(() => verifyGrantApproval(terms(), signed.signature, approver.signPk, kidOf(other.signPk)), 'wrong_key');
    expectCode(() => verifyGrantApproval(terms(), signed.signature, approver.signPk, 'not a kid'), 'bad_encoding');
    const raw = fromBase64Url(signed.signature, 'signature').slice();
    raw[10] = (raw[10] ?? 0) ^ 1;
    expectCode(() => verifyGrantApproval(terms(), toBase64Url(raw), approver.signPk), 'bad_signature');
    expectCode(() => verifyGrantApproval(terms(), 'AAAA', approver.signPk), 'bad_length');
    expectCode(() => verifyGrantApproval(terms(), `${signed.signature}=`, approver.signPk), 'bad_encoding');
    expectCode(() => verifyGrantApproval(terms(), 42 as unknown as string, approver.signPk), 'bad_encoding');
  });

  it.each<[string, unknown]>([
    ['version 0', terms({ version: 0 })],
    ['a fractional version', terms({ version: 1.5 })],
    ['a version as a string', terms({ version: '1' })],
    ['a version above 2^31-1', terms({ version: 2 ** 31 })],
    ['a leading zero', terms({ amountMinor: '0120' })],
    ['a negative amount', terms({ amountMinor: '-1' })],
    ['a decimal amount', terms({ amountMinor: '12.50' })],
    ['19 digits', terms({ amountMinor: '1000000000000000000' })],
    ['an amount as a number', terms({ amountMinor: 120000 })],
    ['a lower-case currency', terms({ currency: 'eur' })],
    ['a four-letter currency', terms({ currency: 'EURO' })],
    ['another decision', terms({ decision: 'maybe' })],
    ['an invalid id', terms({ fundId: 'fund/1' })],
    ['an extra member', { ...terms(), note: 'x' }],
    ['a missing member', (({ budgetLineId: _omitted, ...rest }) => rest)(terms())],
    ['not an object', 'terms'],
    ['null', null],
  ])('are refused with invalid_input for %s', (_name, value) => {
    const approver = generateIdentityKeys();
    expectCode(() => grantApprovalMessage(value as GrantTerms), 'invalid_input');
    expectCode(() => signGrantApproval(value as GrantTerms, approver), 'invalid_input');
    expectCode(() => verifyGrantApproval(value as GrantTerms, toBase64Url(new Uint8Array(64)), approver.signPk), 'invalid_input');
  });

  it('accept the edges: amount 0 and 18 digits, version 2^31-1, a rejection', () => {
    const approver = generateIdentityKeys();
    for (const value of [terms({ amountMinor: '0' }), terms({ amountMinor: '999999999999999999' }), terms({ version: 2 ** 31 - 1 }), terms({ decision: 'reject' })]) {
      const signed = signGrantApproval(value, approver);
      expect(() => verifyGrantApproval(value, signed.signature, approver.signPk)).not.toThrow();
    }
  });

  it('are checked through the verifier hook (useSignatureVerifier)', () => {
    const approver = generateIdentityKeys();
    const signed = signGrantApproval(terms(), approver);
    const s = lib();
    let calls = 0;
    const counting: SignatureVerifier = (signature, message, publicKey) => {
      calls += 1;
      return s.crypto_sign_verify_detached(signature, message, publicKey);
    };
    useSignatureVerifier(counting);
    try {
      const before = calls;
      verifyGrantApproval(terms(), signed.signature, approver.signPk);
      expectCode(() => verifyGrantApproval(terms({ amountMinor: '1' }), signed.signature, approver.signPk), 'bad_signature');
      expect(calls - before).toBe(2);
    } finally {
      useSignatureVerifier(null);
    }
  });
});

describe('grantee reports (§18.4)', () => {
  const report = { grantId, reportId: 'report-0001' };
  const body = { text: 'bought a door lock and a camera', spentMinor: '45000', currency: 'KGS' };

  it('round-trip under the grant key for the requester and for staff', () => {
    const key = generateGrantKey();
    const person = requester();
    const stored = encryptGrantReport(key, report, body, person);
    expect(decryptGrantReport(key, report, stored, person.signPk)).toEqual(body);
    const staff = generateIdentityKeys();
    expect(decryptGrantReport(key, report, encryptGrantReport(key, report, body, staff), staff.signPk)).toEqual(body);
  });

  it('refuse another report, another grant, another key, another author', () => {
    const key = generateGrantKey();
    const person = requester();
    const stored = encryptGrantReport(key, report, body, person);
    expectCode(() => decryptGrantReport(key, { ...report, reportId: 'report-0002' }, stored, person.signPk), 'wrong_ad');
    expectCode(() => decryptGrantReport(key, { ...report, grantId: 'grant-0002' }, stored, person.signPk), 'wrong_ad');
    expectCode(() => decryptGrantReport(generateGrantKey(), report, stored, person.signPk), 'wrong_key');
    expectCode(() => decryptGrantReport(key, report, stored, generateIdentityKeys().signPk), 'wrong_key');
    expectCode(() => decryptGrantReport(key, { grantId, reportId: 'bad id' }, stored, person.signPk), 'invalid_input');
  });

  it('cannot be read as a case record under the same bytes', () => {
    const key = generateGrantKey();
    const person = requester();
    const stored = encryptGrantReport(key, report, body, person);
    const asCaseKey = key as unknown as ReturnType<typeof generateCaseKey>;
    expectCode(() => decryptRecord(asCaseKey, { caseId: grantId, recordId: 'report-0001', recordKind: 'request' }, stored, person.signPk), 'wrong_ad');
  });
});

describe('report files (§18.4)', () => {
  const file = { grantId, fileId: 'file-0001' };
  const meta = { name: 'receipt – lock.jpg', type: 'image/jpeg', size: 70000 };

  it('wrap the file key and metadata under the grant key', () => {
    const key = generateGrantKey();
    const fileKey = generateFileKey();
    expectSameBytes(unwrapGrantFileKey(key, file, wrapGrantFileKey(key, file, fileKey)), fileKey);
    expect(decryptGrantFileMeta(key, file, encryptGrantFileMeta(key, file, meta))).toEqual(meta);
  });

  it('refuse another file, another grant, another key, and a case file read', () => {
    const key = generateGrantKey();
    const wrapped = wrapGrantFileKey(key, file, generateFileKey());
    const sealedMeta = encryptGrantFileMeta(key, file, meta);
    expectCode(() => unwrapGrantFileKey(key, { ...file, fileId: 'file-0002' }, wrapped), 'wrong_ad');
    expectCode(() => unwrapGrantFileKey(key, { ...file, grantId: 'grant-0002' }, wrapped), 'wrong_ad');
    expectCode(() => unwrapGrantFileKey(generateGrantKey(), file, wrapped), 'wrong_key');
    expectCode(() => decryptGrantFileMeta(key, { ...file, fileId: 'file-0002' }, sealedMeta), 'wrong_ad');
    expectCode(() => decryptGrantFileMeta(generateGrantKey(), file, sealedMeta), 'wrong_key');
    const asCaseKey = key as unknown as ReturnType<typeof generateCaseKey>;
    expectCode(() => unwrapFileKey(asCaseKey, { caseId: grantId, fileId: 'file-0001' }, wrapped), 'wrong_ad');
    expectCode(() => unwrapCaseFileKey(asCaseKey, { caseId: grantId, fileId: 'file-0001', recordKind: 'message' }, wrapped), 'wrong_ad');
    expectCode(() => decryptFileMeta(asCaseKey, { caseId: grantId, fileId: 'file-0001' }, sealedMeta), 'wrong_ad');
    expectCode(() => decryptCaseFileMeta(asCaseKey, { caseId: grantId, fileId: 'file-0001', recordKind: 'message' }, sealedMeta), 'wrong_ad');
    // Metadata and key have different lengths, so one cannot pass for the other.
    expectCode(() => unwrapGrantFileKey(key, file, sealedMeta), 'bad_length');
  });

  it('refuse invalid metadata and keys', () => {
    const key = generateGrantKey();
    expectCode(() => encryptGrantFileMeta(key, file, { ...meta, size: -1 }), 'invalid_input');
    expectCode(() => wrapGrantFileKey(key, file, new Uint8Array(16) as unknown as ReturnType<typeof generateFileKey>), 'invalid_input');
  });

  it('stream a file bound to the grant (grant-file-stream) and decrypt it', async () => {
    const fileKey = generateFileKey();
    const plaintext = new Uint8Array(CHUNK_BYTES + 1000).map((_value, index) => index % 251);
    const { header, chunks } = encryptGrantFile(fileKey, file, [plaintext]);
    const ciphertext = await collect((async function* () {
      for await (const chunk of chunks) yield chunk.bytes;
    })());
    expect(ciphertext.length).toBe(plaintext.length + 2 * 17);
    expectSameBytes(await collect(decryptGrantFile(fileKey, file, header, [ciphertext])), plaintext);
    const stream = encryptGrantFileToStream(fileKey, file, [plaintext]);
    const streamed = await collect(stream.stream as unknown as AsyncIterable<Uint8Array>);
    const reader = decryptGrantFileToStream(fileKey, file, stream.header, [streamed]);
    expectSameBytes(await collect(reader as unknown as AsyncIterable<Uint8Array>), plaintext);
  });

  it('refuse a grant stream read as another file, grant, or as a case attachment', async () => {
    const fileKey = generateFileKey();
    const encryptor = createGrantFileEncryptor(fileKey, file);
    const chunk = encryptor.push(new Uint8Array([1, 2, 3]), true);
    expectCode(() => createGrantFileDecryptor(fileKey, { ...file, fileId: 'file-0002' }, encryptor.header), 'wrong_ad');
    expectCode(() => createGrantFileDecryptor(fileKey, { ...file, grantId: 'grant-0002' }, encryptor.header), 'wrong_ad');
    expectCode(() => createGrantFileDecryptor(generateFileKey(), file, encryptor.header), 'wrong_key');
    expectCode(() => createFileDecryptor(fileKey, { caseId: grantId, fileId: 'file-0001' }, encryptor.header), 'wrong_ad');
    const decryptor = createGrantFileDecryptor(fileKey, file, encryptor.header);
    expect(Array.from(decryptor.pull(chunk.bytes, 0).bytes)).toEqual([1, 2, 3]);
    // A case attachment's stream does not open as a grant file's either.
    const caseStream = encryptFile(fileKey, { caseId: grantId, fileId: 'file-0001' }, [new Uint8Array([9])]);
    expectCode(() => createGrantFileDecryptor(fileKey, file, caseStream.header), 'wrong_ad');
    const flipped = chunk.bytes.slice();
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expectCode(() => createGrantFileDecryptor(fileKey, file, encryptor.header).pull(flipped, 0), 'tampered');
    await expectCodeAsync(() => collect(decryptGrantFile(fileKey, file, encryptor.header, [new Uint8Array(0)])), 'truncated_stream');
  });

  it('refuse a ref naming both a case and a grant', () => {
    const both = { ...file, caseId: 'case-0001' } as unknown as typeof file;
    expectCode(() => createGrantFileEncryptor(generateFileKey(), both), 'invalid_input');
    expectCode(() => createFileDecryptor(generateFileKey(), both, 'x1.AAAA.AAAA'), 'invalid_input');
  });
});
