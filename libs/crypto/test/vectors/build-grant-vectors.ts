/**
 * The vectors of SPEC.md §18 (issue 14): positive ones for grant key envelopes (to a desk and to
 * the requester), payee details written by the requester, a grantee report, approvals, report
 * files (key, metadata, stream); reject ones for every way a reader or a server must refuse
 * them. build-vectors.ts and build-reject-vectors.ts call these.
 */
import { type Vector } from '../vector-runner';
import { positive } from './build-vectors';
import { type JsonObject, b64, identityFrom, namedSeed, obj, seedsFor, str } from './vector-io';

const GRANT = 'grant-0001';
const TERMS = { grantId: GRANT, version: 1, amountMinor: '120000', currency: 'EUR', fundId: 'fund-0001', budgetLineId: 'line-0003', decision: 'approve' };

export function grantVectors(): Vector[] {
  const grantKey = namedSeed('grant-key');
  return [
    positive('grant-key-envelope-desk', 'grant-key-envelope', 'grant key sealed to the finance desk and signed by the proposing caseworker (§18.1)', {
      grantId: GRANT,
      recipient: { kind: 'desk', ...seedsFor('desk-finance') },
      sealer: { kind: 'staff', ...seedsFor('staff') },
    }),
    positive('grant-key-envelope-requester', 'grant-key-envelope', 'grant key sealed to the case’s requester and signed by the proposing caseworker (§18.1)', {
      grantId: GRANT,
      recipient: { kind: 'requester', ...seedsFor('requester') },
      sealer: { kind: 'staff', ...seedsFor('staff') },
    }),
    positive('grant-payee-requester', 'signed', 'payee details typed by the requester, under the grant key (§18.2)', {
      purpose: 'grant-payee',
      binding: { grantId: GRANT },
      key: grantKey,
      author: seedsFor('requester'),
      body: { method: 'mobile-money', holder: 'А. Person', phone: '+996 555 000 000', contact: 'through the lawyer' },
    }),
    positive('grant-report', 'signed', 'a grantee report signed by the requester, under the grant key (§18.4)', {
      purpose: 'grant-report',
      binding: { grantId: GRANT, reportId: 'report-0001' },
      key: grantKey,
      author: seedsFor('requester'),
      body: { text: 'The lock and the camera are installed.', spentMinor: '118500', currency: 'EUR' },
    }),
    positive('grant-approval', 'grant-approval', 'an approval of version 1 of a grant’s terms by an approver (§18.3)', { approver: seedsFor('approver'), terms: TERMS }),
    positive('grant-approval-reject', 'grant-approval', 'a rejection of version 2 (amount 0, another currency) by an approver (§18.3)', {
      approver: seedsFor('approver'),
      terms: { ...TERMS, version: 2, amountMinor: '0', currency: 'KGS', decision: 'reject' },
    }),
    positive('grant-file-key', 'grant-file-key', 'a report file’s key under the grant key (§18.4)', { grantKey, grantId: GRANT, fileId: 'file-0001' }),
    positive('grant-file-meta', 'grant-file-meta', 'a report file’s metadata under the grant key, padded (§18.4)', {
      grantKey,
      grantId: GRANT,
      fileId: 'file-0001',
      meta: { name: 'чек – замок.jpg', type: 'image/jpeg', size: 70000 },
    }),
    ...[1000, 70000].map((length) =>
      positive(`grant-file-stream-${length}`, 'file-stream', `a report file of ${length} bytes (byte i = i mod 251), stream bound to grant-file-stream (§18.4)`, {
        fileKey: namedSeed('file-key'),
        grantId: GRANT,
        fileId: 'file-0001',
        length,
      }),
    ),
  ];
}

type Add = (id: string, op: string, description: string, inputs: JsonObject, expectedError: string) => Promise<void>;

function find(vectors: readonly Vector[], id: string): Vector & { expected: JsonObject } {
  const vector = vectors.find((candidate) => candidate.id === id);
  if (!vector?.expected) throw new Error(`no positive vector ${id}`);
  return vector as Vector & { expected: JsonObject };
}

