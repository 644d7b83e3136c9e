/**
 * The desk endpoints through libs/domain's contracts: the public directory of desks and their
 * certified keys, memberships, and the desk key life cycle — a lead makes a version, an admin
 * certifies it, the lead seals it to members. Keys are made, sealed and opened in the crypto
 * worker only; these calls carry public keys, certificates and sealed (`s1.`) keys.
 */
import { type BodyInput, type ResealBatch, deskResealContract, desksContract } from '@ashar/domain';
import { ApiError, call } from './client';

export type { DeskCandidate, DeskDirectoryEntry, DeskEnvelope, DeskHistory, DeskKeyVersion, DeskMember } from '@ashar/domain';

const desk = (deskId: string) => ({ params: { deskId } });

export const listDesks = () => call(desksContract.directory);
/** Public: the desk's published key versions, oldest first, for the crypto worker to verify before sealing (SPEC.md §8.2). */
export const deskHistory = (deskId: string) => call(desksContract.history, desk(deskId));
/** A second admin, with step-up: their approval of a key version, signed in the crypto worker. */
export const approveDeskKey = (deskId: string, version: number, signature: string) =>
  call(desksContract.approveKey, { params: { deskId, version: String(version) }, body: { signature } });
/** Every key version of the desk, newest first. */
export const deskKeys = (deskId: string) => call(desksContract.keys, desk(deskId));
export const deskMembers = (deskId: string) => call(desksContract.members, desk(deskId));
/** With step-up: a lead of the desk; an admin only the first lead of a desk with no members. */
export const addDeskMember = (deskId: string, staffId: string, lead: boolean) => call(desksContract.addMember, { ...desk(deskId), body: { staffId, lead } });
/** With step-up: a lead of the desk. */
export const removeDeskMember = (deskId: string, staffId: string) => call(desksContract.removeMember, { params: { deskId, staffId } });
/** Whom the caller may add to the desk: its leads; an admin while it has no members. */
export const deskCandidates = (deskId: string) => call(desksContract.candidates, desk(deskId));
/** Lead, with step-up: the next version's public key and the lead's own sealed copy. */
export const createDeskKey = (deskId: string, body: BodyInput<typeof desksContract.createKey>) => call(desksContract.createKey, { ...desk(deskId), body });
/** Admin, with step-up. */
export const certifyDeskKey = (deskId: string, version: number, certificate: object) =>
  call(desksContract.certifyKey, { params: { deskId, version: String(version) }, body: { certificate } });
/** Lead, with step-up: a certified version sealed to a member's certified key. */
export const sealDeskKeyForMember = (deskId: string, body: BodyInput<typeof desksContract.sealForMember>) => call(desksContract.sealForMember, { ...desk(deskId), body });
/** The caller's own sealed copies of the desk's key versions, newest first. */
export const myDeskEnvelopes = (deskId: string) => call(desksContract.myEnvelopes, desk(deskId));

/** The version number the api asks for when POST /desks/:id/keys named another (409 `nextVersion`), else null. */
export function nextVersionOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const next = (error.problem as { nextVersion?: unknown } | null)?.nextVersion;
  return typeof next === 'number' && Number.isSafeInteger(next) && next >= 1 ? next : null;
}

/** Lead: a page of the desk's open cases whose case key is sealed only to older key versions. */
export const casesToReseal = (deskId: string, options: { after?: string; limit?: number } = {}) =>
  call(deskResealContract.list, { ...desk(deskId), query: { after: options.after, limit: options.limit || undefined } });
/** Lead, with step-up: new desk envelopes for the current certified version, at most RESEAL_BATCH_MAX cases. */
export const resealCases = (deskId: string, body: ResealBatch) => call(deskResealContract.reseal, { ...desk(deskId), body });
