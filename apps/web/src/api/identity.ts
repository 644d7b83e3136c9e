/**
 * The identity endpoints of docs/identity-api.md through libs/domain's contracts. Every
 * function that receives a Session also makes its CSRF token the one the client sends from
 * then on. WebAuthn options and responses are @simplewebauthn's JSON on both ends: here they
 * are given that library's types, which the contract leaves to it.
 */
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import {
  type BodyInput,
  type ResponseOf,
  type SessionView,
  type StaffRole,
  type VaultWrapInput,
  authContract,
  enrolmentContract,
  keysContract,
  setupContract,
  staffContract,
} from '@ashar/domain';
import { call, isApiError, setCsrfToken } from './client';

export type { Passkey, StaffKeys, StaffListEntry, UnlockMethod } from '@ashar/domain';

export type Session = SessionView;
export type SessionStaff = SessionView['staff'];
export type SessionIdentity = NonNullable<SessionView['identity']>;
export type VaultWrapRecord = SessionView['wraps'][number];
/** A new vault wrap as the client sends it (the `wrap` is a VaultWrap object of libs/crypto). */
export type NewVaultWrap = VaultWrapInput;
/** What enrolment sends besides the ceremony: the public keys, the vault and its wraps, and the pseudonym when one was chosen. */
export type EnrolmentKeys = Pick<BodyInput<typeof enrolmentContract.complete>, 'identity' | 'vault' | 'wraps' | 'pseudonym'>;
export type Invitation = ResponseOf<typeof enrolmentContract.invite>;

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

type RegistrationInput = BodyInput<typeof enrolmentContract.complete>['response'];
// @simplewebauthn/browser types `transports` as string[]; the contract names the ones the api accepts.
const registration = (response: RegistrationResponseJSON) => response as RegistrationInput;
// The contract leaves WebAuthn options to the library that makes and reads them.
const forRegistration = <C extends { options: object }>(c: C) => c as unknown as Omit<C, 'options'> & { options: PublicKeyCredentialCreationOptionsJSON };
const forAuthentication = <C extends { options: object }>(c: C) => c as unknown as Omit<C, 'options'> & { options: PublicKeyCredentialRequestOptionsJSON };

function remember(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

// Sessions
/** The current session, or null when there is none (401). */
export async function currentSession(): Promise<Session | null> {
  try {
    return remember(await call(authContract.session));
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
    await call(everywhere ? authContract.signOutEverywhere : authContract.signOut, { signOut: true });
  } finally {
    setCsrfToken(null);
  }
}

// First admin
export async function checkSetupToken(token: string): Promise<boolean> {
  try {
    await call(setupContract.check, { body: { token } });
    return true;
  } catch (error) {
    if (isApiError(error, 404) || isApiError(error, 422) || isApiError(error, 400)) return false;
    throw error;
  }
}

export const setupOptions = async (token: string, displayName: string): Promise<EnrolmentCeremony> =>
  forRegistration(await call(setupContract.options, { body: { token, displayName } }));

export async function completeSetup(token: string, ceremonyId: string, response: RegistrationResponseJSON, keys: EnrolmentKeys): Promise<Session> {
  return remember(await call(setupContract.complete, { body: { token, ceremonyId, response: registration(response), ...keys } }));
}

// Invitations and enrolment
/** `deskIds`: desks the person joins as a member; `leadDeskIds`: desks they lead (members too). */
export const createInvitation = (displayName: string, roles: readonly StaffRole[], deskIds: readonly string[], leadDeskIds: readonly string[] = []) =>
  call(enrolmentContract.invite, { body: { displayName, roles: [...roles], deskIds: [...deskIds], leadDeskIds: [...leadDeskIds] } });

/** The invitation behind a token, or null when it is unknown, used or expired. */
export async function checkEnrolToken(token: string): Promise<ResponseOf<typeof enrolmentContract.check> | null> {
  try {
    return await call(enrolmentContract.check, { body: { token } });
  } catch (error) {
    if (isApiError(error, 404) || isApiError(error, 422) || isApiError(error, 400)) return null;
    throw error;
  }
}

export const enrolOptions = async (token: string): Promise<EnrolmentCeremony> => forRegistration(await call(enrolmentContract.options, { body: { token } }));

export async function completeEnrolment(token: string, ceremonyId: string, response: RegistrationResponseJSON, keys: EnrolmentKeys): Promise<Session> {
  return remember(await call(enrolmentContract.complete, { body: { token, ceremonyId, response: registration(response), ...keys } }));
}

// Sign-in, passkeys, step-up
export const signInOptions = async (): Promise<AuthenticationCeremony> => forAuthentication(await call(authContract.signInOptions, { body: {} }));

export async function signIn(ceremonyId: string, response: AuthenticationResponseJSON): Promise<Session> {
  return remember(await call(authContract.signIn, { body: { ceremonyId, response } }));
}

export const listPasskeys = () => call(authContract.passkeys);
export const addPasskeyOptions = async (): Promise<RegistrationCeremony> => forRegistration(await call(authContract.addPasskeyOptions, { body: {} }));
export const addPasskey = (ceremonyId: string, response: RegistrationResponseJSON, wrap?: NewVaultWrap) =>
  call(authContract.addPasskey, { body: { ceremonyId, response: registration(response), ...(wrap ? { wrap } : {}) } });
export const revokePasskey = (id: string) => call(authContract.revokePasskey, { params: { id } });

export const stepUpOptions = async (): Promise<AuthenticationCeremony> => forAuthentication(await call(authContract.stepUpOptions, { body: {} }));

export async function stepUp(ceremonyId: string, response: AuthenticationResponseJSON): Promise<Session> {
  return remember(await call(authContract.stepUp, { body: { ceremonyId, response } }));
}

// Staff and keys
/** Admins only. */
export const listStaff = () => call(staffContract.list);
/** Admin, with step-up: the person's sessions end and their case assignments are released. */
export const suspendStaff = (id: string) => call(staffContract.suspend, { params: { id } });
/** Admin, with step-up. */
export const reinstateStaff = (id: string) => call(staffContract.reinstate, { params: { id } });

/** The signed-in member of staff's own console language (also their notification e-mails'). */
export const setOwnLanguage = (language: SessionStaff['language']) => call(staffContract.setLanguage, { body: { language } });
/** The signed-in member of staff's own pseudonym: the only name requesters see of them (null: none chosen). */
export const ownPseudonym = async (): Promise<string | null> => (await call(staffContract.pseudonym)).pseudonym;
/** Sets, changes (a name) or removes (null) the signed-in member of staff's own pseudonym. */
export const setOwnPseudonym = (pseudonym: string | null) => call(staffContract.setPseudonym, { body: { pseudonym } });
export const staffKeys = (id: string) => call(keysContract.staffKeys, { params: { id } });
/** `certificate` as pasted or made in the worker; the api checks its shape and its signatures. */
export const uploadCertificate = (id: string, certificate: unknown) => call(keysContract.certify, { params: { id }, body: { certificate: certificate as object } });
/** Public: every signed revocation statement (libs/crypto SPEC.md §8.3), checked in the crypto worker. */
export const keyRevocations = () => call(keysContract.revocations);
/** Admin, with step-up: a revocation statement signed in the crypto worker. */
export const postRevocation = (statement: object) => call(keysContract.revoke, { body: { statement } });
