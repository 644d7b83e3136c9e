/**
 * The desk screens' loads, one query key each (TanStack Query): the admin's overview and one
 * desk, a lead's desk, and the desks of the signed-in person. A change on a desk refreshes
 * everything under `deskQueryKeys.all`.
 */
import { ct } from '../../ui/console-t';
import { queryOptions } from '@tanstack/react-query';
import { isApiError } from '../../api/client';
import {
  type DeskDirectoryEntry,
  type DeskEnvelope,
  type DeskKeyVersion,
  type DeskCandidate,
  type DeskMember,
  casesToReseal,
  deskCandidates,
  deskKeys,
  deskMembers,
  listDesks,
  myDeskEnvelopes,
} from '../../api/desks';
import { type Session, listStaff, type StaffListEntry, staffKeys } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type CertificationStatus, type DeskCertificateStatus } from '../../crypto/worker-api';
import { Refusal } from '../../data/refusal';
import { type DeskKeyVersions, checkCertified, deskKeyVersions, freshSession } from './desk-state';

export const deskQueryKeys = {
  all: ['desks'] as const,
  directory: () => [...deskQueryKeys.all, 'directory'] as const,
  overview: () => [...deskQueryKeys.all, 'overview'] as const,
  admin: (deskId: string) => [...deskQueryKeys.all, 'admin', deskId] as const,
  lead: (deskId: string) => [...deskQueryKeys.all, 'lead', deskId] as const,
  own: (which: string) => [...deskQueryKeys.all, 'own', which] as const,
  staffing: () => [...deskQueryKeys.all, 'staffing'] as const,
  candidates: (deskId: string) => [...deskQueryKeys.all, 'candidates', deskId] as const,
  ownKeys: () => [...deskQueryKeys.all, 'own-keys'] as const,
};

/** Every desk by name (the directory). */
export const deskDirectoryQuery = () => queryOptions({ queryKey: deskQueryKeys.directory(), queryFn: () => listDesks() });

/**
 * Admin: how many members each desk has, by desk id. An invitation may only make someone the
 * first lead of a desk with none; from its first member on, a desk's leads add people (SPEC.md §17.2).
 */
export const deskStaffingQuery = () =>
  queryOptions({
    queryKey: deskQueryKeys.staffing(),
    queryFn: async (): Promise<ReadonlyMap<string, number>> => {
      const desks = await listDesks();
      const counts = await Promise.all(desks.map(async (entry) => [entry.id, (await deskMembers(entry.id)).length] as const));
      return new Map(counts);
    },
  });

/** Whom the caller may add to a desk (its leads; an admin while it has no members). */
export const deskCandidatesQuery = (deskId: string) =>
  queryOptions({ queryKey: deskQueryKeys.candidates(deskId), queryFn: (): Promise<DeskCandidate[]> => deskCandidates(deskId) });

export interface OverviewRow {
  readonly entry: DeskDirectoryEntry;
  readonly members: readonly DeskMember[];
  readonly versions: DeskKeyVersions;
  readonly status: DeskCertificateStatus | null;
}

/** Admin: every desk with its members and its certified key version as checked in the worker. */
export const deskOverviewQuery = () =>
  queryOptions({
    queryKey: deskQueryKeys.overview(),
    queryFn: async (): Promise<OverviewRow[]> => {
      const desks = await listDesks();
      return Promise.all(
        desks.map(async (entry) => {
          const [members, keys] = await Promise.all([deskMembers(entry.id), deskKeys(entry.id)]);
          const versions = deskKeyVersions(keys);
          return { entry, members, versions, status: await checkCertified(entry.id, versions) };
        }),
      );
    },
  });

export interface AdminDesk {
  readonly entry: DeskDirectoryEntry;
  readonly members: readonly DeskMember[];
  readonly staff: readonly StaffListEntry[];
  readonly versions: DeskKeyVersions;
  readonly status: DeskCertificateStatus | null;
  /** The fingerprint of the version awaiting certification, computed in the worker from the listed public key. */
  readonly awaitingFingerprint: string | null;
}

