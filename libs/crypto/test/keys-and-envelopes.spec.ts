/**
 * Certificates, desk keys and case key envelopes: chains to the root, the public-key check on
 * unsealing a desk key, envelopes to several recipients, and every refusal in between.
 */
import {
  type Certificate,
  type IdentityKeys,
  type RootKeys,
  type VerifiedDesk,
  type VerifiedPerson,
  deskSubjectId,
  exportRootKeys,
  fromBase64Url,
  generateCaseKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateRootKeys,
  sealCaseKeyToAll,
  importRootKeys,
  issueCertificate,
  kidFingerprint,
  kidOf,
  openCaseKeyEnvelope,
  openDeskKey,
  parseCaseKeyEnvelope,
  parseCertificate,
  ready,
  verifyCaseKeyEnvelope,
  requesterPublicKeys,
  sealDeskKey,
  sealedKeyRecipient,
  toBase64Url,
  verifyCertificateChain,
  deriveRequesterKeys,
  deskSigningKeys,
  type UntrustedCertificateError,
} from '../src/index';
import { sealKey } from '../src/sealed-box';
import { lib } from '../src/sodium';
import { errorOf, expectCode, flipField } from './helpers';

const NOW = new Date('2030-01-01T00:00:00Z');
const LATER = new Date('2031-01-01T00:00:00Z');

let root: RootKeys;
let admin: IdentityKeys;
let adminCert: Certificate;
let staff: IdentityKeys;
let staffCert: Certificate;

beforeAll(async () => {
  await ready();
  root = generateRootKeys();
  admin = generateIdentityKeys();
  adminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-1', encPk: admin.encPk, signPk: admin.signPk, notAfter: LATER });
  staff = generateIdentityKeys();
  staffCert = issueCertificate(admin, { kind: 'staff', subjectId: 'staff-1', encPk: staff.encPk, signPk: staff.signPk, notAfter: LATER });
});

function person(chain: Certificate[]): VerifiedPerson {
  const verified = verifyCertificateChain(chain, root.signPk, NOW);
  if (verified.kind !== 'staff' && verified.kind !== 'admin') throw new Error('not a person');
  return verified;
}

function deskOf(deskId: string, version: number): { desk: ReturnType<typeof generateDeskKeyPair>; cert: Certificate; verified: VerifiedDesk } {
  const desk = generateDeskKeyPair(deskId, version);
  const cert = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId(deskId, version), encPk: desk.encPk, signPk: desk.signPk, notAfter: LATER });
  const verified = verifyCertificateChain([cert, adminCert], root.signPk, NOW);
  if (verified.kind !== 'desk') throw new Error('not a desk');
  return { desk, cert, verified };
}

