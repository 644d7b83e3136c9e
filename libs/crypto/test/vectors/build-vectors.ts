/**
 * Builds the whole vector file: positive vectors computed with recorded deterministic
 * randomness, then reject vectors derived from them (build-reject-vectors.ts). Used by
 * generate.ts; never by production code.
 */
import { isCryptoError } from '../../src/errors';
import { withRecordedRandom } from '../../src/internal/deterministic-random';
import { ready } from '../../src/sodium';
import { type Vector, type VectorFile, lookupIn, runVectors } from '../vector-runner';
import { POSITIVE_KINDS } from './positive-kinds';
import { REJECT_OPS } from './reject-ops';
import { type JsonObject, b64, deskFrom, identityFrom, namedSeed, seedsFor } from './vector-io';
import { kidOf } from '../../src/keys';
import { buildRejectVectors } from './build-reject-vectors';
import { caseKeyVectors } from './build-case-key-vectors';
import { grantVectors } from './build-grant-vectors';
import { subjectVectors } from './build-subject-vectors';

/** Computes a positive vector now, recording its draws. */
export function positive(id: string, kind: string, description: string, inputs: JsonObject): Vector {
  const compute = POSITIVE_KINDS[kind]?.compute;
  if (!compute) throw new Error(`no kind ${kind}`);
  const { result, draws } = withRecordedRandom(id, () => compute(inputs));
  return { id, kind, description, inputs, draws, expected: result };
}

/** Builds a reject vector and checks now that the op really throws `expectedError`. */
export async function reject(vectors: readonly Vector[], id: string, op: string, description: string, inputs: JsonObject, expectedError: string): Promise<Vector> {
  const run = REJECT_OPS[op];
  if (!run) throw new Error(`no op ${op}`);
  let code = 'none';
  try {
    await run(inputs, lookupIn(vectors));
  } catch (error) {
    code = isCryptoError(error) ? error.code : `exception ${error instanceof Error ? error.message : String(error)}`;
  }
  if (code !== expectedError) throw new Error(`reject vector ${id}: expected ${expectedError}, got ${code}`);
  return { id, kind: 'reject', description, op, inputs, expectedError };
}

const NOT_AFTER = '2031-01-01T00:00:00Z';
const NOW = '2030-06-01T00:00:00Z';
const MIB = 1024 * 1024;

