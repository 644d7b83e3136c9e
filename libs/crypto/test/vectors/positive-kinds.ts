/**
 * Vector kinds that produce something: each `compute` runs the production functions on the
 * vector's inputs (randomness replayed from its draws) and returns the JSON the vector pins;
 * `verify` then runs the reading direction on the pinned output.
 */
import { auditCheckpointMessage, exportAuditCheckpointKeys, importAuditCheckpointKeys, signAuditCheckpoint, verifyAuditCheckpoint } from '../../src/audit-checkpoint';
import { type CaseKey, type DeskSecretKey, type EncPublicKey, type FileKey, type GrantKey, type IdentityKeys, type VaultKey, brandAs } from '../../src/brands';
import { type AeadBinding, buildAd, computeCheck } from '../../src/binding';
import { sealCaseKey, generateCaseKey, generateFileKey, openCaseKeyEnvelope, parseCaseKeyEnvelope, requesterPublicKeys, unwrapFileKey, wrapFileKey } from '../../src/case-keys';
import { type Certificate, deskSubjectId, issueCertificate, parseDeskSubjectId, verifyCertificateChain } from '../../src/certificates';
import { generateReceiptCode, generateRecoveryCode, normaliseReceiptCode, normaliseRecoveryCode, receiptCodeVersion } from '../../src/codes';
import { DESK_SIGN_KDF_CONTEXT, DESK_SIGN_KDF_ID, deskSigningKeys, generateDeskKeyPair, openDeskKey, sealDeskKey } from '../../src/desk-keys';
import { type DeskHistoryEntry, deskApprovalMessage, deskLinkMessage, deskVersionKeys, signDeskApproval, signDeskLink, verifyDeskHistory, verifyDeskLink } from '../../src/desk-history';
import { issueRevocation, verifyRevocations } from '../../src/revocations';
import { canonicalJson } from '../../src/canonical-json';
import { concatBytes, utf8 } from '../../src/encoding';
import { decryptFileMeta, encryptFileMeta, type FileMeta } from '../../src/file-meta';
import { type StreamFileRef, createFileDecryptor, createFileEncryptor, CHUNK_BYTES } from '../../src/file-stream';
import { exportRootKeys, generateIdentityKeys, generateRootKeys, importRootKeys, kidFingerprint, kidOf, parseSignPublicKey, publicKeysOf, signKeyPairFromSeed } from '../../src/keys';
import { deriveRequesterKeys, receiptSalt, signChallenge, verifyChallenge } from '../../src/receipt';
import { openProtectedRootKeys, protectRootKeys } from '../../src/root-file';
import { hashReleaseFile, releaseSignedMessage, signReleaseManifest, verifyReleaseManifest } from '../../src/release';
import { decryptSigned, encryptSigned, type SignedPurpose } from '../../src/signed-payload';
import { lib } from '../../src/sodium';
import { type UnlockSecret, type VaultWrap, createVault, openVault, parseVaultWrap, prfSalt, unwrapVaultKey, wrapVaultKey } from '../../src/vault';
import { CASE_KEY_KINDS } from './case-key-kinds';
import { GRANT_KINDS } from './grant-kinds';
import { SUBJECT_KINDS } from './subject-kinds';
import { type Json, type JsonObject, arr, b64, bytes, deskFrom, identityFrom, num, obj, requesterFrom, rootFrom, str, toJson } from './vector-io';

export interface PositiveKind {
  /** Runs the writing direction; must be synchronous (randomness is scripted). */
  compute(inputs: JsonObject): JsonObject;
  /** Runs the reading direction on the pinned output; throws when it disagrees. `replay`
   * runs a function with the vector's draws again (for outputs pinned only by hash). */
  verify?(inputs: JsonObject, expected: JsonObject, replay: <T>(fn: () => T) => T): Promise<void> | void;
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (canonicalJson(toJson(actual)) !== canonicalJson(toJson(expected))) throw new Error(`${what} differs`);
}

