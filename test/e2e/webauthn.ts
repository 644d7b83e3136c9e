import { type BrowserContext, type CDPSession, type Page } from '@playwright/test';

/** A credential held by a virtual authenticator, private key included (test-only; CDP WebAuthn.Credential). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/**
 * Drives WebAuthn from a page of the system's origin against Chromium's
 * virtual authenticators (CDP), so api-level tests can register and assert
 * passkeys without going through the web app's screens.
 */
export class Authenticators {
  private constructor(private readonly cdp: CDPSession) {}

  static async attach(context: BrowserContext, page: Page): Promise<Authenticators> {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    return new Authenticators(cdp);
  }

  /** Adds a platform authenticator with user verification; with `prf`, it supports the PRF extension. */
  async add(options: { prf?: boolean } = {}): Promise<string> {
    const { authenticatorId } = await this.cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
        ...(options.prf ? { hasPrf: true } : {}),
      },
    });
    return authenticatorId;
  }

  async remove(authenticatorId: string): Promise<void> {
    await this.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  }

  async credentials(authenticatorId: string): Promise<VirtualCredential[]> {
    return (await this.cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  }

  async addCredential(authenticatorId: string, credential: VirtualCredential): Promise<void> {
    await this.cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  }

  /** Whether the authenticator's user verification (the fingerprint or PIN a person gives) succeeds from now on. */
  async setUserVerified(authenticatorId: string, isUserVerified: boolean): Promise<void> {
    await this.cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
  }
}

/** Runs navigator.credentials.create with options JSON from the api and returns RegistrationResponseJSON. */
export function createCredential(page: Page, optionsJSON: unknown): Promise<Record<string, unknown>> {
  return page.evaluate(async (json) => {
    const b64 = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const enc = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const o = json as PublicKeyCredentialCreationOptionsJSON;
    const cred = (await navigator.credentials.create({
      publicKey: {
        ...o,
        challenge: b64(o.challenge),
        user: { ...o.user, id: b64(o.user.id) },
        excludeCredentials: (o.excludeCredentials ?? []).map((c) => ({ ...c, id: b64(c.id) })) as PublicKeyCredentialDescriptor[],
      } as PublicKeyCredentialCreationOptions,
    })) as PublicKeyCredential;
    const r = cred.response as AuthenticatorAttestationResponse;
    return {
      id: cred.id,
      rawId: enc(cred.rawId),
      type: cred.type,
      response: { clientDataJSON: enc(r.clientDataJSON), attestationObject: enc(r.attestationObject), transports: r.getTransports() },
      clientExtensionResults: {},
    };
  }, optionsJSON);
}

/** Runs navigator.credentials.get with options JSON from the api and returns AuthenticationResponseJSON. */
export function getAssertion(page: Page, optionsJSON: unknown): Promise<Record<string, unknown>> {
  return page.evaluate(async (json) => {
    const b64 = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const enc = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const o = json as PublicKeyCredentialRequestOptionsJSON;
    const cred = (await navigator.credentials.get({
      publicKey: {
        ...o,
        challenge: b64(o.challenge),
        allowCredentials: (o.allowCredentials ?? []).map((c) => ({ ...c, id: b64(c.id) })) as PublicKeyCredentialDescriptor[],
      } as PublicKeyCredentialRequestOptions,
    })) as PublicKeyCredential;
    const r = cred.response as AuthenticatorAssertionResponse;
    return {
      id: cred.id,
      rawId: enc(cred.rawId),
      type: cred.type,
      response: {
        clientDataJSON: enc(r.clientDataJSON),
        authenticatorData: enc(r.authenticatorData),
        signature: enc(r.signature),
        ...(r.userHandle ? { userHandle: enc(r.userHandle) } : {}),
      },
      clientExtensionResults: {},
    };
  }, optionsJSON);
}

/** JSON calls from the page, so cookies and Origin are the browser's own. */
export async function call(page: Page, method: string, path: string, body?: unknown, csrf?: string, extra: Record<string, string> = {}): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  return page.evaluate(
    async ({ method, path, body, csrf, extra }) => {
      const res = await fetch(`/api/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers: { ...extra, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      return { status: res.status, body: text ? JSON.parse(text) : null, headers };
    },
    { method, path, body, csrf, extra },
  );
}