describe('certificates', () => {
  it('verify admin, staff, desk and escrow chains to the root', () => {
    expect(person([adminCert]).kind).toBe('admin');
    const verified = person([staffCert, adminCert]);
    expect(verified).toEqual(expect.objectContaining({ kind: 'staff', subjectId: 'staff-1', signKid: kidOf(staff.signPk), encKid: kidOf(staff.encPk) }));
    expect(deskOf('desk-a', 4).verified).toEqual(expect.objectContaining({ deskId: 'desk-a', version: 4 }));
    const escrow = generateIdentityKeys();
    const escrowCert = issueCertificate(root, { kind: 'escrow', subjectId: 'escrow-1', encPk: escrow.encPk, notAfter: LATER });
    expect(verifyCertificateChain([escrowCert], root.signPk, NOW).kind).toBe('escrow');
  });

  it('survive a JSON round trip and strict parsing', () => {
    const copy = JSON.parse(JSON.stringify(staffCert)) as unknown;
    expect(parseCertificate(copy)).toEqual(staffCert);
    expect(verifyCertificateChain([copy, JSON.parse(JSON.stringify(adminCert)) as unknown], root.signPk, NOW).kind).toBe('staff');
  });

  it('refuse issuing what the issuer may not certify', () => {
    expectCode(() => issueCertificate(root, { kind: 'staff', subjectId: 's', encPk: staff.encPk, signPk: staff.signPk, notAfter: LATER }), 'invalid_input');
    expectCode(() => issueCertificate(admin, { kind: 'admin', subjectId: 's', encPk: staff.encPk, signPk: staff.signPk, notAfter: LATER }), 'invalid_input');
    expectCode(() => issueCertificate(admin, { kind: 'desk', subjectId: 'desk-without-version', encPk: staff.encPk, signPk: staff.signPk, notAfter: LATER }), 'invalid_input');
    // A new desk certificate names the version's signing key (SPEC.md §8.2).
    expectCode(() => issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId('desk-a', 1), encPk: staff.encPk, notAfter: LATER }), 'invalid_input');
    expectCode(() => issueCertificate(admin, { kind: 'staff', subjectId: 's', encPk: staff.encPk, notAfter: LATER }), 'invalid_input');
    expectCode(() => issueCertificate(admin, { kind: 'staff', subjectId: 'a|b', encPk: staff.encPk, signPk: staff.signPk, notAfter: LATER }), 'invalid_input');
  });

  it('refuse chains that do not reach the root, with reasons', () => {
    const reason = (fn: () => unknown): string => (errorOf(fn) as UntrustedCertificateError).reason;
    expect(reason(() => verifyCertificateChain([staffCert, adminCert], generateRootKeys().signPk, NOW))).toBe('unknown-issuer');
    expect(reason(() => verifyCertificateChain([staffCert], root.signPk, NOW))).toBe('unknown-issuer');
    expect(reason(() => verifyCertificateChain([], root.signPk, NOW))).toBe('chain-length');
    expect(reason(() => verifyCertificateChain([staffCert, adminCert], root.signPk, LATER))).toBe('expired');
    const otherAdmin = generateIdentityKeys();
    const otherAdminCert = issueCertificate(root, { kind: 'admin', subjectId: 'admin-2', encPk: otherAdmin.encPk, signPk: otherAdmin.signPk, notAfter: LATER });
    expect(reason(() => verifyCertificateChain([staffCert, otherAdminCert], root.signPk, NOW))).toBe('broken-chain');
    // a staff member who certifies someone else is not an admin: the chain cannot reach the root
    const rogue = generateIdentityKeys();
    const rogueCert = issueCertificate(staff, { kind: 'staff', subjectId: 'rogue', encPk: rogue.encPk, signPk: rogue.signPk, notAfter: LATER });
    expect(reason(() => verifyCertificateChain([rogueCert, staffCert], root.signPk, NOW))).toBe('unknown-issuer');
    expect(reason(() => verifyCertificateChain([rogueCert, staffCert, adminCert], root.signPk, NOW))).toBe('chain-length');
    // a staff certificate signed by the root itself (the root only certifies admins and escrow)
    const body = { kind: 'staff', subjectId: 'staff-1', encPk: staffCert.encPk, signPk: staffCert.signPk, notAfter: staffCert.notAfter } as const;
    const message = new TextEncoder().encode(`ashar/v1|cert|staff|staff-1|${body.encPk}|${body.signPk}|${body.notAfter}`);
    const rootStaff: Certificate = { v: 1, ...body, issuerKid: adminCert.issuerKid, signature: toBase64Url(lib().crypto_sign_detached(message, root.signSk)) };
    expect(reason(() => verifyCertificateChain([rootStaff], root.signPk, NOW))).toBe('kind-not-allowed');
  });

  it('refuse any altered member with bad_signature', () => {
    const decode = (text: string): Uint8Array => fromBase64Url(text, 't');
    const other = generateIdentityKeys();
    const variants: Certificate[] = [
      { ...staffCert, subjectId: 'staff-2' },
      { ...staffCert, encPk: toBase64Url(other.encPk) },
      { ...staffCert, signPk: toBase64Url(other.signPk) },
      { ...staffCert, notAfter: '2099-01-01T00:00:00Z' },
      { ...staffCert, signature: flipField(`x.${staffCert.signature}`, 1, 63, decode, toBase64Url).slice(2) },
    ];
    for (const variant of variants) expectCode(() => verifyCertificateChain([variant, adminCert], root.signPk, NOW), 'bad_signature');
  });

  it('round-trip the root key export and show fingerprints', () => {
    expect(importRootKeys(exportRootKeys(root)).signPk).toEqual(root.signPk);
    expect(kidFingerprint(kidOf(root.signPk))).toMatch(/^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/);
  });
});

