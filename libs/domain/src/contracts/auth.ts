/**
 * The staff sign-in endpoints (docs/identity-api.md): the session, passkey sign-in, passkeys and
 * step-up. WebAuthn options and responses are @simplewebauthn's JSON; the api's WebAuthn library
 * verifies their content, these schemas bound their shape and size.
 */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { STAFF_UI_LANGUAGES } from '../ui-languages';
import { defineEndpoint, emptyBodySchema, jsonObject, noContent } from './endpoint';

const b64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const publicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte key in base64url');

/** What @simplewebauthn/browser's startRegistration returns. */
export const registrationResponseSchema = z.object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16384),
    transports: z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(1024).optional(),
    authenticatorData: b64url(4096).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: jsonObject(1024),
});

/** What startAuthentication returns. */
export const authenticationResponseSchema = z.object({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(256).optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: jsonObject(1024),
});

export const UNLOCK_METHODS = ['passkey-prf', 'passphrase', 'recovery-code'] as const;
export type UnlockMethod = (typeof UNLOCK_METHODS)[number];

/** A new vault wrap (the `wrap` is a VaultWrap object of libs/crypto). */
export const vaultWrapInputSchema = z.object({
  id: z.uuid(),
  method: z.enum(UNLOCK_METHODS),
  credentialId: b64url(1400).optional(),
  wrap: jsonObject(1536),
});
export type VaultWrapInput = z.infer<typeof vaultWrapInputSchema>;

/** What enrolment sends besides the ceremony: the public keys, the vault and its wraps. */
export const identityInputSchema = z.object({
  identity: z.strictObject({ encPk: publicKey, signPk: publicKey }),
  vault: z.string().min(1).max(4096),
  wraps: z.array(vaultWrapInputSchema).min(2).max(6),
});
export type IdentityInput = z.infer<typeof identityInputSchema>;

export const ceremonyAuthSchema = z.strictObject({ ceremonyId: z.uuid(), response: authenticationResponseSchema });
export const addPasskeySchema = z.strictObject({ ceremonyId: z.uuid(), response: registrationResponseSchema, wrap: vaultWrapInputSchema.optional() });

/** WebAuthn options as @simplewebauthn makes them; the browser hands them to its WebAuthn library unread. */
export const webauthnOptionsSchema = z.custom<{ readonly challenge: string }>((v) => typeof v === 'object' && v !== null && typeof (v as { challenge?: unknown }).challenge === 'string');
export const ceremonySchema = z.object({ ceremonyId: z.string(), options: webauthnOptionsSchema });

/** The signed-in member of staff, their CSRF token and their (encrypted) vault. */
export const sessionViewSchema = z.object({
  csrfToken: z.string(),
  staff: z.object({
    id: z.string(),
    displayName: z.string(),
    roles: z.array(z.string()),
    deskIds: z.array(z.string()),
    leadDeskIds: z.array(z.string()),
    status: z.enum(['invited', 'active', 'suspended']),
    /** Their console language (PUT /api/v1/staff/me/language). */
    language: z.enum(STAFF_UI_LANGUAGES),
  }),
  identity: z.object({ encPk: z.string(), signPk: z.string(), certificate: z.unknown() }).nullable(),
  vault: z.string().nullable(),
  wraps: z.array(z.object({ id: z.string(), method: z.enum(UNLOCK_METHODS), credentialId: z.string().nullable(), wrap: z.unknown() })),
  steppedUpUntil: z.string().nullable(),
  /** The passkey this session was signed in with (the browser unlocks the vault with it). */
  credentialId: z.string(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const passkeySchema = z.object({
  id: z.string(),
  credentialId: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** A PRF vault wrap exists for it. */
  prf: z.boolean(),
  /** This session was signed in with it. */
  current: z.boolean(),
});
export type Passkey = z.infer<typeof passkeySchema>;

export const authContract = {
  session: defineEndpoint({ method: 'GET', path: '/api/v1/auth/session', status: 200, response: sessionViewSchema }),
  signInOptions: defineEndpoint({ method: 'POST', path: '/api/v1/auth/options', status: 200, body: emptyBodySchema, response: ceremonySchema }),
  signIn: defineEndpoint({ method: 'POST', path: '/api/v1/auth/sign-in', status: 200, body: ceremonyAuthSchema, response: sessionViewSchema }),
  signOut: defineEndpoint({ method: 'POST', path: '/api/v1/auth/sign-out', status: 204, response: noContent }),
  signOutEverywhere: defineEndpoint({ method: 'POST', path: '/api/v1/auth/sign-out-everywhere', status: 204, response: noContent }),
  passkeys: defineEndpoint({ method: 'GET', path: '/api/v1/auth/passkeys', status: 200, response: z.array(passkeySchema) }),
  addPasskeyOptions: defineEndpoint({ method: 'POST', path: '/api/v1/auth/passkeys/options', status: 200, body: emptyBodySchema, response: ceremonySchema }),
  addPasskey: defineEndpoint({ method: 'POST', path: '/api/v1/auth/passkeys', status: 201, body: addPasskeySchema, response: z.object({ id: z.string() }) }),
  revokePasskey: defineEndpoint({ method: 'DELETE', path: '/api/v1/auth/passkeys/:id', status: 204, params: z.strictObject({ id: idSchema }), response: noContent }),
  stepUpOptions: defineEndpoint({ method: 'POST', path: '/api/v1/auth/step-up/options', status: 200, body: emptyBodySchema, response: ceremonySchema }),
  stepUp: defineEndpoint({ method: 'POST', path: '/api/v1/auth/step-up', status: 200, body: ceremonyAuthSchema, response: sessionViewSchema }),
} as const;
