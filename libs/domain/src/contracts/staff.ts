/** The staff directory. */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { STAFF_UI_LANGUAGES } from '../ui-languages';
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

/** Longest pseudonym (the name requesters see, e.g. "Aigerim, legal desk"). */
export const PSEUDONYM_MAX_LENGTH = 60;
/**
 * A pseudonym as a member of staff chooses it for requesters: trimmed, 1–60 characters, no control
 * characters (a newline would forge log lines; PostgreSQL refuses NUL).
 */
export const pseudonymSchema = z
  .string()
  .trim()
  .min(1)
  .max(PSEUDONYM_MAX_LENGTH)
  .refine((name) => !/\p{Cc}/u.test(name), { error: 'must not contain control characters' });
/** The caller's pseudonym; null: none chosen yet (requesters then read "Our team"). */
export const pseudonymBodySchema = z.strictObject({ pseudonym: pseudonymSchema.nullable() });
/** The caller's own console language: the console opens in it, their notification e-mails are written in it. */
export const staffLanguageSchema = z.strictObject({ language: z.enum(STAFF_UI_LANGUAGES) });
export type StaffLanguageSetting = z.infer<typeof staffLanguageSchema>;

export const staffContract = {
  /** The directory, for admins only (SPEC.md §17.5); a desk lead looks people up through GET /desks/:deskId/candidates. */
  list: defineEndpoint({ method: 'GET', path: '/api/v1/staff', status: 200, response: z.array(staffListEntrySchema) }),
  /** An admin suspends someone else (step-up): their sessions end, they cannot sign in or enrol, their case assignments are released (SPEC.md §17.3). */
  suspend: defineEndpoint({ method: 'POST', path: '/api/v1/staff/:id/suspend', status: 204, params: memberParams, response: noContent }),
  /** An admin lifts a suspension (step-up); released assignments stay released. */
  reinstate: defineEndpoint({ method: 'POST', path: '/api/v1/staff/:id/reinstate', status: 204, params: memberParams, response: noContent }),
  /** The caller's own pseudonym for requesters (issue 16); nobody reads or sets another's. */
  pseudonym: defineEndpoint({ method: 'GET', path: '/api/v1/staff/me/pseudonym', status: 200, response: z.object({ pseudonym: z.string().nullable() }) }),
  setPseudonym: defineEndpoint({ method: 'PUT', path: '/api/v1/staff/me/pseudonym', status: 204, body: pseudonymBodySchema, response: noContent }),
  /** The caller's own console language (any member of staff, for themselves only). */
  language: defineEndpoint({ method: 'GET', path: '/api/v1/staff/me/language', status: 200, response: staffLanguageSchema }),
  /** Changes the caller's own console language; not audited, as the notification address is not (docs/decisions.md). */
  setLanguage: defineEndpoint({ method: 'PUT', path: '/api/v1/staff/me/language', status: 204, body: staffLanguageSchema, response: noContent }),
} as const;
