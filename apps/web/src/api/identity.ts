/**
 * The identity endpoints of docs/identity-api.md, typed. Every function that receives a
 * Session also makes its CSRF token the one the client sends from then on.
 */
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { api, isApiError, setCsrfToken } from './client';

export type UnlockMethod = 'passkey-prf' | 'passphrase' | 'recovery-code';

export interface VaultWrapRecord {
  readonly id: string;
  readonly method: UnlockMethod;
  readonly credentialId: string | null;
  readonly wrap: unknown;
}

export interface SessionStaff {
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly deskIds: readonly string[];
  readonly leadDeskIds: readonly string[];
  readonly status: 'active' | 'suspended';
}

export interface SessionIdentity {
  readonly encPk: string;
  readonly signPk: string;
  readonly certificate: unknown;
}

export interface Session {
  readonly csrfToken: string;
  readonly staff: SessionStaff;
  readonly identity: SessionIdentity | null;
  readonly vault: string | null;
  readonly wraps: readonly VaultWrapRecord[];
  readonly steppedUpUntil: string | null;
  /** The passkey this session was signed in with, when the api says (not in the contract; else GET /auth/passkeys `current`). */
  readonly credentialId?: string;
}

/** A new vault wrap as the client sends it (the `wrap` is a VaultWrap object of libs/crypto). */
export interface NewVaultWrap {
  readonly id: string;
  readonly method: UnlockMethod;
  readonly credentialId?: string;
  readonly wrap: unknown;
}

/** What enrolment sends besides the ceremony: the public keys, the vault and its wraps. */
export interface EnrolmentKeys {
  readonly identity: { readonly encPk: string; readonly signPk: string };
  readonly vault: string;
  readonly wraps: readonly NewVaultWrap[];
}

export interface RegistrationCeremony {
  readonly ceremonyId: string;
  readonly options: PublicKeyCredentialCreationOptionsJSON;
}

export interface AuthenticationCeremony {
  readonly ceremonyId: string;
  readonly options: PublicKeyCredentialRequestOptionsJSON;
}

export interface EnrolmentCeremony extends RegistrationCeremony {
  readonly staffId: string;
}

export interface Passkey {
  readonly id: string;
  readonly credentialId: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly prf: boolean;
  readonly current: boolean;
}

export interface Invitation {
  readonly id: string;
  readonly token: string;
  readonly expiresAt: string;
}

export interface StaffListEntry {
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly string[];
  readonly status: string;
  readonly certified: boolean;
}

export interface StaffKeys {
  readonly id: string;
  readonly displayName: string;
  readonly encPk: string;
  readonly signPk: string;
  readonly chain: readonly unknown[];
}

function remember(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

// Sessions
/** The current session, or null when there is none (401). */
export async function currentSession(): Promise<Session | null> {
  try {
    return remember(await api<Session>('GET', '/auth/session'));
  } catch (error) {
    if (isApiError(error, 401)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function signOut(everywhere: boolean): Promise<void> {
  try {
    await api<void>('POST', everywhere ? '/auth/sign-out-everywhere' : '/auth/sign-out', { body: {} });
  } finally {
    setCsrfToken(null);
  }
}

// First admin
export async function checkSetupToken(token: string): Promise<boolean> {
  try {
    await api<void>('POST', '/setup/check', { body: { token } });
    return true;
  } catch (error) {
    if (isApiError(error, 404) || isApiError(error, 422) || isApiError(error, 400)) return false;
    throw error;
  }
}

export const setupOptions = (token: string, displayName: string) => api<EnrolmentCeremony>('POST', '/setup/options', { body: { token, displayName } });

export async function completeSetup(token: string, ceremonyId: string, response: RegistrationResponseJSON, keys: EnrolmentKeys): Promise<Session> {
  return remember(await api<Session>('POST', '/setup/complete', { body: { token, ceremonyId, response, ...keys } }));
}

// Invitations and enrolment
/** `deskIds`: desks the person joins as a member; `leadDeskIds`: desks they lead (members too). */
export const createInvitation = (displayName: string, roles: readonly string[], deskIds: readonly string[], leadDeskIds: readonly string[] = []) =>
  api<Invitation>('POST', '/staff/invitations', { body: { displayName, roles, deskIds, leadDeskIds } });

/** The invitation behind a token, or null when it is unknown, used or expired. */
export async function checkEnrolToken(token: string): Promise<{ displayName: string; roles: string[] } | null> {
  try {
    return await api<{ displayName: string; roles: string[] }>('POST', '/enrol/check', { body: { token } });
  } catch (error) {
    if (isApiError(error, 404) || isApiError(error, 422) || isApiError(error, 400)) return null;
    throw error;
  }
}

export const enrolOptions = (token: string) => api<EnrolmentCeremony>('POST', '/enrol/options', { body: { token } });

export async function completeEnrolment(token: string, ceremonyId: string, response: RegistrationResponseJSON, keys: EnrolmentKeys): Promise<Session> {
  return remember(await api<Session>('POST', '/enrol/complete', { body: { token, ceremonyId, response, ...keys } }));
}

// Sign-in, passkeys, step-up
export const signInOptions = () => api<AuthenticationCeremony>('POST', '/auth/options', { body: {} });

export async function signIn(ceremonyId: string, response: AuthenticationResponseJSON): Promise<Session> {
  return remember(await api<Session>('POST', '/auth/sign-in', { body: { ceremonyId, response } }));
}

export const listPasskeys = () => api<Passkey[]>('GET', '/auth/passkeys');
export const addPasskeyOptions = () => api<RegistrationCeremony>('POST', '/auth/passkeys/options', { body: {} });
export const addPasskey = (ceremonyId: string, response: RegistrationResponseJSON, wrap?: NewVaultWrap) =>
  api<void>('POST', '/auth/passkeys', { body: wrap ? { ceremonyId, response, wrap } : { ceremonyId, response } });
export const revokePasskey = (id: string) => api<void>('DELETE', `/auth/passkeys/${encodeURIComponent(id)}`);

export const stepUpOptions = () => api<AuthenticationCeremony>('POST', '/auth/step-up/options', { body: {} });

export async function stepUp(ceremonyId: string, response: AuthenticationResponseJSON): Promise<Session> {
  return remember(await api<Session>('POST', '/auth/step-up', { body: { ceremonyId, response } }));
}

// Staff and keys
export const listStaff = () => api<StaffListEntry[]>('GET', '/staff');
export const staffKeys = (id: string) => api<StaffKeys>('GET', `/keys/staff/${encodeURIComponent(id)}`);
export const uploadCertificate = (id: string, certificate: unknown) =>
  api<void>('POST', `/keys/staff/${encodeURIComponent(id)}/certificate`, { body: { certificate } });
