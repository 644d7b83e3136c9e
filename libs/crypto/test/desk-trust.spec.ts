/**
 * Desk key continuity and revocation (SPEC.md §8.2, §8.3): a history verifies only when its
 * newest version is linked from a trusted predecessor or approved by a second admin; the attack
 * of issue 13 (an admin and a stand-in lead certify an unlinked version) is refused; rollbacks,
 * forks and revoked versions are refused; revocation statements verify to an admin of the root.
 */
import {
  type Certificate,
  type DeskHistoryEntry,
  type DeskKeyPair,
  type IdentityKeys,
  type RootKeys,
  type UntrustedHistoryError,
  deskSubjectId,
  deskVersionKeys,
  encodePublicKey,
  generateDeskKeyPair,
  generateIdentityKeys,
  generateRootKeys,
  issueCertificate,
  issueRevocation,
  kidOf,
  openDeskKey,
  ready,
  revokedSince,
  assertNotRevoked,
  sealDeskKey,
  seenOf,
  signDeskApproval,
  signDeskLink,
  verifyCertificateChain,
  verifyDeskHistory,
  verifyRevocations,
  type VerifiedPerson,
  type RevocationList,
  NO_REVOCATIONS,
  toBase64Url,
} from '../src/index';
import { lib } from '../src/sodium';
import { errorOf, expectCode } from './helpers';

const NOW = new Date('2030-06-01T00:00:00Z');
const LATER = new Date('2031-01-01T00:00:00Z');
const DESK = 'desk-intake';

let root: RootKeys;
interface Admin {
  id: string;
  keys: IdentityKeys;
  cert: Certificate;
}
let amina: Admin;
let bilal: Admin;
let lead: IdentityKeys;
let leadCert: Certificate;

function makeAdmin(id: string): Admin {
  const keys = generateIdentityKeys();
  return { id, keys, cert: issueCertificate(root, { kind: 'admin', subjectId: id, encPk: keys.encPk, signPk: keys.signPk, notAfter: LATER }) };
}

beforeAll(async () => {
  await ready();
  root = generateRootKeys();
  amina = makeAdmin('admin-amina');
  bilal = makeAdmin('admin-bilal');
  lead = generateIdentityKeys();
  leadCert = issueCertificate(amina.keys, { kind: 'staff', subjectId: 'lead-1', encPk: lead.encPk, signPk: lead.signPk, notAfter: LATER });
});

/** A published entry: `desk` certified by `certifier`, with a link and/or an approval. */
function entry(desk: DeskKeyPair, certifier: Admin, extra: { link?: string | null; approver?: Admin | null; certifiedAt?: string } = {}): DeskHistoryEntry {
  const cert = issueCertificate(certifier.keys, { kind: 'desk', subjectId: deskSubjectId(desk.deskId, desk.version), encPk: desk.encPk, signPk: desk.signPk, notAfter: LATER });
  const keys = deskVersionKeys(desk);
  const approver = extra.approver ?? null;
  return {
    version: desk.version,
    encPk: keys.encPk,
    signPk: keys.signPk,
    chain: [cert, certifier.cert],
    certifiedAt: extra.certifiedAt ?? '2030-01-01T00:00:00.000Z',
    link: extra.link ?? null,
    approval: approver ? { signature: signDeskApproval(approver.keys, keys), chain: [approver.cert], approvedAt: '2030-01-01T00:00:00.000Z' } : null,
  };
}

/** A proper history: v1 approved by Bilal, v2 and v3 each linked from the one before. */
function properHistory(): { desks: DeskKeyPair[]; entries: DeskHistoryEntry[] } {
  const desks = [1, 2, 3].map((v) => generateDeskKeyPair(DESK, v));
  const [v1, v2, v3] = desks as [DeskKeyPair, DeskKeyPair, DeskKeyPair];
  const entries = [
    entry(v1, amina, { approver: bilal }),
    entry(v2, amina, { link: signDeskLink(v1, deskVersionKeys(v2)) }),
    entry(v3, amina, { link: signDeskLink(v2, deskVersionKeys(v3)) }),
  ];
  return { desks, entries };
}

const reason = (fn: () => unknown): string => (errorOf(fn) as UntrustedHistoryError).reason;

