/**
 * The desk endpoints: the public directory of desks and their certified keys, memberships, and
 * the desk key life cycle (a lead makes a version, an admin certifies it, the lead seals it to
 * members). The bodies carry public keys, certificates and sealed (`s1.`) keys only.
 */
import { z } from 'zod';
import { deskKeyVersionSchema, idSchema, publicKeySchema, sealedKeySchema, signatureSchema } from '../case-api';
import { defineEndpoint, noContent } from './endpoint';
import { certificateBodySchema } from './keys';

/**
 * A lead's new key version: its public keys (encPk and the derived signPk), the lead's own sealed
 * copy, and the link from the newest published version the lead holds (libs/crypto SPEC.md §8.2),
 * or null when there is none to link from (version 1, a lost, legacy or revoked predecessor): such
 * a version is published only once a second admin approves it.
 */
export const newDeskKeySchema = z.strictObject({
  version: deskKeyVersionSchema,
  encPk: publicKeySchema,
  signPk: publicKeySchema,
  sealedKey: sealedKeySchema,
  link: signatureSchema.nullable(),
});
/** A second admin's approval of a desk key version (SPEC.md §8.2), signed with their certified admin keys. */
export const deskApprovalInputSchema = z.strictObject({ signature: signatureSchema });
export const deskEnvelopeInputSchema = z.strictObject({ version: deskKeyVersionSchema, staffId: z.uuid(), sealedKey: sealedKeySchema });
export const deskMemberInputSchema = z.strictObject({ staffId: z.uuid(), lead: z.boolean().default(false) });

/**
 * A desk and its current key version (the newest published one: certified, and linked or approved)
 * with the chain [desk, admin]; `key` is null while there is none, or when the newest was revoked.
 * Clients seal only after verifying the desk's whole history (`history`).
 */
export const deskDirectoryEntrySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  key: z.object({ version: z.number(), encPk: z.string(), signPk: z.string(), chain: z.array(z.unknown()) }).nullable(),
});
export type DeskDirectoryEntry = z.infer<typeof deskDirectoryEntrySchema>;

export const deskMemberSchema = z.object({
  staffId: z.string(),
  displayName: z.string(),
  lead: z.boolean(),
  /** Versions of the desk key sealed to this member, oldest first. */
  keyVersions: z.array(z.number()),
});
export type DeskMember = z.infer<typeof deskMemberSchema>;

const personRefSchema = z.object({ id: z.string(), displayName: z.string() });

/** One key version of a desk as its members and leads (and admins) see it. */
export const deskKeyVersionViewSchema = z.object({
  version: z.number(),
  encPk: z.string(),
  /** The derived signing key; "" for a legacy version (made before links existed). */
  signPk: z.string(),
  createdBy: personRefSchema,
  createdAt: z.string(),
  certifiedAt: z.string().nullable(),
  certifiedBy: personRefSchema.nullable(),
  /** [desk, admin] once certified, else null. */
  chain: z.array(z.unknown()).nullable(),
  /** Signed by the holder of the version before it (SPEC.md §8.2). */
  linked: z.boolean(),
  /** A second admin's approval, when there is one. */
  approval: z.object({ approvedBy: personRefSchema, approvedAt: z.string() }).nullable(),
  /** Certified and linked or approved: clients may seal to it. */
  published: z.boolean(),
  /** When a revocation statement revoked it, else null. */
  revokedAt: z.string().nullable(),
});

/** One published version of a desk's key history (libs/crypto SPEC.md §8.2), oldest first. */
export const deskHistoryEntrySchema = z.object({
  version: z.number(),
  encPk: z.string(),
  signPk: z.string(),
  chain: z.array(z.unknown()),
  certifiedAt: z.string(),
  link: z.string().nullable(),
  approval: z.object({ signature: z.string(), chain: z.array(z.unknown()), approvedAt: z.string() }).nullable(),
});
export type DeskHistoryEntryView = z.infer<typeof deskHistoryEntrySchema>;
export const deskHistorySchema = z.object({ deskId: z.string(), versions: z.array(deskHistoryEntrySchema) });
export type DeskHistory = z.infer<typeof deskHistorySchema>;
export type DeskKeyVersion = z.infer<typeof deskKeyVersionViewSchema>;

