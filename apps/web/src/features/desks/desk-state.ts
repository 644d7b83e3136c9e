/**
 * What the desk screens derive from the api's answers: which key version is certified, which
 * one waits for certification, which number the next one gets (all from the desk's key list,
 * GET /desks/:id/keys), and which desks the signed-in person leads or belongs to (by
 * libs/domain, as the api decides).
 */
import { ct } from '../../ui/console-t';
import { asSubject, ledDeskIds, memberDeskIds } from '@ashar/domain';
import { type DeskKeyVersion } from '../../api/desks';
import { currentSession, type Session } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type DeskCertificateStatus } from '../../crypto/worker-api';
import { abilityOf, principalOf } from '../identity';

import { type DeskKeyVersions } from './desk-key-phase';
export { type DeskKeyVersions, deskKeyVersions } from './desk-key-phase';

/** What a waiting version still needs before browsers seal to it. */
export function awaitingStep(version: DeskKeyVersion): 'certificate' | 'approval' {
  return version.chain === null ? 'certificate' : 'approval';
}

/** Desks the person leads with a lead's powers (the `desk_lead` role and the lead flag). */
export function ledDesks(session: Session): string[] {
  const ability = abilityOf(session);
  return ledDeskIds(principalOf(session)).filter((id) => ability.can('seal_desk_key', asSubject('Desk', { id, slug: '' })));
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

/** The newest certified version's chain checked in the worker against the built-in root; null when none is certified. */
export async function checkCertified(deskId: string, versions: DeskKeyVersions): Promise<DeskCertificateStatus | null> {
  const certified = versions.certified;
  return certified?.chain ? checkDeskVersion(deskId, { version: certified.version, encPk: certified.encPk, chain: certified.chain }) : null;
}

/** One key version's chain checked in the worker against the built-in root, for that desk, version and key. */
export async function checkDeskVersion(deskId: string, key: { readonly version: number; readonly encPk: string; readonly chain: readonly unknown[] }): Promise<DeskCertificateStatus> {
  if (!ROOT_PUBLIC_KEY) return { state: 'invalid', reason: ct('deskKey.noRootReason') };
  const status = await cryptoWorker().deskCertificateStatus(key.chain, ROOT_PUBLIC_KEY, deskId);
  if (status.state === 'certified' && (status.version !== key.version || status.encPk !== key.encPk)) {
    return { state: 'invalid', reason: ct('deskKey.otherVersionReason') };
  }
  return status;
}

/** "1, 2" or "none". */
export function versionList(versions: readonly number[]): string {
  return versions.length === 0 ? ct('deskKey.noVersions') : versions.join(', ');
}