function secretFrom(inputs: JsonObject): UnlockSecret {
  const secret = obj(inputs, 'secret');
  switch (str(secret, 'method')) {
    case 'passphrase':
      return { method: 'passphrase', passphrase: str(secret, 'passphrase') };
    case 'recovery-code':
      return { method: 'recovery-code', code: str(secret, 'code') };
    default:
      return { method: 'passkey-prf', credentialId: str(secret, 'credentialId'), prfOutput: bytes(secret, 'prfOutput') };
  }
}

function signedBinding(inputs: JsonObject): AeadBinding & { purpose: SignedPurpose } {
  const ids = obj(inputs, 'binding');
  switch (str(inputs, 'purpose')) {
    case 'case-record':
      return { purpose: 'case-record', caseId: str(ids, 'caseId'), recordId: str(ids, 'recordId'), recordKind: str(ids, 'recordKind') };
    case 'grant-payee':
      return { purpose: 'grant-payee', grantId: str(ids, 'grantId') };
    case 'grant-report':
      return { purpose: 'grant-report', grantId: str(ids, 'grantId'), reportId: str(ids, 'reportId') };
    default:
      return { purpose: 'application', applicationId: str(ids, 'applicationId') };
  }
}

/** Plaintext pattern of stream vectors: byte i is i mod 251. */
export function streamPlaintext(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) out[i] = i % 251;
  return out;
}

function fileRef(inputs: JsonObject): { caseId: string; fileId: string } {
  return { caseId: str(inputs, 'caseId'), fileId: str(inputs, 'fileId') };
}

/** A stream vector's file: a case's attachment, or with `grantId` a grant report's file (§18.4). */
function streamRef(inputs: JsonObject): StreamFileRef {
  return inputs['grantId'] === undefined ? fileRef(inputs) : { grantId: str(inputs, 'grantId'), fileId: str(inputs, 'fileId') };
}

/** The key of a `signed` vector: `key`, or `caseKey` in the vectors made before §18 (for `grant-payee` it holds the grant key). */
function signedKey(inputs: JsonObject): Uint8Array {
  return bytes(inputs, inputs['key'] === undefined ? 'caseKey' : 'key');
}

function certChain(inputs: JsonObject, name: string): Certificate[] {
  return arr(inputs, name) as unknown as Certificate[];
}

export function encryptStream(inputs: JsonObject): { header: string; chunks: Uint8Array[] } {
  const fileKey = brandAs<FileKey>(bytes(inputs, 'fileKey'));
  const plaintext = streamPlaintext(num(inputs, 'length'));
  const encryptor = createFileEncryptor(fileKey, streamRef(inputs));
  const chunks: Uint8Array[] = [];
  let offset = 0;
  do {
    const end = Math.min(offset + CHUNK_BYTES, plaintext.length);
    chunks.push(encryptor.push(plaintext.subarray(offset, end), end === plaintext.length).bytes);
    offset = end;
  } while (offset < plaintext.length);
  return { header: encryptor.header, chunks };
}

/** A desk certificate as issuers made them before SPEC.md §8.2: `signPk` "" (legacy), signed by hand. */
export function legacyDeskCertificate(admin: IdentityKeys, subjectId: string, encPk: EncPublicKey, notAfter: string): Certificate {
  const body = { kind: 'desk', subjectId, encPk: b64(encPk), signPk: '', notAfter } as const;
  const signature = lib().crypto_sign_detached(utf8(`ashar/v1|cert|desk|${subjectId}|${body.encPk}||${notAfter}`), admin.signSk);
  return { v: 1, ...body, issuerKid: kidOf(admin.signPk), signature: b64(signature) };
}

/**
 * A desk history of `seeds.length` versions: version 1 certified by `admin` and approved by
 * `approver`, each later one certified by `admin` and linked from the one before.
 */
