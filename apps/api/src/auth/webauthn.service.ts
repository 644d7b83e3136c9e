import { Inject, Injectable } from '@nestjs/common';
import { DomainError, AuthError } from '@ashar/domain';
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { type AsharConfig, ASHAR_CONFIG } from '../config';

export interface VerifiedRegistration {
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
}

/**
 * The relying party: WebAuthn options and verification through
 * @simplewebauthn/server, with the rp id and origin taken from PUBLIC_URL.
 * User verification is required everywhere; attestation is not requested.
 */
@Injectable()
export class WebAuthnService {
  private readonly rpID: string;
  private readonly origin: string;

  constructor(@Inject(ASHAR_CONFIG) private readonly config: AsharConfig) {
    const url = new URL(config.PUBLIC_URL);
    this.rpID = url.hostname;
    this.origin = url.origin;
  }

  registrationOptions(user: { webauthnUserId: Uint8Array; name: string; excludeCredentialIds?: string[] }): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return generateRegistrationOptions({
      rpName: this.config.RP_NAME,
      rpID: this.rpID,
      userName: user.name,
      userDisplayName: user.name,
      userID: new Uint8Array(user.webauthnUserId),
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      excludeCredentials: (user.excludeCredentialIds ?? []).map((id) => ({ id })),
      // Ask for the PRF extension: the vault key is wrapped by its output, in the browser.
      extensions: { prf: {} } as never,
      timeout: 120_000,
    });
  }

  authenticationOptions(allowCredentialIds?: string[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return generateAuthenticationOptions({
      rpID: this.rpID,
      userVerification: 'required',
      allowCredentials: allowCredentialIds?.map((id) => ({ id })),
      timeout: 120_000,
    });
  }

  /** Verifies an attestation against the challenge; throws a 400 problem if it does not hold. */
  async verifyRegistration(response: RegistrationResponseJSON, expectedChallenge: string): Promise<VerifiedRegistration> {
    let result: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      result = await verifyRegistrationResponse({ response, expectedChallenge, expectedOrigin: this.origin, expectedRPID: this.rpID, requireUserVerification: true });
    } catch {
      throw new DomainError(AuthError.PasskeyRegistrationFailed);
    }
    if (!result.verified) throw new DomainError(AuthError.PasskeyRegistrationFailed);
    const { credential } = result.registrationInfo;
    return { credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [] };
  }

  /** Verifies an assertion by a stored passkey; returns the new counter, or null when it does not hold. */
  async verifyAuthentication(
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
    passkey: { credentialId: string; publicKey: Uint8Array; counter: number; transports: string[] },
  ): Promise<number | null> {
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        requireUserVerification: true,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports as never },
      });
      return result.verified ? result.authenticationInfo.newCounter : null;
    } catch {
      return null;
    }
  }
}
