/**
 * The desk endpoints (apps/api/src/desks): the public directory of desks and their certified
 * keys, memberships, and the desk key life cycle — a lead makes a version, an admin certifies
 * it, the lead seals it to members. Keys are made, sealed and opened in the crypto worker only;
 * these calls carry public keys, certificates and sealed (`s1.`) keys.
 */
import { type ResealBatch, type ResealBatchResult, type ResealPage } from '@ashar/domain';
import { ApiError, api } from './client';

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

export interface DeskEnvelope {
  readonly version: number;
  readonly sealedKey: string;
  readonly sealedBy: string;
}

/** One key version of a desk as GET /desks/:id/keys lists it (to its members and leads, and to admins). */
export interface DeskKeyVersion {
  readonly version: number;
  readonly encPk: string;
  readonly createdBy: { readonly id: string; readonly displayName: string };
  readonly createdAt: string;
  readonly certifiedAt: string | null;
  /** [desk, admin] once certified, else null. */
  readonly chain: readonly unknown[] | null;
}

const desk = (deskId: string) => `/desks/${encodeURIComponent(deskId)}`;

export const listDesks = () => api<DeskDirectoryEntry[]>('GET', '/desks');
/** Every key version of the desk, newest first. */
export const deskKeys = (deskId: string) => api<DeskKeyVersion[]>('GET', `${desk(deskId)}/keys`);
export const deskMembers = (deskId: string) => api<DeskMember[]>('GET', `${desk(deskId)}/members`);
export const addDeskMember = (deskId: string, staffId: string, lead: boolean) => api<void>('POST', `${desk(deskId)}/members`, { body: { staffId, lead } });
export const removeDeskMember = (deskId: string, staffId: string) => api<void>('DELETE', `${desk(deskId)}/members/${encodeURIComponent(staffId)}`);
/** Lead, with step-up: the next version's public key and the lead's own sealed copy. */
export const createDeskKey = (deskId: string, body: { version: number; encPk: string; sealedKey: string }) => api<void>('POST', `${desk(deskId)}/keys`, { body });
/** Admin, with step-up. */
export const certifyDeskKey = (deskId: string, version: number, certificate: unknown) =>
  api<void>('POST', `${desk(deskId)}/keys/${encodeURIComponent(String(version))}/certificate`, { body: { certificate } });
/** Lead, with step-up: a certified version sealed to a member's certified key. */
export const sealDeskKeyForMember = (deskId: string, body: { version: number; staffId: string; sealedKey: string }) => api<void>('POST', `${desk(deskId)}/envelopes`, { body });
/** The caller's own sealed copies of the desk's key versions, newest first. */
export const myDeskEnvelopes = (deskId: string) => api<DeskEnvelope[]>('GET', `${desk(deskId)}/envelopes/mine`);

/** The version number the api asks for when POST /desks/:id/keys named another (409 `nextVersion`), else null. */
export function nextVersionOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const next = (error.problem as { nextVersion?: unknown } | null)?.nextVersion;
  return typeof next === 'number' && Number.isSafeInteger(next) && next >= 1 ? next : null;
}

/** Lead: a page of the desk's open cases whose case key is sealed only to older key versions. */
export function casesToReseal(deskId: string, options: { after?: string; limit?: number } = {}): Promise<ResealPage> {
  const params = new URLSearchParams();
  if (options.after) params.set('after', options.after);
  if (options.limit) params.set('limit', String(options.limit));
  const search = params.toString();
  return api<ResealPage>('GET', `${desk(deskId)}/reseal${search ? `?${search}` : ''}`);
}
/** Lead, with step-up: new desk envelopes for the current certified version, at most RESEAL_BATCH_MAX cases. */
export const resealCases = (deskId: string, body: ResealBatch) => api<ResealBatchResult>('POST', `${desk(deskId)}/reseal`, { body });