describe('desk keys', () => {
  it('seal to a member and unseal with the public-key check', () => {
    const { desk, verified } = deskOf('desk-b', 1);
    const sealed = sealDeskKey(desk, person([staffCert, adminCert]));
    expect(sealedKeyRecipient(sealed)).toBe(kidOf(staff.encPk));
    const opened = openDeskKey(sealed, staff, verified);
    expect(opened.deskSk).toEqual(desk.deskSk);
    expect(opened.encPk).toEqual(desk.encPk);
    expect(opened.signPk).toEqual(desk.signPk);
    expect(verified.signPk).toEqual(desk.signPk);
  });

  it('derive the signing key from the secret key with the KDF of SPEC.md §8.2', () => {
    const desk = generateDeskKeyPair('desk-k', 1);
    const seed = lib().crypto_kdf_derive_from_key(32, 1, 'desksign', desk.deskSk);
    expect(lib().crypto_sign_seed_keypair(seed).publicKey).toEqual(desk.signPk);
    expect(deskSigningKeys(desk.deskSk).signPk).toEqual(desk.signPk);
    expect(generateDeskKeyPair('desk-k', 1).signPk).not.toEqual(desk.signPk);
  });

  it('refuse a secret key with the certified public key but another derived signing key', () => {
    // X25519 clamps the secret: flipping a clamped bit keeps encPk but changes the KDF input, so
    // a sealer could hand out a key that opens the version yet signs links as someone else.
    const { desk, verified } = deskOf('desk-l', 1);
    const altered = desk.deskSk.slice();
    altered[0] = (altered[0] ?? 0) ^ 1;
    expect(lib().crypto_scalarmult_base(altered)).toEqual(desk.encPk);
    const sealed = sealKey(altered as typeof desk.deskSk, staff.encPk, { purpose: 'desk-key', ids: ['desk-l', '1'] });
    expectCode(() => openDeskKey(sealed, staff, verified), 'public_key_mismatch');
  });

  it('still open under a legacy desk certificate without signPk, which names no signing key', () => {
    const desk = generateDeskKeyPair('desk-m', 1);
    const body = { kind: 'desk', subjectId: 'desk-m:1', encPk: toBase64Url(desk.encPk), signPk: '', notAfter: '2031-01-01T00:00:00Z' } as const;
    const message = new TextEncoder().encode(`ashar/v1|cert|desk|desk-m:1|${body.encPk}||${body.notAfter}`);
    const legacy: Certificate = { v: 1, ...body, issuerKid: kidOf(admin.signPk), signature: toBase64Url(lib().crypto_sign_detached(message, admin.signSk)) };
    const verified = verifyCertificateChain([legacy, adminCert], root.signPk, NOW) as VerifiedDesk;
    expect(verified.signPk).toBeNull();
    expect(openDeskKey(sealDeskKey(desk, person([staffCert, adminCert])), staff, verified).signPk).toEqual(desk.signPk);
  });

  it('refuse a secret key that does not match the certified desk key', () => {
    const { verified } = deskOf('desk-c', 1);
    const impostor = generateDeskKeyPair('desk-c', 1);
    const sealed = sealDeskKey(impostor, person([staffCert, adminCert]));
    expectCode(() => openDeskKey(sealed, staff, verified), 'public_key_mismatch');
  });

  it('refuse another member, another version and another desk', () => {
    const { desk, verified } = deskOf('desk-d', 1);
    const sealed = sealDeskKey(desk, person([staffCert, adminCert]));
    expectCode(() => openDeskKey(sealed, admin, verified), 'wrong_key');
    const v2 = issueCertificate(admin, { kind: 'desk', subjectId: deskSubjectId('desk-d', 2), encPk: desk.encPk, signPk: desk.signPk, notAfter: LATER });
    const verifiedV2 = verifyCertificateChain([v2, adminCert], root.signPk, NOW) as VerifiedDesk;
    expectCode(() => openDeskKey(sealed, staff, verifiedV2), 'wrong_ad');
  });
});

