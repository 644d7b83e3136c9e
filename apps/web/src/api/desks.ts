/**
 * The desk endpoints (apps/api/src/desks): the public directory of desks and their certified
 * keys, memberships, and the desk key life cycle — a lead makes a version, an admin certifies
 * it, the lead grants it to members. Keys are made, sealed and opened in the crypto worker only;
 * these calls carry public keys, certificates and sealed (`s1.`) keys.
 */
import { api } from './client';

export interface DeskDirectoryEntry {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** The newest certified version, with its chain [desk, admin]; null while no version is certified. */
  readonly key: { readonly version: number; readonly encPk: string; readonly chain: readonly unknown[] } | null;
}

export interface DeskMember {
  readonly staffId: string;
  readonly displayName: string;
  readonly lead: boolean;
  /** Versions of the desk key sealed to this member, oldest first. */
  readonly keyVersions: readonly number[];
}

export interface DeskGrant {
  readonly version: number;
  readonly sealedKey: string;
  readonly grantedBy: string;
}

const desk = (deskId: string) => `/desks/${encodeURIComponent(deskId)}`;

export const listDesks = () => api<DeskDirectoryEntry[]>('GET', '/desks');
export const deskMembers = (deskId: string) => api<DeskMember[]>('GET', `${desk(deskId)}/members`);
export const addDeskMember = (deskId: string, staffId: string, lead: boolean) => api<void>('POST', `${desk(deskId)}/members`, { body: { staffId, lead } });
export const removeDeskMember = (deskId: string, staffId: string) => api<void>('DELETE', `${desk(deskId)}/members/${encodeURIComponent(staffId)}`);
/** Lead, with step-up: the next version's public key and the lead's own sealed copy. */
export const createDeskKey = (deskId: string, body: { version: number; encPk: string; sealedKey: string }) => api<void>('POST', `${desk(deskId)}/keys`, { body });
/** Admin, with step-up. */
export const certifyDeskKey = (deskId: string, version: number, certificate: unknown) =>
  api<void>('POST', `${desk(deskId)}/keys/${encodeURIComponent(String(version))}/certificate`, { body: { certificate } });
/** Lead, with step-up: a certified version sealed to a member's certified key. */
export const grantDeskKey = (deskId: string, body: { version: number; staffId: string; sealedKey: string }) => api<void>('POST', `${desk(deskId)}/grants`, { body });
/** The caller's own sealed copies of the desk's key versions, newest first. */
export const myDeskGrants = (deskId: string) => api<DeskGrant[]>('GET', `${desk(deskId)}/grants/mine`);