describe('desk history', () => {
  it('verifies an approved first version and linked successors, and seals to the newest', () => {
    const { desks, entries } = properHistory();
    const history = verifyDeskHistory(DESK, JSON.parse(JSON.stringify(entries)) as unknown[], root.signPk, NOW);
    expect(history.current.version).toBe(3);
    expect(history.current.encPk).toEqual(desks[2]?.encPk);
    expect(history.versions.map((v) => v.continuity)).toEqual(['approved', 'linked', 'linked']);
    expect(history.versions[0]).toEqual(expect.objectContaining({ certifiedBy: 'admin-amina', approvedBy: 'admin-bilal' }));
    expect(seenOf(history)).toEqual({ version: 3, encKid: kidOf(desks[2]!.encPk) });
  });

  it('refuses the stand-in attack: an admin certifies a version its stand-in made without the predecessor', () => {
    const { entries } = properHistory();
    // Amina invited a stand-in as lead, who made version 4 without holding version 3; Amina certified it.
    const standIn = generateDeskKeyPair(DESK, 4);
    const attack = [...entries, entry(standIn, amina)];
    expect(reason(() => verifyDeskHistory(DESK, attack, root.signPk, NOW))).toBe('no-continuity');
    // A link signed with another key (the stand-in's own version, or an older version) does not count.
    const selfLinked = [...entries, entry(standIn, amina, { link: signDeskLink({ ...standIn, version: 3 }, deskVersionKeys(standIn)) })];
    expect(reason(() => verifyDeskHistory(DESK, selfLinked, root.signPk, NOW))).toBe('no-continuity');
    const olderLinked = [...entries, entry(standIn, amina, { link: signDeskLink(generateDeskKeyPair(DESK, 1), deskVersionKeys(standIn)) })];
    expect(reason(() => verifyDeskHistory(DESK, olderLinked, root.signPk, NOW))).toBe('no-continuity');
  });

  it('refuses an approval by the certifying admin, or by an account with the same signing key', () => {
    const { entries } = properHistory();
    const standIn = generateDeskKeyPair(DESK, 4);
    expect(reason(() => verifyDeskHistory(DESK, [...entries, entry(standIn, amina, { approver: amina })], root.signPk, NOW))).toBe('no-continuity');
    // A second admin account of Amina's, certified for the same keys.
    const twin: Admin = { id: 'admin-twin', keys: amina.keys, cert: issueCertificate(root, { kind: 'admin', subjectId: 'admin-twin', encPk: amina.keys.encPk, signPk: amina.keys.signPk, notAfter: LATER }) };
    expect(reason(() => verifyDeskHistory(DESK, [...entries, entry(standIn, amina, { approver: twin })], root.signPk, NOW))).toBe('no-continuity');
    // A staff member is no approver.
    const staffApproval = entry(standIn, amina, { approver: { id: 'lead-1', keys: lead, cert: leadCert } });
    expect(reason(() => verifyDeskHistory(DESK, [...entries, staffApproval], root.signPk, NOW))).toBe('no-continuity');
    // A second admin's approval makes the break trusted.
    expect(verifyDeskHistory(DESK, [...entries, entry(standIn, amina, { approver: bilal })], root.signPk, NOW).versions[3]?.continuity).toBe('approved');
  });

  it('needs an approval for version 1 and after a legacy version, which cannot be continued', () => {
    const v1 = generateDeskKeyPair(DESK, 1);
    expect(reason(() => verifyDeskHistory(DESK, [entry(v1, amina)], root.signPk, NOW))).toBe('no-continuity');
    // A legacy version 1 (signPk "") approved by a second admin is trusted; its successor needs an approval.
    // Certified before §8.2: no signing key in the certificate.
    const body = { kind: 'desk', subjectId: `${DESK}:1`, encPk: encodePublicKey(v1.encPk), signPk: '', notAfter: '2031-01-01T00:00:00Z' } as const;
    const legacyCert: Certificate = { v: 1, ...body, issuerKid: kidOf(amina.keys.signPk), signature: signCert(amina.keys, body) };
    const legacy: DeskHistoryEntry = {
      version: 1,
      encPk: legacyCert.encPk,
      signPk: '',
      chain: [legacyCert, amina.cert],
      certifiedAt: '2029-01-01T00:00:00.000Z',
      link: null,
      approval: { signature: signDeskApproval(bilal.keys, { deskId: DESK, version: 1, encPk: legacyCert.encPk, signPk: '' }), chain: [bilal.cert], approvedAt: '2030-01-01T00:00:00.000Z' },
    };
    expect(verifyDeskHistory(DESK, [legacy], root.signPk, NOW).current.signPk).toBeNull();
    const v2 = generateDeskKeyPair(DESK, 2);
    const linkedFromLegacy = entry(v2, amina, { link: signDeskLink(v1, deskVersionKeys(v2)) });
    expect(reason(() => verifyDeskHistory(DESK, [legacy, linkedFromLegacy], root.signPk, NOW))).toBe('no-continuity');
    expect(verifyDeskHistory(DESK, [legacy, entry(v2, amina, { approver: bilal })], root.signPk, NOW).current.version).toBe(2);
  });

  it('refuses a history the server reordered, mislabelled or emptied', () => {
    const { entries } = properHistory();
    expect(reason(() => verifyDeskHistory(DESK, [], root.signPk, NOW))).toBe('empty');
    expect(reason(() => verifyDeskHistory(DESK, [entries[1], entries[0], entries[2]], root.signPk, NOW))).toBe('order');
    expect(reason(() => verifyDeskHistory(DESK, [entries[0], entries[0]], root.signPk, NOW))).toBe('order');
    expect(reason(() => verifyDeskHistory(DESK, [{ ...entries[0]!, encPk: entries[1]!.encPk }], root.signPk, NOW))).toBe('mismatch');
    expect(reason(() => verifyDeskHistory('desk-legal', entries, root.signPk, NOW))).toBe('mismatch');
    // Dropping the middle version breaks the link of the next one.
    expect(reason(() => verifyDeskHistory(DESK, [entries[0], entries[2]], root.signPk, NOW))).toBe('no-continuity');
    expectCode(() => verifyDeskHistory(DESK, entries, generateRootKeys().signPk, NOW), 'untrusted_certificate');
    expectCode(() => verifyDeskHistory(DESK, [{ ...entries[0], certifiedAt: 'yesterday' }], root.signPk, NOW), 'bad_encoding');
  });

  it('refuses a rollback and a fork against the version seen before', () => {
    const { desks, entries } = properHistory();
    const seen = seenOf(verifyDeskHistory(DESK, entries, root.signPk, NOW));
    expect(verifyDeskHistory(DESK, entries, root.signPk, NOW, { seen }).current.version).toBe(3);
    expect(reason(() => verifyDeskHistory(DESK, entries.slice(0, 2), root.signPk, NOW, { seen }))).toBe('rollback');
    const otherV3 = generateDeskKeyPair(DESK, 3);
    const forked = [entries[0]!, entries[1]!, entry(otherV3, amina, { link: signDeskLink(desks[1]!, deskVersionKeys(otherV3)) })];
    expect(verifyDeskHistory(DESK, forked, root.signPk, NOW).current.version).toBe(3);
    expect(reason(() => verifyDeskHistory(DESK, forked, root.signPk, NOW, { seen }))).toBe('fork');
  });

  it('checks older versions as of when they were certified, the newest as of now', () => {
    const { desks, entries } = properHistory();
    const short = issueCertificate(amina.keys, { kind: 'desk', subjectId: `${DESK}:1`, encPk: desks[0]!.encPk, signPk: desks[0]!.signPk, notAfter: new Date('2030-03-01T00:00:00Z') });
    const expiredV1 = { ...entries[0]!, chain: [short, amina.cert] };
    // The server says version 1 was certified in January, before it expired: its links still count.
    expect(verifyDeskHistory(DESK, [expiredV1, entries[1]!, entries[2]!], root.signPk, NOW).current.version).toBe(3);
    // As the newest, an expired version is refused.
    expectCode(() => verifyDeskHistory(DESK, [expiredV1], root.signPk, NOW), 'untrusted_certificate');
  });
});