export async function grantRejects(vectors: readonly Vector[], add: Add): Promise<void> {
  const attacker = identityFrom(seedsFor('attacker'));
  const staffSignPk = b64(identityFrom(seedsFor('staff')).signPk);

  // §18.1: envelopes, as a reader opens them.
  const toDesk = find(vectors, 'grant-key-envelope-desk');
  const toRequester = find(vectors, 'grant-key-envelope-requester');
  const caseEnvelope = find(vectors, 'case-key-grant');
  const staffEnvelope = find(vectors, 'staff-key-envelope');
  const deskOpener = { kind: 'desk', ...seedsFor('desk-finance') };
  const requesterOpener = { kind: 'requester', ...seedsFor('requester') };
  const openArgs = { envelope: obj(toDesk.expected, 'envelope'), grantId: GRANT, opener: deskOpener, sealerSignPk: staffSignPk };
  await add('grant-envelope-open-ok', 'grant-envelope-open', 'control: the finance desk opens its envelope — listed to prove the op can succeed', openArgs, 'none');
  await add('grant-envelope-other-grant', 'grant-envelope-open', 'an envelope moved to another grant', { ...openArgs, grantId: 'grant-0002' }, 'wrong_ad');
  await add('grant-envelope-wrong-recipient', 'grant-envelope-open', 'the desk’s envelope opened by the requester', { ...openArgs, opener: requesterOpener }, 'wrong_key');
  await add('grant-envelope-wrong-sealer', 'grant-envelope-open', 'sealer key differs from sealerKid', { ...openArgs, sealerSignPk: b64(attacker.signPk) }, 'wrong_key');
  await add(
    'grant-envelope-forged-signature',
    'grant-envelope-open',
    'the requester’s envelope with the desk envelope’s signature',
    { ...openArgs, envelope: { ...obj(toRequester.expected, 'envelope'), signature: str(obj(toDesk.expected, 'envelope'), 'signature') }, opener: requesterOpener },
    'bad_signature',
  );
  await add(
    'grant-envelope-is-case-key',
    'grant-envelope-open',
    'a case key envelope (to the requester, signed by staff) offered as a grant key envelope for a grant with the case’s id',
    { ...openArgs, envelope: obj(caseEnvelope.expected, 'envelope'), grantId: 'case-0001', opener: requesterOpener },
    'wrong_ad',
  );
  await add(
    'grant-envelope-is-staff-key',
    'grant-envelope-open',
    'a staff-only key envelope offered as a grant key envelope',
    { ...openArgs, envelope: obj(staffEnvelope.expected, 'envelope'), grantId: 'case-0001', opener: { kind: 'desk', ...seedsFor('desk') } },
    'wrong_ad',
  );
  await add(
    'case-envelope-is-grant-key',
    'envelope-open',
    'a grant key envelope (to the requester) offered as a case key envelope',
    { envelope: obj(toRequester.expected, 'envelope'), caseId: GRANT, opener: seedsFor('requester'), sealerSignPk: staffSignPk },
    'wrong_ad',
  );

  // §18.1: what a server checks without opening.
  const verifyArgs = { envelope: obj(toDesk.expected, 'envelope'), grantId: GRANT, sealerSignPk: staffSignPk };
  await add('grant-envelope-verify-ok', 'grant-envelope-verify', 'control: the server’s check of a genuine envelope passes', verifyArgs, 'none');
  await add('grant-envelope-verify-other-grant', 'grant-envelope-verify', 'an envelope presented for another grant', { ...verifyArgs, grantId: 'grant-0002' }, 'bad_signature');
  await add('grant-envelope-verify-other-sealer', 'grant-envelope-verify', 'an envelope presented as another sealer’s', { ...verifyArgs, sealerSignPk: b64(attacker.signPk) }, 'wrong_key');
  await add(
    'grant-envelope-verify-case-envelope',
    'grant-envelope-verify',
    'a case key envelope presented as a grant key envelope: its signature is of purpose case-key-grant',
    { ...verifyArgs, envelope: obj(caseEnvelope.expected, 'envelope'), grantId: 'case-0001' },
    'bad_signature',
  );
  await add('grant-envelope-verify-short-signature', 'grant-envelope-verify', 'a 63-byte signature', { ...verifyArgs, envelope: { ...obj(toDesk.expected, 'envelope'), signature: b64(new Uint8Array(63)) } }, 'bad_length');
  await add('grant-envelope-verify-not-object', 'grant-envelope-verify', 'an envelope that is not an object', { ...verifyArgs, envelope: 'envelope' }, 'bad_encoding');

  // §18.2 and §18.4: payee details and reports.
  const payee = find(vectors, 'grant-payee-requester');
  const requesterSignPk = str(payee.expected, 'authorSignPk');
  const payeeArgs = {
    purpose: 'grant-payee',
    key: namedSeed('grant-key'),
    binding: { grantId: GRANT },
    ciphertext: str(payee.expected, 'ciphertext'),
    authorKid: str(payee.expected, 'authorKid'),
    authorSignPk: requesterSignPk,
  };
  await add('grant-payee-open-ok', 'grant-signed-open', 'control: payee details open under the grant key', payeeArgs, 'none');
  await add('grant-payee-with-case-key', 'grant-signed-open', 'payee details opened with the case key instead of the grant key', { ...payeeArgs, key: namedSeed('case-key') }, 'wrong_key');
  await add('grant-payee-other-grant', 'grant-signed-open', 'payee details moved to another grant', { ...payeeArgs, binding: { grantId: 'grant-0002' } }, 'wrong_ad');
  await add('grant-payee-other-author', 'grant-signed-open', 'payee details read as a caseworker’s', { ...payeeArgs, authorSignPk: staffSignPk }, 'wrong_key');
  const report = find(vectors, 'grant-report');
  const reportArgs = {
    purpose: 'grant-report',
    key: namedSeed('grant-key'),
    binding: { grantId: GRANT, reportId: 'report-0001' },
    ciphertext: str(report.expected, 'ciphertext'),
    authorKid: str(report.expected, 'authorKid'),
    authorSignPk: requesterSignPk,
  };
  await add('grant-report-other-report', 'grant-signed-open', 'a report moved to another report id', { ...reportArgs, binding: { grantId: GRANT, reportId: 'report-0002' } }, 'wrong_ad');
  await add('grant-report-other-grant', 'grant-signed-open', 'a report moved to another grant', { ...reportArgs, binding: { grantId: 'grant-0002', reportId: 'report-0001' } }, 'wrong_ad');
  await add('grant-report-as-payee', 'grant-signed-open', 'a report presented as payee details', { ...reportArgs, purpose: 'grant-payee', binding: { grantId: GRANT } }, 'wrong_ad');
  await add('grant-report-other-key', 'grant-signed-open', 'a report opened with another grant’s key', { ...reportArgs, key: namedSeed('grant-key-2') }, 'wrong_key');

  // §18.3: approvals.
  const approval = find(vectors, 'grant-approval');
  const approvalArgs = { terms: TERMS, signature: str(approval.expected, 'signature'), signerSignPk: str(approval.expected, 'signerSignPk'), signerKid: str(approval.expected, 'signerKid') };
  await add('grant-approval-ok', 'grant-approval-verify', 'control: the approval verifies over its terms', approvalArgs, 'none');
  const changed: [string, JsonObject][] = [
    ['version', { version: 2 }],
    ['amount', { amountMinor: '1200000' }],
    ['currency', { currency: 'USD' }],
    ['fund', { fundId: 'fund-0002' }],
    ['budget-line', { budgetLineId: 'line-0004' }],
    ['decision', { decision: 'reject' }],
    ['grant', { grantId: 'grant-0002' }],
  ];
  for (const [name, change] of changed) {
    await add(`grant-approval-changed-${name}`, 'grant-approval-verify', `the terms’ ${name.replace('-', ' ')} changed after signing`, { ...approvalArgs, terms: { ...TERMS, ...change } }, 'bad_signature');
  }
  const rejection = find(vectors, 'grant-approval-reject');
  await add(
    'grant-approval-replayed',
    'grant-approval-verify',
    'the signature of version 2’s rejection replayed over version 1’s terms',
    { ...approvalArgs, signature: str(rejection.expected, 'signature') },
    'bad_signature',
  );
  await add('grant-approval-other-signer', 'grant-approval-verify', 'an approval checked under another approver’s key (no kid given)', { terms: TERMS, signature: approvalArgs.signature, signerSignPk: staffSignPk }, 'bad_signature');
  await add('grant-approval-wrong-kid', 'grant-approval-verify', 'signerKid names another key', { ...approvalArgs, signerSignPk: staffSignPk }, 'wrong_key');
  await add('grant-approval-short-signature', 'grant-approval-verify', 'a 63-byte signature', { ...approvalArgs, signature: b64(new Uint8Array(63)) }, 'bad_length');
  const invalid: [string, JsonObject][] = [
    ['leading-zero', { ...TERMS, amountMinor: '0120000' }],
    ['negative', { ...TERMS, amountMinor: '-120000' }],
    ['decimal-amount', { ...TERMS, amountMinor: '1200.00' }],
    ['nineteen-digits', { ...TERMS, amountMinor: '1000000000000000000' }],
    ['number-amount', { ...TERMS, amountMinor: 120000 }],
    ['lower-case-currency', { ...TERMS, currency: 'eur' }],
    ['version-zero', { ...TERMS, version: 0 }],
    ['version-string', { ...TERMS, version: '1' }],
    ['other-decision', { ...TERMS, decision: 'approved' }],
    ['extra-member', { ...TERMS, note: 'x' }],
    ['missing-member', { grantId: GRANT, version: 1, amountMinor: '120000', currency: 'EUR', fundId: 'fund-0001', decision: 'approve' }],
  ];
  for (const [name, terms] of invalid) {
    await add(`grant-approval-terms-${name}`, 'grant-approval-verify', `terms refused before any signature check: ${name.replace(/-/g, ' ')}`, { ...approvalArgs, terms }, 'invalid_input');
  }

  // §18.4: report files.
  const fileKey = find(vectors, 'grant-file-key');
  const fileArgs = { grantKey: namedSeed('grant-key'), grantId: GRANT, fileId: 'file-0001', wrapped: str(fileKey.expected, 'wrapped') };
  await add('grant-file-key-other-file', 'grant-file-key-open', 'a wrapped key moved to another file', { ...fileArgs, fileId: 'file-0002' }, 'wrong_ad');
  await add('grant-file-key-other-grant', 'grant-file-key-open', 'a wrapped key moved to another grant', { ...fileArgs, grantId: 'grant-0002' }, 'wrong_ad');
  await add('grant-file-key-with-case-key', 'grant-file-key-open', 'a wrapped key opened with the case key', { ...fileArgs, grantKey: namedSeed('case-key') }, 'wrong_key');
  await add(
    'grant-file-key-as-case-file',
    'case-file-key-open',
    'a report file’s key read as a case file’s of format 2 (same key bytes, case id = grant id)',
    { key: namedSeed('grant-key'), caseId: GRANT, fileId: 'file-0001', recordKind: 'message', wrapped: fileArgs.wrapped },
    'wrong_ad',
  );
  const meta = find(vectors, 'grant-file-meta');
  const metaArgs = { grantKey: namedSeed('grant-key'), grantId: GRANT, fileId: 'file-0001', ciphertext: str(meta.expected, 'ciphertext') };
  await add('grant-file-meta-other-file', 'grant-file-meta-open', 'metadata moved to another file', { ...metaArgs, fileId: 'file-0002' }, 'wrong_ad');
  await add('grant-file-meta-other-key', 'grant-file-meta-open', 'metadata opened with another grant’s key', { ...metaArgs, grantKey: namedSeed('grant-key-2') }, 'wrong_key');
  await add('grant-file-meta-as-key', 'grant-file-key-open', 'metadata presented as a wrapped file key', { ...fileArgs, wrapped: metaArgs.ciphertext }, 'bad_length');
  const source = 'grant-file-stream-70000';
  await add('grant-stream-ok', 'grant-stream-header', 'control: the header opens as its own report file', { source, as: { grantId: GRANT, fileId: 'file-0001' } }, 'none');
  await add('grant-stream-other-file', 'grant-stream-header', 'a report file’s stream read as another file of the grant', { source, as: { grantId: GRANT, fileId: 'file-0002' } }, 'wrong_ad');
  await add('grant-stream-as-case-file', 'grant-stream-header', 'a report file’s stream read as a case attachment with the same ids', { source, as: { caseId: GRANT, fileId: 'file-0001' } }, 'wrong_ad');
  await add('case-stream-as-grant-file', 'grant-stream-header', 'a case attachment’s stream read as a report file', { source: 'file-stream-1000', as: { grantId: 'case-0001', fileId: 'file-0001' } }, 'wrong_ad');
  await add(
    'grant-stream-chunk-flipped',
    'stream-chunks',
    'a report file whose second chunk has a flipped byte',
    { source, take: [{ from: 0 }, { from: 1, flip: 3 }] },
    'tampered',
  );
}