describe('case key envelopes', () => {
  it('give one case key to desks, staff, escrow and the requester', () => {
    const caseKey = generateCaseKey();
    const { desk, verified: deskVerified } = deskOf('desk-e', 1);
    const requester = deriveRequesterKeys('0000-0000-0000-0000-0001', 'ashar.test');
    const escrow = generateIdentityKeys();
    const escrowVerified = verifyCertificateChain([issueCertificate(root, { kind: 'escrow', subjectId: 'escrow-1', encPk: escrow.encPk, notAfter: LATER })], root.signPk, NOW);
    const recipients = [deskVerified, person([staffCert, adminCert]), escrowVerified, requesterPublicKeys(requester)];
    const envelopes = sealCaseKeyToAll(caseKey, 'case-9', recipients, requester);
    expect(envelopes).toHaveLength(4);
    const openers = [desk, staff, escrow, requester];
    envelopes.forEach((envelope, index) => {
      const stored = parseCaseKeyEnvelope(JSON.parse(JSON.stringify(envelope)) as unknown);
      expect(openCaseKeyEnvelope(stored, 'case-9', openers[index] as typeof staff, requester.signPk)).toEqual(caseKey);
    });
  });

  it('refuse an envelope of another case, another opener, sealer or signature', () => {
    const caseKey = generateCaseKey();
    const [envelope] = sealCaseKeyToAll(caseKey, 'case-1', [person([staffCert, adminCert])], admin);
    if (!envelope) throw new Error('no envelope');
    expectCode(() => openCaseKeyEnvelope(envelope, 'case-2', staff, admin.signPk), 'wrong_ad');
    expectCode(() => openCaseKeyEnvelope(envelope, 'case-1', admin, admin.signPk), 'wrong_key');
    expectCode(() => openCaseKeyEnvelope(envelope, 'case-1', staff, staff.signPk), 'wrong_key');
    const decode = (text: string): Uint8Array => fromBase64Url(text, 't');
    const badSignature = { ...envelope, signature: flipField(`x.${envelope.signature}`, 1, 0, decode, toBase64Url).slice(2) };
    expectCode(() => openCaseKeyEnvelope(badSignature, 'case-1', staff, admin.signPk), 'bad_signature');
    for (let index = 0; index < 96; index += 7) {
      const flipped = { ...envelope, sealedKey: flipField(envelope.sealedKey, 2, index, decode, toBase64Url) as typeof envelope.sealedKey };
      expectCode(() => openCaseKeyEnvelope(flipped, 'case-1', staff, admin.signPk), 'tampered');
    }
    const forgedKid = { ...envelope, sealedKey: flipField(envelope.sealedKey, 1, 0, decode, toBase64Url) as typeof envelope.sealedKey };
    expectCode(() => openCaseKeyEnvelope(forgedKid, 'case-1', staff, admin.signPk), 'wrong_key');
  });

  it('can be checked without opening: recipient kid, sealer and signature (what the server checks)', () => {
    const caseKey = generateCaseKey();
    const [envelope] = sealCaseKeyToAll(caseKey, 'case-1', [person([staffCert, adminCert])], admin);
    if (!envelope) throw new Error('no envelope');
    expect(verifyCaseKeyEnvelope(JSON.parse(JSON.stringify(envelope)) as unknown, 'case-1', admin.signPk)).toBe(kidOf(staff.encPk));
    expectCode(() => verifyCaseKeyEnvelope(envelope, 'case-2', admin.signPk), 'bad_signature');
    expectCode(() => verifyCaseKeyEnvelope(envelope, 'case-1', staff.signPk), 'wrong_key');
    expectCode(() => verifyCaseKeyEnvelope({ ...envelope, signature: 'AA' }, 'case-1', admin.signPk), 'bad_length');
    expectCode(() => verifyCaseKeyEnvelope({ ...envelope, sealedKey: 'x1.abc' }, 'case-1', admin.signPk), 'bad_prefix');
    expectCode(() => verifyCaseKeyEnvelope('envelope', 'case-1', admin.signPk), 'bad_encoding');
    expectCode(() => verifyCaseKeyEnvelope(envelope, 'case|1', admin.signPk), 'invalid_input');
  });

  it('refuse a key sealed by the server with the right binding but not signed by the claimed sealer', () => {
    const serverKey = generateCaseKey();
    const server = generateIdentityKeys();
    const [forged] = sealCaseKeyToAll(serverKey, 'case-1', [person([staffCert, adminCert])], server);
    if (!forged) throw new Error('no envelope');
    expectCode(() => openCaseKeyEnvelope({ ...forged, sealerKid: kidOf(admin.signPk) }, 'case-1', staff, admin.signPk), 'bad_signature');
  });
});