function positiveVectors(): Vector[] {
  const caseKey = namedSeed('case-key');
  const record = { caseId: 'case-0001', recordId: 'rec-0001', recordKind: 'request' };
  const body = { zeta: [1, 2.5, -3e-7, true, null], alpha: 'Héllo, wörld — «مرحبا» 👋', nested: { b: '', a: { '': 0 } }, count: 42 };
  return [
    positive('check-case-record', 'check', 'AD string and key/AD check of a case record', { key: caseKey, purpose: 'case-record', ids: ['case-0001', 'rec-0001', 'request'] }),
    positive('check-vault-wrap', 'check', 'AD string and check of a vault wrap', { key: namedSeed('kek'), purpose: 'vault-wrap', ids: ['user-7f3a', 'method-1'] }),
    positive('kid-ed25519', 'kid', 'kid and fingerprint of an Ed25519 public key', { publicKey: b64(identityFrom(seedsFor('kid')).signPk) }),
    positive('identity-keys', 'identity', 'identity key pairs from enc-seed and sign-seed draws', {}),
    positive('root-key', 'root-key', 'root key and its rk1 export', {}),
    positive('root-key-protected', 'protected-root-key', 'root key under a passphrase (rkp1); passphrase given in NFD, low Argon2id parameters', {
      root: seedsFor('root'),
      passphrase: 'cafe\u0301 root custodian passphrase',
      params: { opsLimit: 1, memLimitBytes: 8 * MIB },
    }),
    positive('vault', 'vault', 'vault of a fresh identity', { userId: 'user-7f3a' }),
    positive('vault-wrap-passphrase', 'vault-wrap', 'passphrase wrap with the default Argon2id parameters; passphrase given in NFD', {
      vaultKey: namedSeed('vault-key'),
      userId: 'user-7f3a',
      unlockMethodId: 'method-passphrase',
      secret: { method: 'passphrase', passphrase: 'cafe\u0301 correct horse battery staple' },
    }),
    positive('vault-wrap-recovery', 'vault-wrap', 'recovery-code wrap, code typed in lower case with spaces, low parameters', {
      vaultKey: namedSeed('vault-key'),
      userId: 'user-7f3a',
      unlockMethodId: 'method-recovery',
      secret: { method: 'recovery-code', code: 'abcd efgh jkmn pqrs tvwx yz01 2345' },
      params: { opsLimit: 1, memLimitBytes: 8 * MIB },
    }),
    positive('vault-wrap-prf', 'vault-wrap', 'passkey PRF wrap and the PRF salt of the credential', {
      vaultKey: namedSeed('vault-key'),
      userId: 'user-7f3a',
      unlockMethodId: 'method-passkey',
      secret: { method: 'passkey-prf', credentialId: 'cHJmLWNyZWRlbnRpYWwtMQ', prfOutput: namedSeed('prf-output') },
    }),
    positive('receipt-code', 'receipt-code', 'receipt code from 20 random bytes', {}),
    positive('recovery-code', 'recovery-code', 'recovery code from 28 random bytes', {}),
    positive('normalise-receipt', 'normalise-code', 'receipt normalisation: case, spaces, hyphens, O→0, I/L→1', { type: 'receipt', input: ' oIlL-abcd efgh--jkmn pqrs ' }),
    positive('normalise-recovery', 'normalise-code', 'recovery code normalisation', { type: 'recovery', input: 'zzzz-yyyy-xxxx-wwww-vvvv-tttt-ssso' }),
    positive('requester-keys', 'requester-keys', 'requester keys from a receipt code (Argon2id ops 2, 64 MiB)', { code: 'K7Q2-9M4T-ZX1B-8C3D-F6GH', instanceId: 'ashar.example.org' }),
    positive('requester-keys-typed', 'requester-keys', 'the same receipt typed loosely gives the same keys', { code: 'k7q2 9m4t zxib 8c3d f6gh', instanceId: 'ashar.example.org' }),
    positive('receipt-code-2', 'receipt-code', 'receipt code version 2 from 24 random bytes', { version: 2 }),
    positive('normalise-receipt-2', 'normalise-code', 'version 2 receipt normalisation (24 characters)', { type: 'receipt', input: ' oIlL-abcd efgh--jkmn pqrs tvwx ' }),
    positive('requester-keys-2', 'requester-keys', 'requester keys from a version 2 receipt code (keyed BLAKE2b, no Argon2id)', { code: 'K7Q2-9M4T-ZX1B-8C3D-F6GH-2RWY', instanceId: 'ashar.example.org' }),
    positive('requester-keys-2-typed', 'requester-keys', 'the same version 2 receipt typed loosely gives the same keys', { code: 'k7q2 9m4t zxib 8c3d f6gh 2rwy', instanceId: 'ashar.example.org' }),
    positive('requester-keys-2-instance', 'requester-keys', 'the same version 2 receipt on another instance gives other keys', { code: 'K7Q2-9M4T-ZX1B-8C3D-F6GH-2RWY', instanceId: 'other.example.net' }),
    positive('challenge', 'challenge', 'a signed login challenge', { signer: seedsFor('requester'), instanceId: 'ashar.example.org', challenge: namedSeed('challenge') }),
    positive('cert-admin', 'certificate-chain', 'root-issued admin certificate', { root: seedsFor('root'), admin: seedsFor('admin'), adminId: 'user-admin', leaf: { kind: 'admin' }, notAfter: NOT_AFTER, now: NOW }),
    positive('cert-staff', 'certificate-chain', 'staff certificate issued by an admin', {
      root: seedsFor('root'),
      admin: seedsFor('admin'),
      adminId: 'user-admin',
      leaf: { kind: 'staff', subjectId: 'user-7f3a', ...seedsFor('staff') },
      notAfter: NOT_AFTER,
      now: NOW,
    }),
    positive('cert-desk', 'certificate-chain', 'desk certificate issued by an admin', {
      root: seedsFor('root'),
      admin: seedsFor('admin'),
      adminId: 'user-admin',
      leaf: { kind: 'desk', subjectId: 'desk-legal:3', ...seedsFor('desk') },
      notAfter: NOT_AFTER,
      now: NOW,
    }),
    positive('cert-desk-legacy', 'certificate-chain', 'a legacy desk certificate (signPk "", before §8.2): it verifies, but its version cannot be continued', {
      root: seedsFor('root'),
      admin: seedsFor('admin'),
      adminId: 'user-admin',
      leaf: { kind: 'desk', subjectId: 'desk-legal:1', legacy: true, ...seedsFor('desk') },
      notAfter: NOT_AFTER,
      now: NOW,
    }),
    positive('desk-key', 'desk-key', 'desk key version 2 sealed to a certified member', {
      root: seedsFor('root'),
      admin: seedsFor('admin'),
      member: seedsFor('staff'),
      deskId: 'desk-legal',
      version: 2,
      notAfter: NOT_AFTER,
      now: NOW,
    }),
    positive('desk-signing-key', 'desk-signing-key', 'the Ed25519 key of a desk version, derived from its X25519 secret key (KDF context "desksign", id 1)', {
      deskSk: namedSeed('desk-secret'),
    }),
    positive('desk-link', 'desk-link', 'version 3 of a desk linked from version 2: signed with version 2’s derived signing key', {
      deskId: 'desk-legal',
      version: 3,
      predecessorSeed: namedSeed('desk-legal/2'),
      seed: namedSeed('desk-legal/3'),
    }),
    positive('desk-approval', 'desk-approval', 'a second admin approves version 1 of a desk', {
      approver: seedsFor('admin-2'),
      deskId: 'desk-legal',
      version: 1,
      seed: namedSeed('desk-legal/1'),
    }),
    positive('desk-history', 'desk-history', 'a desk history: version 1 approved by a second admin, versions 2 and 3 linked', {
      root: seedsFor('root'),
      admin: seedsFor('admin'),
      adminId: 'user-admin',
      approver: seedsFor('admin-2'),
      approverId: 'user-admin-2',
      deskId: 'desk-legal',
      seeds: [namedSeed('desk-legal/1'), namedSeed('desk-legal/2'), namedSeed('desk-legal/3')],
      certifiedAt: ['2030-01-01T00:00:00.000Z', '2030-02-01T00:00:00.000Z', '2030-03-01T00:00:00.000Z'],
      notAfter: NOT_AFTER,
      now: NOW,
      expectContinuity: ['approved', 'linked', 'linked'],
    }),
    positive('revocation-staff', 'revocation', 'an admin revokes a staff member’s certified keys (kid of their signPk)', {
      root: seedsFor('root'),
      admin: seedsFor('admin'),
      adminId: 'user-admin',
      subject: { kind: 'staff', subjectId: 'user-7f3a', kid: kidOf(identityFrom(seedsFor('staff')).signPk) },
      revokedAt: '2030-05-01T12:00:00Z',
      notAfter: NOT_AFTER,
      now: NOW,
    }),
    positive('revocation-desk', 'revocation', 'an admin revokes desk key version 3 (kid of its encPk)', {
      root: seedsFor('root'),
      admin: seedsFor('admin'),
      adminId: 'user-admin',
      subject: { kind: 'desk', subjectId: 'desk-legal:3', kid: kidOf(deskFrom('desk-legal', 3, namedSeed('desk-legal/3')).encPk) },
      revokedAt: '2030-05-01T12:00:00Z',
      notAfter: NOT_AFTER,
      now: NOW,
    }),
    positive('case-key-grant', 'case-key-grant', 'case key sealed to a requester and signed by a caseworker', {
      caseId: 'case-0001',
      recipient: seedsFor('requester'),
      sealer: seedsFor('staff'),
    }),
    positive('file-key', 'file-key', 'file key wrapped under the case key', { caseKey, caseId: 'case-0001', fileId: 'file-0001' }),
    positive('file-meta', 'file-meta', 'file metadata, padded', { caseKey, caseId: 'case-0001', fileId: 'file-0001', meta: { name: 'évidence – photo.jpg', type: 'image/jpeg', size: 1234567 } }),
    positive('record', 'signed', 'signed case record with unsorted keys, Unicode and numbers', { purpose: 'case-record', binding: record, caseKey, author: seedsFor('staff'), body }),
    positive('record-empty', 'signed', 'signed case record with an empty object body', { purpose: 'case-record', binding: { ...record, recordId: 'rec-0002', recordKind: 'note' }, caseKey, author: seedsFor('requester'), body: {} }),
    positive('grant-payee', 'signed', 'signed payee details of a grant', { purpose: 'grant-payee', binding: { grantId: 'grant-0001' }, caseKey, author: seedsFor('staff'), body: { iban: 'XX00 0000 0000 0000', holder: 'A. Person' } }),
    positive('application', 'signed', 'signed fellowship application', { purpose: 'application', binding: { applicationId: 'app-0001' }, caseKey, author: seedsFor('requester'), body: { statement: 'x'.repeat(300) } }),
    positive('release-manifest', 'release-manifest', 'a web release (files given as UTF-8 text) signed by the root key (§15)', {
      root: seedsFor('root'),
      files: {
        '/index.html': '<!doctype html>\n<title>Ashar</title>\n<script type="module" src="/assets/index-a1b2c3.js"></script>\n',
        '/assets/index-a1b2c3.js': 'navigator.serviceWorker.register("/sw.js");\n',
        '/sw.js': 'self.addEventListener("fetch", () => {});\n',
        '/favicon.svg': '',
      },
      issuedAt: '2030-05-01T12:00:00Z',
    }),
    ...[0, 1000, 65536, 65537, 200000].map((length) =>
      positive(`file-stream-${length}`, 'file-stream', `attachment of ${length} bytes (byte i = i mod 251)`, { fileKey: namedSeed('file-key'), caseId: 'case-0001', fileId: 'file-0001', length }),
    ),
    // Audit checkpoints (SPEC.md §16)
    positive('audit-checkpoint', 'audit-checkpoint', 'a signed checkpoint of the audit chain head at seq 1234, and its key file', {
      signSeed: namedSeed('audit-checkpoint'),
      instance: 'ashar.example.org',
      seq: '1234',
      head: 'e84e32b041e5b7024233f0223778493d93dc8d8a3208e5a505e03e3f38cb0ab6',
      at: NOW,
    }),
    positive('audit-checkpoint-empty', 'audit-checkpoint', 'a checkpoint of an empty log: seq 0 and the genesis hash', {
      signSeed: namedSeed('audit-checkpoint'),
      instance: 'ashar.example.org',
      seq: '0',
      head: 'c30145bb21de184f4ebfb1ad2ea0bc50bcf427a6116c84fe22e3dbbeae36a328',
      at: NOW,
    }),
    // SPEC.md §9.1-§9.3 (build-case-key-vectors.ts).
    ...caseKeyVectors(),
    // SPEC.md §18 (build-grant-vectors.ts).
    ...grantVectors(),
    // SPEC.md §19 (build-subject-vectors.ts).
    ...subjectVectors(),
  ];
}

/** The complete vector file. */
export async function buildVectorFile(): Promise<VectorFile> {
  await ready();
  const vectors = positiveVectors();
  vectors.push(...(await buildRejectVectors(vectors)));
  const file: VectorFile = { format: 'ashar-crypto-vectors', version: 1, vectors };
  // Round trip through JSON and the runner, so a file that does not pass is never written.
  const failed = (await runVectors(JSON.parse(JSON.stringify(file)))).filter((result) => !result.pass);
  if (failed.length > 0) throw new Error(`generated vectors fail: ${failed.map((result) => `${result.id} (${result.detail ?? result.observed})`).join(', ')}`);
  return file;
}
