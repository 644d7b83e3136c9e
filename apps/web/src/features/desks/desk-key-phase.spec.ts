import { describe, expect, it } from '@jest/globals';
import { type DeskKeyVersion } from '../../api/desks';
import { deskKeyPhase, deskKeyVersions, newVersionOffer } from './desk-key-phase';

const LEAD = { id: 'lead-1', displayName: 'Lena Lead' };
const ADMIN = { id: 'admin-1', displayName: 'Ada Admin' };

function version(n: number, state: { certified?: boolean; published?: boolean; revoked?: boolean } = {}): DeskKeyVersion {
  return {
    version: n,
    encPk: `enc-${n}`,
    signPk: `sign-${n}`,
    createdBy: LEAD,
    createdAt: '2026-12-01T10:00:00.000Z',
    certifiedAt: state.certified ? '2026-12-01T11:00:00.000Z' : null,
    certifiedBy: state.certified ? ADMIN : null,
    chain: state.certified ? [{ desk: n }, { admin: true }] : null,
    linked: n > 1,
    approval: null,
    published: state.published ?? false,
    revokedAt: state.revoked ? '2026-12-02T10:00:00.000Z' : null,
  } as DeskKeyVersion;
}

const certified = (n: number) => ({ state: 'certified', deskId: 'd', version: n, encPk: `enc-${n}`, fingerprint: `fp-${n}`, notAfter: '2027-12-01T00:00:00Z' }) as const;

describe('deskKeyPhase', () => {
  it('has no key before any version, and offers version 1 as the main action', () => {
    const phase = deskKeyPhase({ status: null, versions: deskKeyVersions([]) });
    expect(phase).toEqual({ phase: 'none' });
    expect(newVersionOffer(phase)).toBe('primary');
  });

  it('leads with the version awaiting certification and its fingerprint, not with "no certified key", and hides a new version behind a disclosure', () => {
    const phase = deskKeyPhase({ status: null, versions: deskKeyVersions([version(1)]), awaitingFingerprint: 'fp-1' });
    expect(phase).toEqual({ phase: 'awaiting-certificate', version: 1, madeBy: LEAD, fingerprint: 'fp-1', check: 'listed', current: null });
    expect(newVersionOffer(phase)).toBe('disclosure');
    expect(newVersionOffer(phase, true)).toBe('disclosure');
  });

  it('while version 2 awaits certification, names version 1 as current within that one state', () => {
    const phase = deskKeyPhase({ status: certified(1), versions: deskKeyVersions([version(2), version(1, { certified: true, published: true })]), awaitingFingerprint: 'fp-2' });
    expect(phase).toMatchObject({ phase: 'awaiting-certificate', version: 2, current: 1, fingerprint: 'fp-2' });
  });

  it('reads out the fingerprint remembered from making the version here; a listed key that differs gives none, and says so', () => {
    const versions = deskKeyVersions([version(1)]);
    expect(deskKeyPhase({ status: null, versions, awaitingFingerprint: 'fp-1', madeHereFingerprint: 'fp-1' })).toMatchObject({ fingerprint: 'fp-1', check: 'made-here' });
    expect(deskKeyPhase({ status: null, versions, awaitingFingerprint: null, madeHereFingerprint: 'fp-1' })).toMatchObject({ fingerprint: 'fp-1', check: 'made-here' });
    expect(deskKeyPhase({ status: null, versions, awaitingFingerprint: 'fp-swapped', madeHereFingerprint: 'fp-1' })).toMatchObject({ fingerprint: null, check: 'mismatch' });
    expect(deskKeyPhase({ status: null, versions, awaitingFingerprint: 'fp-1', madeHereFingerprint: null })).toMatchObject({ fingerprint: 'fp-1', check: 'listed' });
  });

  it('a certified version that is not linked waits for a second admin’s approval', () => {
    const phase = deskKeyPhase({ status: null, versions: deskKeyVersions([version(1, { certified: true })]) });
    expect(phase).toMatchObject({ phase: 'awaiting-approval', version: 1, fingerprint: null, check: 'listed', current: null });
  });

  it('is certified with the members still to seal and the cases to re-seal; a new version is offered outright only after a member left', () => {
    const members = [{ keyVersions: [1, 2] }, { keyVersions: [1] }, { keyVersions: [] }];
    const phase = deskKeyPhase({ status: certified(2), versions: deskKeyVersions([version(2, { certified: true, published: true }), version(1, { certified: true, published: true })]), members, casesToReseal: 3 });
    expect(phase).toEqual({ phase: 'certified', version: 2, fingerprint: 'fp-2', membersToSeal: 2, casesToReseal: 3 });
    expect(newVersionOffer(phase)).toBe('disclosure');
    expect(newVersionOffer(phase, true)).toBe('suggested');
  });

  it('is revoked when the newest published version was revoked, and then offers a new version first', () => {
    const phase = deskKeyPhase({ status: null, versions: deskKeyVersions([version(1, { certified: true, published: true, revoked: true })]) });
    expect(phase).toEqual({ phase: 'revoked', version: 1 });
    expect(newVersionOffer(phase)).toBe('primary');
  });

  it('is invalid when the certificate does not verify, and checking while the worker checks', () => {
    const versions = deskKeyVersions([version(1, { certified: true, published: true })]);
    expect(deskKeyPhase({ status: { state: 'invalid', reason: 'bad signature' }, versions })).toEqual({ phase: 'invalid', version: 1, reason: 'bad signature' });
    expect(deskKeyPhase({ status: undefined, versions })).toEqual({ phase: 'checking' });
  });
});
