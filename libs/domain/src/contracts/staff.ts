/** The staff directory. */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { defineEndpoint, noContent } from './endpoint';

export const staffListEntrySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  status: z.enum(['invited', 'active', 'suspended']),
  /** Their keys carry a certificate. */
  certified: z.boolean(),
});
export type StaffListEntry = z.infer<typeof staffListEntrySchema>;

const memberParams = z.strictObject({ id: idSchema });

export const staffContract = {
  /** The directory, for admins only (SPEC.md §17.5); a desk lead looks people up through GET /desks/:deskId/candidates. */
  list: defineEndpoint({ method: 'GET', path: '/api/v1/staff', status: 200, response: z.array(staffListEntrySchema) }),
  /** An admin suspends someone else (step-up): their sessions end, they cannot sign in or enrol, their case assignments are released (SPEC.md §17.3). */
  suspend: defineEndpoint({ method: 'POST', path: '/api/v1/staff/:id/suspend', status: 204, params: memberParams, response: noContent }),
  /** An admin lifts a suspension (step-up); released assignments stay released. */
  reinstate: defineEndpoint({ method: 'POST', path: '/api/v1/staff/:id/reinstate', status: 204, params: memberParams, response: noContent }),
} as const;
