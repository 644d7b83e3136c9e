import { z } from 'zod';

const b64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const publicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a 32-byte key in base64url');
const token = z.string().min(1).max(64);
const uuid = z.uuid();

/** What @simplewebauthn/browser's startRegistration returns; the library verifies the content. */
export const RegistrationResponse = z.object({
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
  clientExtensionResults: z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 1024, 'too large'),
});

/** What startAuthentication returns. */
export const AuthenticationResponse = z.object({
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
  clientExtensionResults: z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 1024, 'too large'),
});

export const VaultWrapInput = z.object({
  id: uuid,
  method: z.enum(['passkey-prf', 'passphrase', 'recovery-code']),
  credentialId: b64url(1400).optional(),
  wrap: z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 1536, 'too large'),
});

export const IdentityInput = z.object({
  identity: z.strictObject({ encPk: publicKey, signPk: publicKey }),
  vault: z.string().min(1).max(4096),
  wraps: z.array(VaultWrapInput).min(2).max(6),
});

export const SetupOptionsBody = z.strictObject({ token, displayName: z.string().trim().min(1).max(200) });
export const SetupCompleteBody = z.strictObject({ token, ceremonyId: uuid, response: RegistrationResponse, ...IdentityInput.shape });
export const TokenBody = z.strictObject({ token });
export const EnrolCompleteBody = SetupCompleteBody;
export const CeremonyAuthBody = z.strictObject({ ceremonyId: uuid, response: AuthenticationResponse });
export const EmptyBody = z.strictObject({});
export const AddPasskeyBody = z.strictObject({ ceremonyId: uuid, response: RegistrationResponse, wrap: VaultWrapInput.optional() });

export const InvitationBody = z.strictObject({
  displayName: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(['caseworker', 'desk_lead', 'finance_officer', 'finance_approver', 'programme_manager', 'admin', 'auditor'])).min(1).max(8),
  deskIds: z.array(uuid).max(20).default([]),
  leadDeskIds: z.array(uuid).max(20).default([]),
});

export type VaultWrapInputT = z.infer<typeof VaultWrapInput>;
export type IdentityInputT = z.infer<typeof IdentityInput>;
