/** The staff directory. */
import { z } from 'zod';
import { defineEndpoint } from './endpoint';

export const staffListEntrySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  status: z.enum(['invited', 'active', 'suspended']),
  /** Their keys carry a certificate. */
  certified: z.boolean(),
});
export type StaffListEntry = z.infer<typeof staffListEntrySchema>;

export const staffContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/staff', status: 200, response: z.array(staffListEntrySchema) }),
} as const;
