/**
 * What the desk screens derive from the api's answers: which key version is certified, which
 * one waits for certification, which number the next one gets, and which desks the signed-in
 * person leads or belongs to (by libs/domain, as the api decides).
 */
import { asSubject, ledDeskIds, memberDeskIds } from '@ashar/domain';
import { type DeskDirectoryEntry, type DeskMember } from '../../api/desks';
import { currentSession, type Session } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type DeskCertificateStatus } from '../../crypto/worker-api';
import { abilityOf, principalOf } from '../identity/identity-context';

export interface DeskKeyVersions {
  /** The newest certified version (the directory's), or null. */
  readonly certified: number | null;
  /**
   * A newer version somebody holds that is not certified yet (the lead who made it holds it from
   * the start), or null. The api does not list uncertified versions; see docs/staff-console.md.
   */
  readonly awaiting: number | null;
  /** The number the next version gets (the api answers 409 with the right one if it differs). */
  readonly next: number;
}

export function deskKeyVersions(entry: DeskDirectoryEntry, members: readonly DeskMember[]): DeskKeyVersions {
  const certified = entry.key?.version ?? null;
  const newest = Math.max(certified ?? 0, ...members.flatMap((m) => m.keyVersions));
  return { certified, awaiting: newest > (certified ?? 0) ? newest : null, next: newest + 1 };
}

/** Desks the person leads with a lead's powers (the `desk_lead` role and the lead flag). */
export function ledDesks(session: Session): string[] {
  const ability = abilityOf(session);
  return ledDeskIds(principalOf(session)).filter((id) => ability.can('grant_desk_key', asSubject('Desk', { id, slug: '' })));
}

/** Desks the person is a member of, led ones included. */
export function memberDesks(session: Session): string[] {
  return memberDeskIds(principalOf(session));
}

/**
 * The session as the api sees it now: desk memberships change while a person is signed in (an
 * admin adds them to a desk), and the screens must show what the api will allow.
 */
export async function freshSession(update: (session: Session) => void): Promise<Session | null> {
  const session = await currentSession();
  if (session) update(session);
  return session;
}

/** The directory entry's chain checked in the worker against the built-in root; null when it has no key. */
export async function checkDeskCertificate(entry: DeskDirectoryEntry): Promise<DeskCertificateStatus | null> {
  if (!entry.key) return null;
  if (!ROOT_PUBLIC_KEY) return { state: 'invalid', reason: 'this build of Ashar has no organisation root key to check it against' };
  const status = await cryptoWorker().deskCertificateStatus(entry.key.chain, ROOT_PUBLIC_KEY, entry.id);
  if (status.state === 'certified' && (status.version !== entry.key.version || status.encPk !== entry.key.encPk)) {
    return { state: 'invalid', reason: 'the certificate is for another key version' };
  }
  return status;
}

/** A refusal of the page itself, whose message is meant for the person as it is. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}

/** "1, 2" or "none". */
export function versionList(versions: readonly number[]): string {
  return versions.length === 0 ? 'none' : versions.join(', ');
}