export function buildDeskHistory(inputs: JsonObject): { rootSignPk: string; adminChain: Certificate[]; approverChain: Certificate[]; entries: DeskHistoryEntry[] } {
  const root = rootFrom(obj(inputs, 'root'));
  const notAfter = new Date(str(inputs, 'notAfter'));
  const admin = identityFrom(obj(inputs, 'admin'));
  const approver = identityFrom(obj(inputs, 'approver'));
  const adminCert = issueCertificate(root, { kind: 'admin', subjectId: str(inputs, 'adminId'), encPk: admin.encPk, signPk: admin.signPk, notAfter });
  const approverCert = issueCertificate(root, { kind: 'admin', subjectId: str(inputs, 'approverId'), encPk: approver.encPk, signPk: approver.signPk, notAfter });
  const deskId = str(inputs, 'deskId');
  const times = arr(inputs, 'certifiedAt') as string[];
  const desks = (arr(inputs, 'seeds') as string[]).map((seed, index) => deskFrom(deskId, index + 1, seed));
  const entries = desks.map((desk, index): DeskHistoryEntry => {
    const keys = deskVersionKeys(desk);
    const { version, encPk, signPk } = keys;
    const cert = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId(deskId, desk.version), encPk: desk.encPk, signPk: desk.signPk, notAfter });
    const previous = desks[index - 1];
    return {
      version,
      encPk,
      signPk,
      chain: [cert, adminCert],
      certifiedAt: times[index] ?? '',
      link: previous ? signDeskLink(previous, keys) : null,
      approval: previous ? null : { signature: signDeskApproval(approver, keys), chain: [approverCert], approvedAt: times[index] ?? '' },
    };
  });
  return { rootSignPk: b64(root.signPk), adminChain: [adminCert], approverChain: [approverCert], entries };
}