/** Admin, one desk; null when there is no such desk. */
export const adminDeskQuery = (deskId: string) =>
  queryOptions({
    queryKey: deskQueryKeys.admin(deskId),
    queryFn: async (): Promise<AdminDesk | null> => {
      const entry = (await listDesks()).find((d) => d.id === deskId);
      if (!entry) return null;
      const [members, staff, keys] = await Promise.all([deskMembers(deskId), listStaff(), deskKeys(deskId)]);
      const versions = deskKeyVersions(keys);
      const [status, awaitingFingerprint] = await Promise.all([
        checkCertified(deskId, versions),
        versions.awaiting ? cryptoWorker().encFingerprintOf(versions.awaiting.encPk) : Promise.resolve(null),
      ]);
      return { entry, members, staff, versions, status, awaitingFingerprint };
    },
  });

export type MemberKeys = CertificationStatus | { readonly state: 'not-enrolled' } | { readonly state: 'revoked' };

export interface LeadDesk {
  readonly entry: DeskDirectoryEntry;
  readonly keys: readonly DeskKeyVersion[];
  readonly versions: DeskKeyVersions;
  readonly status: DeskCertificateStatus | null;
  readonly members: readonly DeskMember[];
  readonly memberKeys: ReadonlyMap<string, MemberKeys>;
  readonly mine: readonly DeskEnvelope[];
  /** Open cases sealed only to versions older than the certified one (0 without a certified version). */
  readonly toReseal: number;
  /** The fingerprint of the version that waits, from the public key the api lists (public data): shown whenever it waits. */
  readonly awaitingFingerprint: string | null;
}

async function memberKeysOf(member: DeskMember, root: string | null): Promise<MemberKeys> {
  let keys;
  try {
    keys = await staffKeys(member.staffId);
  } catch (e) {
    if (isApiError(e, 404)) return { state: 'not-enrolled' };
    throw e;
  }
  if (!root) return { state: 'invalid', reason: 'this build has no organisation root key' };
  // The api's word, for the screen; the worker checks the signed statements again before sealing.
  if (keys.revoked) return { state: 'revoked' };
  return cryptoWorker().certificationStatus(keys.chain, root, { userId: keys.id, encPk: keys.encPk, signPk: keys.signPk });
}

/** Desk lead, one desk: its key versions, members and whose keys are certified, the lead's own envelopes, the cases left to re-seal. */
export const leadDeskQuery = (deskId: string) =>
  queryOptions({
    queryKey: deskQueryKeys.lead(deskId),
    queryFn: async (): Promise<LeadDesk> => {
      const entry = (await listDesks()).find((d) => d.id === deskId);
      if (!entry) throw new Refusal(ct('desks.gone'));
      const [keys, members, mine] = await Promise.all([deskKeys(deskId), deskMembers(deskId), myDeskEnvelopes(deskId)]);
      const versions = deskKeyVersions(keys);
      const [status, awaitingFingerprint] = await Promise.all([
        checkCertified(deskId, versions),
        versions.awaiting ? cryptoWorker().encFingerprintOf(versions.awaiting.encPk) : Promise.resolve(null),
      ]);
      const toReseal = status?.state === 'certified' ? ((await casesToReseal(deskId, { limit: 1 })).total ?? 0) : 0;
      const memberKeys = new Map<string, MemberKeys>();
      for (const member of members) memberKeys.set(member.staffId, await memberKeysOf(member, ROOT_PUBLIC_KEY));
      return { entry, keys, versions, status, members, memberKeys, mine, toReseal, awaitingFingerprint };
    },
  });

/**
 * The desks `pick` chooses from the person's session as the api sees it now (memberships change
 * while one is signed in), from the desk directory. `which` names the choice in the query key.
 */
export const ownDesksQuery = (which: string, pick: (session: Session) => string[], updateSession: (session: Session) => void) =>
  queryOptions({
    queryKey: deskQueryKeys.own(which),
    queryFn: async (): Promise<DeskDirectoryEntry[]> => {
      const session = await freshSession(updateSession);
      if (!session) return [];
      const chosen = new Set(pick(session));
      return (await listDesks()).filter((d) => chosen.has(d.id));
    },
  });