/**
 * Someone a desk's lead may add (GET /desks/:deskId/candidates): not on the desk yet, not
 * suspended, not an admin, holding a case role. Only what choosing needs (SPEC.md §17.5).
 */
export const deskCandidateSchema = z.object({
  staffId: z.string(),
  displayName: z.string(),
  /** Holds the desk_lead role, so may be made a lead. */
  mayLead: z.boolean(),
  status: z.enum(['invited', 'active']),
  /** Their keys carry a certificate. */
  certified: z.boolean(),
});
export type DeskCandidate = z.infer<typeof deskCandidateSchema>;

/** One of the caller's sealed copies of a desk key version. */
export const deskEnvelopeSchema = z.object({ version: z.number(), sealedKey: z.string(), sealedBy: z.string() });
export type DeskEnvelope = z.infer<typeof deskEnvelopeSchema>;

const deskParams = z.strictObject({ deskId: idSchema });
/** A key version in a path: a decimal integer without leading zeros. */
const versionParam = z.string().max(10).regex(/^[1-9][0-9]*$/, { error: 'Expected a key version' }).transform(Number).pipe(deskKeyVersionSchema);

export const desksContract = {
  directory: defineEndpoint({ method: 'GET', path: '/api/v1/desks', status: 200, response: z.array(deskDirectoryEntrySchema) }),
  members: defineEndpoint({ method: 'GET', path: '/api/v1/desks/:deskId/members', status: 200, params: deskParams, response: z.array(deskMemberSchema) }),
  addMember: defineEndpoint({ method: 'POST', path: '/api/v1/desks/:deskId/members', status: 204, params: deskParams, body: deskMemberInputSchema, response: noContent }),
  removeMember: defineEndpoint({
    method: 'DELETE',
    path: '/api/v1/desks/:deskId/members/:staffId',
    status: 204,
    params: z.strictObject({ deskId: idSchema, staffId: idSchema }),
    response: noContent,
  }),
  candidates: defineEndpoint({ method: 'GET', path: '/api/v1/desks/:deskId/candidates', status: 200, params: deskParams, response: z.array(deskCandidateSchema) }),
  keys: defineEndpoint({ method: 'GET', path: '/api/v1/desks/:deskId/keys', status: 200, params: deskParams, response: z.array(deskKeyVersionViewSchema) }),
  /** Public: every published key version, oldest first, for clients to verify before they seal (SPEC.md §8.2). */
  history: defineEndpoint({ method: 'GET', path: '/api/v1/desks/:deskId/history', status: 200, params: deskParams, response: deskHistorySchema }),
  createKey: defineEndpoint({ method: 'POST', path: '/api/v1/desks/:deskId/keys', status: 204, params: deskParams, body: newDeskKeySchema, response: noContent }),
  certifyKey: defineEndpoint({
    method: 'POST',
    path: '/api/v1/desks/:deskId/keys/:version/certificate',
    status: 204,
    params: z.strictObject({ deskId: idSchema, version: versionParam }),
    body: certificateBodySchema,
    response: noContent,
  }),
  approveKey: defineEndpoint({
    method: 'POST',
    path: '/api/v1/desks/:deskId/keys/:version/approval',
    status: 204,
    params: z.strictObject({ deskId: idSchema, version: versionParam }),
    body: deskApprovalInputSchema,
    response: noContent,
  }),
  sealForMember: defineEndpoint({ method: 'POST', path: '/api/v1/desks/:deskId/envelopes', status: 204, params: deskParams, body: deskEnvelopeInputSchema, response: noContent }),
  myEnvelopes: defineEndpoint({ method: 'GET', path: '/api/v1/desks/:deskId/envelopes/mine', status: 200, params: deskParams, response: z.array(deskEnvelopeSchema) }),
} as const;
