/**
 * The desk endpoints: the public directory of desks and their certified keys, memberships, and
 * the desk key life cycle (a lead makes a version, an admin certifies it, the lead seals it to
 * members). The bodies carry public keys, certificates and sealed (`s1.`) keys only.
 */
import { z } from 'zod';
import { deskKeyVersionSchema, idSchema, publicKeySchema, sealedKeySchema } from '../case-api';
import { defineEndpoint, noContent } from './endpoint';
import { certificateBodySchema } from './keys';

export const newDeskKeySchema = z.strictObject({ version: deskKeyVersionSchema, encPk: publicKeySchema, sealedKey: sealedKeySchema });
export const deskEnvelopeInputSchema = z.strictObject({ version: deskKeyVersionSchema, staffId: z.uuid(), sealedKey: sealedKeySchema });
export const deskMemberInputSchema = z.strictObject({ staffId: z.uuid(), lead: z.boolean().default(false) });

/** A desk and its newest certified key version with the chain [desk, admin]; `key` is null while none is certified. */
export const deskDirectoryEntrySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  key: z.object({ version: z.number(), encPk: z.string(), chain: z.array(z.unknown()) }).nullable(),
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

/** One key version of a desk as its members and leads (and admins) see it. */
export const deskKeyVersionViewSchema = z.object({
  version: z.number(),
  encPk: z.string(),
  createdBy: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  certifiedAt: z.string().nullable(),
  /** [desk, admin] once certified, else null. */
  chain: z.array(z.unknown()).nullable(),
});
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
  createKey: defineEndpoint({ method: 'POST', path: '/api/v1/desks/:deskId/keys', status: 204, params: deskParams, body: newDeskKeySchema, response: noContent }),
  certifyKey: defineEndpoint({
    method: 'POST',
    path: '/api/v1/desks/:deskId/keys/:version/certificate',
    status: 204,
    params: z.strictObject({ deskId: idSchema, version: versionParam }),
    body: certificateBodySchema,
    response: noContent,
  }),
  sealForMember: defineEndpoint({ method: 'POST', path: '/api/v1/desks/:deskId/envelopes', status: 204, params: deskParams, body: deskEnvelopeInputSchema, response: noContent }),
  myEnvelopes: defineEndpoint({ method: 'GET', path: '/api/v1/desks/:deskId/envelopes/mine', status: 200, params: deskParams, response: z.array(deskEnvelopeSchema) }),
} as const;