export const POSITIVE_KINDS: Record<string, PositiveKind> = {
  check: {
    compute: (inputs) => {
      const ad = buildAd(str(inputs, 'purpose') as Parameters<typeof buildAd>[0], arr(inputs, 'ids') as string[]);
      return { ad: new TextDecoder().decode(ad), check: b64(computeCheck(bytes(inputs, 'key'), ad)) };
    },
  },
  kid: {
    compute: (inputs) => {
      const kid = kidOf(parseSignPublicKey(str(inputs, 'publicKey')));
      return { kid, fingerprint: kidFingerprint(kid) };
    },
  },
  identity: { compute: () => publicKeysOf(generateIdentityKeys()) },
  'root-key': {
    compute: () => {
      const root = generateRootKeys();
      return { signPk: b64(root.signPk), exported: exportRootKeys(root) };
    },
    verify: (_inputs, expected) => assertEqual(importRootKeys(str(expected, 'exported')).signPk, parseSignPublicKey(str(expected, 'signPk')), 'imported root key'),
  },
  'protected-root-key': {
    compute: (inputs) => {
      const root = rootFrom(obj(inputs, 'root'));
      const params = { opsLimit: num(obj(inputs, 'params'), 'opsLimit'), memLimitBytes: num(obj(inputs, 'params'), 'memLimitBytes') };
      return { signPk: b64(root.signPk), protected: protectRootKeys(root, str(inputs, 'passphrase'), params) };
    },
    verify: (inputs, expected) =>
      assertEqual(openProtectedRootKeys(str(expected, 'protected'), str(inputs, 'passphrase')).signPk, parseSignPublicKey(str(expected, 'signPk')), 'opened root key'),
  },
  vault: {
    compute: (inputs) => {
      const identity = generateIdentityKeys();
      const { vaultKey, vault } = createVault(identity, str(inputs, 'userId'));
      return { ...publicKeysOf(identity), vaultKey: b64(vaultKey), vault };
    },
    verify: (inputs, expected) => {
      const identity = openVault(brandAs<VaultKey>(bytes(expected, 'vaultKey')), str(inputs, 'userId'), str(expected, 'vault'));
      assertEqual(publicKeysOf(identity), { encPk: expected['encPk'], signPk: expected['signPk'], encKid: expected['encKid'], signKid: expected['signKid'] }, 'vault identity');
    },
  },
  'vault-wrap': {
    compute: (inputs) => {
      const secret = secretFrom(inputs);
      const params = inputs['params'] === undefined ? undefined : { opsLimit: num(obj(inputs, 'params'), 'opsLimit'), memLimitBytes: num(obj(inputs, 'params'), 'memLimitBytes') };
      const ref = { userId: str(inputs, 'userId'), unlockMethodId: str(inputs, 'unlockMethodId') };
      const wrap = wrapVaultKey(brandAs<VaultKey>(bytes(inputs, 'vaultKey')), ref, secret, params);
      return toJson({ wrap, prfSalt: secret.method === 'passkey-prf' ? b64(prfSalt(secret.credentialId)) : undefined }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const ref = { userId: str(inputs, 'userId'), unlockMethodId: str(inputs, 'unlockMethodId') };
      const wrap: VaultWrap = parseVaultWrap(expected['wrap']);
      assertEqual(unwrapVaultKey(wrap, ref, secretFrom(inputs)), bytes(inputs, 'vaultKey'), 'unwrapped vault key');
    },
  },
  // `version` absent: version 1 (the vectors pinned before version 2 existed have no such input).
  'receipt-code': { compute: (inputs) => ({ code: generateReceiptCode(inputs['version'] === 2 ? 2 : 1) }) },
  'recovery-code': { compute: () => ({ code: generateRecoveryCode() }) },
  'normalise-code': {
    compute: (inputs) => ({ code: str(inputs, 'type') === 'receipt' ? normaliseReceiptCode(str(inputs, 'input')) : normaliseRecoveryCode(str(inputs, 'input')) }),
  },
  'requester-keys': {
    compute: (inputs) => {
      const keys = deriveRequesterKeys(str(inputs, 'code'), str(inputs, 'instanceId'));
      // Version 2 (24 characters) has no Argon2id salt.
      if (receiptCodeVersion(str(inputs, 'code')) === 2) return { version: 2, ...publicKeysOf(keys) };
      return { salt: b64(receiptSalt(str(inputs, 'instanceId'))), ...publicKeysOf(keys) };
    },
  },
  challenge: {
    compute: (inputs) => {
      const signer = identityFrom(obj(inputs, 'signer'));
      return { signPk: b64(signer.signPk), signature: signChallenge(signer, str(inputs, 'instanceId'), str(inputs, 'challenge')) };
    },
    verify: (inputs, expected) =>
      verifyChallenge(parseSignPublicKey(str(expected, 'signPk')), str(inputs, 'instanceId'), str(inputs, 'challenge'), str(expected, 'signature')),
  },
  'certificate-chain': {
    compute: (inputs) => {
      const root = rootFrom(obj(inputs, 'root'));
      const admin = identityFrom(obj(inputs, 'admin'));
      const notAfter = new Date(str(inputs, 'notAfter'));
      const adminCert = issueCertificate(root, { kind: 'admin', subjectId: str(inputs, 'adminId'), encPk: admin.encPk, signPk: admin.signPk, notAfter });
      const leaf = obj(inputs, 'leaf');
      if (str(leaf, 'kind') === 'admin') return { rootSignPk: b64(root.signPk), chain: toJson([adminCert]) };
      const staff = identityFrom(leaf);
      let leafCert: Certificate;
      if (str(leaf, 'kind') === 'desk') {
        // A desk version from its box seed, with its derived signing key (SPEC.md §8.2); `legacy`: signPk "", as before §8.2.
        const { deskId, version } = parseDeskSubjectId(str(leaf, 'subjectId'));
        const desk = deskFrom(deskId, version, str(leaf, 'encSeed'));
        leafCert = leaf['legacy'] === true ? legacyDeskCertificate(admin, str(leaf, 'subjectId'), desk.encPk, str(inputs, 'notAfter')) : issueCertificate(admin, { kind: 'desk', subjectId: str(leaf, 'subjectId'), encPk: desk.encPk, signPk: desk.signPk, notAfter });
      } else {
        leafCert = issueCertificate(admin, { kind: 'staff', subjectId: str(leaf, 'subjectId'), encPk: staff.encPk, signPk: staff.signPk, notAfter });
      }
      return { rootSignPk: b64(root.signPk), chain: toJson([leafCert, adminCert]) };
    },
    verify: (inputs, expected) => {
      const verified = verifyCertificateChain(certChain(expected, 'chain'), parseSignPublicKey(str(expected, 'rootSignPk')), new Date(str(inputs, 'now')));
      if (verified.kind !== str(obj(inputs, 'leaf'), 'kind')) throw new Error('verified kind differs');
    },
  },
  'desk-key': {
    compute: (inputs) => {
      const admin = identityFrom(obj(inputs, 'admin'));
      const member = identityFrom(obj(inputs, 'member'));
      const notAfter = new Date(str(inputs, 'notAfter'));
      const root = rootFrom(obj(inputs, 'root'));
      const adminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-1', encPk: admin.encPk, signPk: admin.signPk, notAfter });
      const memberCert = issueCertificate(admin, { kind: 'staff', subjectId: 'member-1', encPk: member.encPk, signPk: member.signPk, notAfter });
      const verifiedMember = verifyCertificateChain([memberCert, adminCert], root.signPk, new Date(str(inputs, 'now')));
      if (verifiedMember.kind !== 'staff') throw new Error('member is not staff');
      const desk = generateDeskKeyPair(str(inputs, 'deskId'), num(inputs, 'version'));
      const deskCert = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId(desk.deskId, desk.version), encPk: desk.encPk, signPk: desk.signPk, notAfter });
      return toJson({ rootSignPk: root.signPk, deskChain: [deskCert, adminCert], sealed: sealDeskKey(desk, verifiedMember) }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const deskCert = verifyCertificateChain(certChain(expected, 'deskChain'), parseSignPublicKey(str(expected, 'rootSignPk')), new Date(str(inputs, 'now')));
      if (deskCert.kind !== 'desk') throw new Error('desk chain does not verify as a desk');
      const opened = openDeskKey(str(expected, 'sealed'), identityFrom(obj(inputs, 'member')), deskCert);
      assertEqual(opened.encPk, deskCert.encPk, 'desk public key');
      assertEqual(opened.signPk, deskCert.signPk, 'desk signing key');
    },
  },
  'desk-signing-key': {
    // SPEC.md §8.2: signSeed = KDF(32, 1, "desksign", deskSk); the Ed25519 pair from that seed.
    compute: (inputs) => {
      const deskSk = bytes(inputs, 'deskSk');
      const s = lib();
      const signSeed = s.crypto_kdf_derive_from_key(32, DESK_SIGN_KDF_ID, DESK_SIGN_KDF_CONTEXT, deskSk);
      const keys = deskSigningKeys(brandAs<DeskSecretKey>(deskSk));
      return { encPk: b64(s.crypto_scalarmult_base(deskSk)), signSeed: b64(signSeed), signPk: b64(keys.signPk) };
    },
  },
  'desk-link': {
    compute: (inputs) => {
      const deskId = str(inputs, 'deskId');
      const predecessor = deskFrom(deskId, num(inputs, 'version') - 1, str(inputs, 'predecessorSeed'));
      const next = deskVersionKeys(deskFrom(deskId, num(inputs, 'version'), str(inputs, 'seed')));
      return { predecessorSignPk: b64(predecessor.signPk), ...next, message: new TextDecoder().decode(deskLinkMessage(next)), link: signDeskLink(predecessor, next) };
    },
    verify: (inputs, expected) => {
      const next = { deskId: str(inputs, 'deskId'), version: num(inputs, 'version'), encPk: str(expected, 'encPk'), signPk: str(expected, 'signPk') };
      if (!verifyDeskLink(parseSignPublicKey(str(expected, 'predecessorSignPk')), next, str(expected, 'link'))) throw new Error('link does not verify');
    },
  },
  'desk-approval': {
    compute: (inputs) => {
      const admin = identityFrom(obj(inputs, 'approver'));
      const keys = deskVersionKeys(deskFrom(str(inputs, 'deskId'), num(inputs, 'version'), str(inputs, 'seed')));
      return { approverSignPk: b64(admin.signPk), ...keys, message: new TextDecoder().decode(deskApprovalMessage(keys)), signature: signDeskApproval(admin, keys) };
    },
  },
  'desk-history': {
    compute: (inputs) => toJson(buildDeskHistory(inputs)) as JsonObject,
    verify: (inputs, expected) => {
      const history = verifyDeskHistory(str(inputs, 'deskId'), arr(expected, 'entries'), parseSignPublicKey(str(expected, 'rootSignPk')), new Date(str(inputs, 'now')));
      assertEqual(history.versions.map((v) => v.continuity), arr(inputs, 'expectContinuity'), 'continuity');
    },
  },
  revocation: {
    compute: (inputs) => {
      const root = rootFrom(obj(inputs, 'root'));
      const admin = identityFrom(obj(inputs, 'admin'));
      const adminCert = issueCertificate(root, { kind: 'admin', subjectId: str(inputs, 'adminId'), encPk: admin.encPk, signPk: admin.signPk, notAfter: new Date(str(inputs, 'notAfter')) });
      const subject = obj(inputs, 'subject');
      const statement = issueRevocation(admin, { kind: str(subject, 'kind') as 'staff' | 'desk', subjectId: str(subject, 'subjectId'), kid: str(subject, 'kid'), revokedAt: new Date(str(inputs, 'revokedAt')) });
      const message = `ashar/v1|revoke|${statement.kind}|${statement.subjectId}|${statement.kid}|${statement.revokedAt}`;
      return toJson({ rootSignPk: root.signPk, entry: { statement, chain: [adminCert] }, message }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const list = verifyRevocations([expected['entry']], parseSignPublicKey(str(expected, 'rootSignPk')), new Date(str(inputs, 'now')));
      if (list.revocations.length !== 1) throw new Error('the revocation does not verify');
    },
  },
  'case-key-grant': {
    compute: (inputs) => {
      const caseKey = generateCaseKey();
      const recipient = requesterPublicKeys(requesterFrom(obj(inputs, 'recipient')));
      const envelope = sealCaseKey(caseKey, str(inputs, 'caseId'), recipient, identityFrom(obj(inputs, 'sealer')));
      return toJson({ caseKey, envelope }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const sealer = identityFrom(obj(inputs, 'sealer'));
      const opened = openCaseKeyEnvelope(parseCaseKeyEnvelope(expected['envelope']), str(inputs, 'caseId'), requesterFrom(obj(inputs, 'recipient')), sealer.signPk);
      assertEqual(opened, bytes(expected, 'caseKey'), 'case key');
    },
  },
  'file-key': {
    compute: (inputs) => {
      const fileKey = generateFileKey();
      return { fileKey: b64(fileKey), wrapped: wrapFileKey(brandAs<CaseKey>(bytes(inputs, 'caseKey')), fileRef(inputs), fileKey) };
    },
    verify: (inputs, expected) =>
      assertEqual(unwrapFileKey(brandAs<CaseKey>(bytes(inputs, 'caseKey')), fileRef(inputs), str(expected, 'wrapped')), bytes(expected, 'fileKey'), 'file key'),
  },
  'file-meta': {
    compute: (inputs) => ({ ciphertext: encryptFileMeta(brandAs<CaseKey>(bytes(inputs, 'caseKey')), fileRef(inputs), obj(inputs, 'meta') as unknown as FileMeta) }),
    verify: (inputs, expected) =>
      assertEqual(decryptFileMeta(brandAs<CaseKey>(bytes(inputs, 'caseKey')), fileRef(inputs), str(expected, 'ciphertext')), inputs['meta'], 'file meta'),
  },
  signed: {
    compute: (inputs) => {
      const author = identityFrom(obj(inputs, 'author'));
      const sealed = encryptSigned(brandAs<CaseKey | GrantKey>(signedKey(inputs)), signedBinding(inputs), inputs['body'] as Json, author);
      return { ciphertext: sealed.ciphertext, authorKid: sealed.authorKid, authorSignPk: b64(author.signPk) };
    },
    verify: (inputs, expected) => {
      const stored = { ciphertext: str(expected, 'ciphertext'), authorKid: str(expected, 'authorKid') };
      const body = decryptSigned(brandAs<CaseKey | GrantKey>(signedKey(inputs)), signedBinding(inputs), stored, parseSignPublicKey(str(expected, 'authorSignPk')));
      assertEqual(body, inputs['body'], 'body');
    },
  },
  'release-manifest': {
    compute: (inputs) => {
      const root = rootFrom(obj(inputs, 'root'));
      const contents = obj(inputs, 'files');
      const files = Object.fromEntries(Object.keys(contents).map((path) => [path, hashReleaseFile(utf8(str(contents, path)))]));
      const manifest = signReleaseManifest(root, { files, issuedAt: new Date(str(inputs, 'issuedAt')) });
      return toJson({ rootSignPk: root.signPk, signedMessage: new TextDecoder().decode(releaseSignedMessage(manifest)), manifest }) as JsonObject;
    },
    verify: (inputs, expected) => {
      const verified = verifyReleaseManifest(expected['manifest'], parseSignPublicKey(str(expected, 'rootSignPk')));
      const contents = obj(inputs, 'files');
      for (const path of Object.keys(contents)) {
        if (verified.files.get(path) !== hashReleaseFile(utf8(str(contents, path)))) throw new Error(`hash of ${path} differs`);
      }
      if (verified.files.size !== Object.keys(contents).length) throw new Error('file count differs');
    },
  },
  'file-stream': {
    compute: (inputs) => {
      const { header, chunks } = encryptStream(inputs);
      const all = concatBytes(...chunks);
      const small = all.length <= 4096;
      return toJson({
        header,
        chunkLengths: chunks.map((chunk) => chunk.length),
        ciphertextHash: lib().crypto_generichash(32, all, null),
        chunks: small ? chunks : undefined,
      }) as JsonObject;
    },
    verify: (inputs, expected, replay) => {
      // Large vectors pin only a hash of the chunks: decrypt a replayed encryption, whose hash compute already matched.
      const chunks = expected['chunks'] === undefined ? replay(() => encryptStream(inputs)).chunks : arr(expected, 'chunks').map((chunk) => bytes({ c: chunk }, 'c'));
      const decryptor = createFileDecryptor(brandAs<FileKey>(bytes(inputs, 'fileKey')), streamRef(inputs), str(expected, 'header'));
      const plain = concatBytes(...chunks.map((chunk) => decryptor.pull(chunk).bytes));
      decryptor.finish();
      assertEqual(plain, streamPlaintext(num(inputs, 'length')), 'stream plaintext');
    },
  },
  // Audit checkpoints (SPEC.md §16): the key file, the exact signed message and the checkpoint.
  'audit-checkpoint': {
    compute: (inputs) => {
      const keys = { kind: 'audit-checkpoint' as const, ...signKeyPairFromSeed(bytes(inputs, 'signSeed')) };
      const statement = { instance: str(inputs, 'instance'), seq: str(inputs, 'seq'), head: str(inputs, 'head'), at: str(inputs, 'at') };
      const checkpoint = signAuditCheckpoint(keys, statement);
      return toJson({ keyFile: exportAuditCheckpointKeys(keys), publicKey: keys.signPk, message: new TextDecoder().decode(auditCheckpointMessage(statement)), checkpoint }) as JsonObject;
    },
    verify: (_inputs, expected) => {
      const publicKey = parseSignPublicKey(str(expected, 'publicKey'));
      assertEqual(importAuditCheckpointKeys(str(expected, 'keyFile')).signPk, publicKey, 'checkpoint key from its file');
      assertEqual(verifyAuditCheckpoint(expected['checkpoint'], [publicKey]), expected['checkpoint'], 'verified checkpoint');
    },
  },
  // SPEC.md §9.1-§9.3 (case-key-kinds.ts).
  ...CASE_KEY_KINDS,
  // SPEC.md §18 (grant-kinds.ts).
  ...GRANT_KINDS,
  ...SUBJECT_KINDS,
};
