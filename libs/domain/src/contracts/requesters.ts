/** Receipt sign-in of a requester: a challenge for the key derived from the receipt code, signed in the browser. */
import { z } from 'zod';
import { kidSchema, signatureSchema } from '../case-api';
import { defineEndpoint, noContent } from './endpoint';

export const requesterAuthContract = {
  challenge: defineEndpoint({
    method: 'POST',
    path: '/api/v1/requester/challenge',
    status: 200,
    body: z.strictObject({ kid: kidSchema }),
    response: z.object({ ceremonyId: z.string(), challenge: z.string(), instanceId: z.string() }),
  }),
  signIn: defineEndpoint({
    method: 'POST',
    path: '/api/v1/requester/sign-in',
    status: 204,
    body: z.strictObject({ ceremonyId: z.uuid(), signature: signatureSchema }),
    response: noContent,
  }),
  session: defineEndpoint({ method: 'GET', path: '/api/v1/requester/session', status: 200, response: z.object({ csrfToken: z.string() }) }),
  signOut: defineEndpoint({ method: 'POST', path: '/api/v1/requester/sign-out', status: 204, response: noContent }),
} as const;
