/** The public-key endpoints: the organisation root key, a member's keys and certificate chain, storing a certificate, and revocation statements. */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { defineEndpoint, jsonObject, noContent } from './endpoint';

/** A certificate (an object libs/crypto makes and checks), at most 2 KiB of JSON. */
export const certificateBodySchema = z.strictObject({
  certificate: jsonObject(2048),
});

/**
 * GET /keys/staff/:id: a member's public keys and certificate chain (leaf first). The real name goes
 * only to signed-in staff; a signed-in requester gets, for staff who wrote to or sealed for their
 * case, the pseudonym the member chose for requesters (null when none; issue 16); anyone else gets
 * null (SPEC.md §17.5).
 */
export const staffKeysSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  encPk: z.string(),
  signPk: z.string(),
  chain: z.array(z.unknown()),
  /** The api's word that a revocation statement revoked these keys; clients check the statements themselves (GET /keys/revocations). */
  revoked: z.boolean(),
});
export type StaffKeys = z.infer<typeof staffKeysSchema>;

const staffParams = z.strictObject({ id: idSchema });

/** A revocation statement (libs/crypto SPEC.md §8.3), at most 1 KiB of JSON. */
export const revocationBodySchema = z.strictObject({ statement: jsonObject(1024) });

/** One published revocation: the statement, the chain of the admin who signed it, when the server stored it. */
export const revocationEntrySchema = z.object({ statement: z.unknown(), chain: z.array(z.unknown()), storedAt: z.string() });
export type RevocationEntry = z.infer<typeof revocationEntrySchema>;

export const keysContract = {
  root: defineEndpoint({ method: 'GET', path: '/api/v1/keys/root', status: 200, response: z.object({ rootPublicKey: z.string().nullable() }) }),
  staffKeys: defineEndpoint({ method: 'GET', path: '/api/v1/keys/staff/:id', status: 200, params: staffParams, response: staffKeysSchema }),
  certify: defineEndpoint({ method: 'POST', path: '/api/v1/keys/staff/:id/certificate', status: 204, params: staffParams, body: certificateBodySchema, response: noContent }),
  /** Public: every revocation statement, oldest first (clients check them before sealing and reading). */
  revocations: defineEndpoint({ method: 'GET', path: '/api/v1/keys/revocations', status: 200, response: z.array(revocationEntrySchema) }),
  revoke: defineEndpoint({ method: 'POST', path: '/api/v1/keys/revocations', status: 204, body: revocationBodySchema, response: noContent }),
} as const;
