/** The public-key endpoints: the organisation root key, a member's keys and certificate chain, and storing a certificate. */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { defineEndpoint, jsonObject, noContent } from './endpoint';

/** A certificate (an object libs/crypto makes and checks), at most 2 KiB of JSON. */
export const certificateBodySchema = z.strictObject({
  certificate: jsonObject(2048),
});

/**
 * GET /keys/staff/:id: a member's public keys and certificate chain (leaf first). The name goes
 * only to signed-in staff, and to a signed-in requester for staff who wrote to or sealed for
 * their case; anyone else gets null (SPEC.md §17.5).
 */
export const staffKeysSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  encPk: z.string(),
  signPk: z.string(),
  chain: z.array(z.unknown()),
});
export type StaffKeys = z.infer<typeof staffKeysSchema>;

const staffParams = z.strictObject({ id: idSchema });

export const keysContract = {
  root: defineEndpoint({ method: 'GET', path: '/api/v1/keys/root', status: 200, response: z.object({ rootPublicKey: z.string().nullable() }) }),
  staffKeys: defineEndpoint({ method: 'GET', path: '/api/v1/keys/staff/:id', status: 200, params: staffParams, response: staffKeysSchema }),
  certify: defineEndpoint({ method: 'POST', path: '/api/v1/keys/staff/:id/certificate', status: 204, params: staffParams, body: certificateBodySchema, response: noContent }),
} as const;
