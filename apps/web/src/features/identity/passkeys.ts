/**
 * WebAuthn in the page: the api's ceremonies through @simplewebauthn/browser, and the local
 * PRF evaluation that unlocks a vault. The PRF output is handed to the crypto worker at once
 * and never sent anywhere else.
 */
import { ct } from '../../ui/console-t';
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  base64URLStringToBuffer,
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import { cryptoWorker } from '../../crypto/crypto-client';

export { browserSupportsWebAuthn };

export function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  return startRegistration({ optionsJSON });
}

export function authenticateWithPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticationResponseJSON> {
  return startAuthentication({ optionsJSON });
}

/** False when the browser said the new passkey cannot do PRF; true or unknown otherwise. */
export function mayHavePrf(response: RegistrationResponseJSON): boolean {
  const prf = (response.clientExtensionResults as { prf?: { enabled?: boolean } }).prf;
  return prf?.enabled !== false;
}

/**
 * Asks the authenticator for the PRF output of one credential, with the vault's salt for it
 * (a local get: no server and a challenge made here). Null when the authenticator gives none;
 * throws the DOMException of navigator.credentials.get when the person cancels.
 */
export async function evaluatePrf(credentialId: string): Promise<ArrayBuffer | null> {
  const salt = await cryptoWorker().prfSalt(credentialId);
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  const credential = (await navigator.credentials.get({
    publicKey: {
      challenge,
      allowCredentials: [{ type: 'public-key', id: base64URLStringToBuffer(credentialId) }],
      userVerification: 'required',
      timeout: 120_000,
      // A Uint8Array, not base64url: the browser does not decode strings here (stack-notes).
      extensions: { prf: { eval: { first: salt } } } as AuthenticationExtensionsClientInputs,
    },
  })) as PublicKeyCredential | null;
  if (!credential) return null;
  const results = (credential.getClientExtensionResults() as { prf?: { results?: { first?: BufferSource } } }).prf?.results;
  const first = results?.first;
  if (!first) return null;
  const bytes = first instanceof ArrayBuffer ? new Uint8Array(first) : new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  // A copy the page can transfer away; the caller passes it to the worker and drops it.
  return bytes.slice().buffer;
}

const PASSKEY_ERRORS = ['NotAllowedError', 'InvalidStateError', 'SecurityError', 'NotSupportedError', 'AbortError'];

/** A sentence for a failed passkey ceremony. */
export function passkeyErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  return ct(`errors.passkey.${PASSKEY_ERRORS.includes(name) ? name : 'other'}`);
}

/** True for errors of a WebAuthn ceremony (as opposed to the api or the worker). */
export function isPasskeyError(error: unknown): boolean {
  return error instanceof WebAuthnError || error instanceof DOMException;
}
