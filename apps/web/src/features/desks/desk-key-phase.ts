/**
 * A desk key's one state, as a lead or an admin reads it: No key → Awaiting certification (with
 * the fingerprint to read out) → Awaiting a second admin's approval → Certified (version,
 * fingerprint) → Seal to members / Re-seal open cases; or Revoked, or Invalid. A version that
 * waits leads: the current one, if any, is a fact of that state ("version 1 stays current until
 * then"), never a second badge. Also whether, and how prominently, the page offers a new
 * version: first in line only when the desk has no usable key or a member just left; otherwise
 * behind a disclosure with its explanation, and never as the main button next to a version
 * that waits. Pure, so every state is unit-tested (desk-key-phase.spec.ts).
 */
import { type DeskKeyVersion } from '../../api/desks';
import { type DeskCertificateStatus } from '../../crypto/worker-api';

export interface DeskKeyVersions {
  /**
   * The current version: the newest published one (certified, and linked from the version before
   * it or approved by a second admin: libs/crypto SPEC.md §8.2), or null when there is none or it
   * was revoked. Browsers seal only to it, after verifying the desk's whole history.
   */
  readonly certified: DeskKeyVersion | null;
  /** The newest published version when it was revoked (then there is no current one), else null. */
  readonly revoked: DeskKeyVersion | null;
  /** The newest version, when it is newer than every published one: waiting for a certificate or a second admin's approval. */
  readonly awaiting: DeskKeyVersion | null;
  /** The number the next version gets: one more than the newest listed. */
  readonly next: number;
}

/** Reads the desk's key list (newest first, as the api sends it; sorted again here all the same). */
export function deskKeyVersions(list: readonly DeskKeyVersion[]): DeskKeyVersions {
  const sorted = [...list].sort((a, b) => b.version - a.version);
  const newest = sorted[0] ?? null;
  const published = sorted.find((v) => v.published && v.chain !== null) ?? null;
  const revoked = published?.revokedAt ? published : null;
  return {
    certified: revoked ? null : published,
    revoked,
    awaiting: newest !== null && !newest.published ? newest : null,
    next: (newest?.version ?? 0) + 1,
  };
}

export type DeskKeyPhase =
  | { readonly phase: 'checking' }
  | { readonly phase: 'none' }
  | {
      readonly phase: 'awaiting-certificate' | 'awaiting-approval';
      readonly version: number;
      readonly madeBy: { readonly id: string; readonly displayName: string };
      /**
       * The fingerprint to read to the admin: the one this browser remembers from making the
       * version ('made-here', and the same as the listed key's), else the listed key's ('listed':
       * made in another browser or by someone else); null when they differ ('mismatch': the server
       * lists another key than the one made here, and nothing should be read out) or while unknown.
       */
      readonly fingerprint: string | null;
      readonly check: 'made-here' | 'listed' | 'mismatch';
      /** The version browsers seal to meanwhile, if any. */
      readonly current: number | null;
    }
  | { readonly phase: 'revoked'; readonly version: number }
  | { readonly phase: 'invalid'; readonly version: number | null; readonly reason: string }
  | { readonly phase: 'certified'; readonly version: number; readonly fingerprint: string; readonly membersToSeal: number; readonly casesToReseal: number };

/** How the page offers the next key version: the main action, a plain button with a reason, behind a disclosure, or not at all. */
export type NewVersionOffer = 'primary' | 'suggested' | 'disclosure';

export interface DeskKeyFacts {
  /** The current version's chain checked in the worker: undefined while checking, null when none is certified. */
  readonly status: DeskCertificateStatus | null | undefined;
  readonly versions: DeskKeyVersions;
  /** The fingerprint of the listed public key of the waiting version, computed in the worker. */
  readonly awaitingFingerprint?: string | null;
  /** The fingerprint this browser remembers from making the waiting version (made-versions.ts), else null. */
  readonly madeHereFingerprint?: string | null;
  /** Members' held versions, to count who lacks the current one. */
  readonly members?: readonly { readonly keyVersions: readonly number[] }[];
  readonly casesToReseal?: number;
  /** A member was removed on this page since it loaded: a new version keeps them out of new cases. */
  readonly memberLeft?: boolean;
}

export function deskKeyPhase(facts: DeskKeyFacts): DeskKeyPhase {
  const { status, versions } = facts;
  const awaiting = versions.awaiting;
  if (awaiting !== null) {
    const listed = facts.awaitingFingerprint ?? null;
    const madeHere = facts.madeHereFingerprint ?? null;
    const check = madeHere === null ? 'listed' : listed === null || listed === madeHere ? 'made-here' : 'mismatch';
    return {
      phase: awaiting.chain === null ? 'awaiting-certificate' : 'awaiting-approval',
      version: awaiting.version,
      madeBy: awaiting.createdBy,
      fingerprint: check === 'mismatch' ? null : (madeHere ?? listed),
      check,
      current: status?.state === 'certified' ? status.version : null,
    };
  }
  if (status === undefined) return { phase: 'checking' };
  if (status === null) return versions.revoked !== null ? { phase: 'revoked', version: versions.revoked.version } : { phase: 'none' };
  if (status.state === 'invalid') return { phase: 'invalid', version: versions.certified?.version ?? null, reason: status.reason };
  const membersToSeal = (facts.members ?? []).filter((m) => !m.keyVersions.includes(status.version)).length;
  return { phase: 'certified', version: status.version, fingerprint: status.fingerprint, membersToSeal, casesToReseal: facts.casesToReseal ?? 0 };
}

export function newVersionOffer(phase: DeskKeyPhase, memberLeft = false): NewVersionOffer {
  switch (phase.phase) {
    case 'none':
    case 'revoked':
      return 'primary';
    case 'certified':
      return memberLeft ? 'suggested' : 'disclosure';
    default:
      return 'disclosure';
  }
}