describe('revocation', () => {
  function list(statements: ReturnType<typeof issueRevocation>[], by: Admin = amina): RevocationList {
    return verifyRevocations(
      statements.map((statement) => ({ statement, chain: [by.cert] })),
      root.signPk,
      NOW,
    );
  }

  it('refuses to seal to a revoked newest version, and a link the revoked predecessor signed after its revocation', () => {
    const { desks, entries } = properHistory();
    const v3 = desks[2]!;
    const revokeV3 = issueRevocation(bilal.keys, { kind: 'desk', subjectId: deskSubjectId(DESK, 3), kid: kidOf(v3.encPk), revokedAt: new Date('2030-05-01T00:00:00Z') });
    const revocations = list([revokeV3], bilal);
    expect(revocations.revocations).toHaveLength(1);
    expectCode(() => verifyDeskHistory(DESK, entries, root.signPk, NOW, { revocations }), 'revoked');
    // Version 4 linked from the revoked version 3, certified after the revocation: a break that needs an approval.
    const v4 = generateDeskKeyPair(DESK, 4);
    const linked = entry(v4, amina, { link: signDeskLink(v3, deskVersionKeys(v4)), certifiedAt: '2030-05-02T00:00:00.000Z' });
    expect(reason(() => verifyDeskHistory(DESK, [...entries, linked], root.signPk, NOW, { revocations }))).toBe('no-continuity');
    const approved = entry(v4, amina, { approver: bilal, certifiedAt: '2030-05-02T00:00:00.000Z' });
    expect(verifyDeskHistory(DESK, [...entries, approved], root.signPk, NOW, { revocations }).current.version).toBe(4);
    // Certified before the revocation, the link still counts.
    const earlierLinked = entry(v4, amina, { link: signDeskLink(v3, deskVersionKeys(v4)), certifiedAt: '2030-04-01T00:00:00.000Z' });
    expect(verifyDeskHistory(DESK, [...entries, earlierLinked], root.signPk, NOW, { revocations }).current.version).toBe(4);
  });

  it('refuses staff items stored from the revocation on, and sealing to the key at all', () => {
    const at = new Date('2030-05-01T00:00:00Z');
    const revocations = list([issueRevocation(amina.keys, { kind: 'staff', subjectId: 'lead-1', kid: kidOf(lead.signPk), revokedAt: at })]);
    expect(revokedSince(revocations, 'staff', 'lead-1', kidOf(lead.signPk))).toEqual(at);
    expect(() => assertNotRevoked(revocations, 'staff', 'lead-1', kidOf(lead.signPk), new Date('2030-04-30T23:59:59Z'))).not.toThrow();
    expectCode(() => assertNotRevoked(revocations, 'staff', 'lead-1', kidOf(lead.signPk), at), 'revoked');
    expectCode(() => assertNotRevoked(revocations, 'staff', 'lead-1', kidOf(lead.signPk)), 'revoked');
    // Another key of the same person (re-enrolled and certified again) is not revoked.
    expect(() => assertNotRevoked(revocations, 'staff', 'lead-1', kidOf(generateIdentityKeys().signPk))).not.toThrow();
    expect(() => assertNotRevoked(NO_REVOCATIONS, 'staff', 'lead-1', kidOf(lead.signPk))).not.toThrow();
  });

  it('leaves out statements that do not verify: forged, altered, signed by staff or by another root', () => {
    const good = issueRevocation(amina.keys, { kind: 'staff', subjectId: 'lead-1', kid: kidOf(lead.signPk), revokedAt: new Date('2030-05-01T00:00:00Z') });
    const otherRoot = generateRootKeys();
    const strangerCert = issueCertificate(otherRoot, { kind: 'admin', subjectId: 'admin-x', encPk: amina.keys.encPk, signPk: amina.keys.signPk, notAfter: LATER });
    const byLead = issueRevocation(lead, { kind: 'desk', subjectId: `${DESK}:1`, kid: kidOf(lead.encPk), revokedAt: new Date('2030-05-01T00:00:00Z') });
    const result = verifyRevocations(
      [
        { statement: good, chain: [amina.cert] },
        { statement: { ...good, subjectId: 'someone-else' }, chain: [amina.cert] },
        { statement: { ...good, revokedAt: '2030-01-01T00:00:00Z' }, chain: [amina.cert] },
        { statement: good, chain: [bilal.cert] },
        { statement: good, chain: [strangerCert] },
        { statement: byLead, chain: [leadCert, amina.cert] },
        { statement: { ...good, extra: 1 }, chain: [amina.cert] },
        'not an entry',
      ],
      root.signPk,
      NOW,
    );
    expect(result.revocations).toHaveLength(1);
    expect(result.refused).toBe(7);
    expect(result.revocations[0]).toEqual(expect.objectContaining({ kind: 'staff', subjectId: 'lead-1', issuerId: 'admin-amina' }));
  });

  it('refuses to issue a statement for a malformed subject', () => {
    expectCode(() => issueRevocation(amina.keys, { kind: 'desk', subjectId: 'desk-without-version', kid: kidOf(lead.encPk), revokedAt: NOW }), 'invalid_input');
    expectCode(() => issueRevocation(amina.keys, { kind: 'staff', subjectId: 'lead-1', kid: 'not-a-kid', revokedAt: NOW }), 'invalid_input');
  });
});

describe('a desk version opened by a member checks its signing key', () => {
  it('gives the member the signing key of the certified version, which links to the next', () => {
    const { desks, entries } = properHistory();
    const member = verifyCertificateChain([leadCert, amina.cert], root.signPk, NOW) as VerifiedPerson;
    const history = verifyDeskHistory(DESK, entries, root.signPk, NOW);
    const opened = openDeskKey(sealDeskKey(desks[2]!, member), lead, history.current);
    const v4 = generateDeskKeyPair(DESK, 4);
    const next = entry(v4, amina, { link: signDeskLink(opened, deskVersionKeys(v4)) });
    expect(verifyDeskHistory(DESK, [...entries, next], root.signPk, NOW).versions[3]?.continuity).toBe('linked');
  });
});

/** A certificate signed by hand, as an issuer before §8.2 made desk certificates (no signPk). */
function signCert(admin: IdentityKeys, body: { kind: string; subjectId: string; encPk: string; signPk: string; notAfter: string }): string {
  return toBase64Url(lib().crypto_sign_detached(new TextEncoder().encode(`ashar/v1|cert|${body.kind}|${body.subjectId}|${body.encPk}|${body.signPk}|${body.notAfter}`), admin.signSk));
}
