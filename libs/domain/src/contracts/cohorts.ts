/**
 * Cohorts, host organisations, placements and logistics (issue 17, docs/calls.md "Cohorts"): the
 * wire shapes. The routes are not built yet; when they are, their endpoints go here and into
 * API_CONTRACTS.
 *
 * Every field is bounded. Dates are plain dates (`YYYY-MM-DD`) in the cohort's zone; the zone is
 * checked by the api with call-time.ts `checkTimeZone` (cohorts.ts `cohortProblem`), as a call's.
 * A host's notes are ciphertext made in the browser; its name, city and contact are the
 * organisation's, not a fellow's, and travel in clear.
 */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { TIME_ZONE_MAX_LENGTH } from '../call-time';
import { COHORT_DAYS_MAX, LOGISTICS_BLOCK_REASONS, LOGISTICS_ITEMS, LOGISTICS_STATUSES, PLACEMENT_STATUSES, PLACEMENT_TRANSITIONS, RELATIVE_DUE_DAYS_MAX } from '../cohorts';

export const COHORT_NAME_MAX = 200;
export const COHORT_CITY_MAX = 100;
export const HOST_NAME_MAX = 200;
export const HOST_CONTACT_NAME_MAX = 200;
export const HOST_PHONE_MAX = 40;
/** Most fellows a host takes in one cohort. */
export const HOST_CAPACITY_MAX = 100;
/** Longest sealed host notes: 16 KiB of text, padded and encrypted, in base64url with its a1 header. */
export const HOST_NOTES_CIPHERTEXT_MAX = 22_000;
/** Most hosts, placements or checklists in one cohort's lists. */
export const COHORT_LIST_MAX = 1_000;

const text = (max: number) => z.string().trim().min(1).max(max);
const plainDateSchema = z.iso.date();

export const logisticsItemSchema = z.enum(LOGISTICS_ITEMS);
export const relativeDueSchema = z.strictObject({ from: z.enum(['start', 'end']), days: z.number().int().min(-RELATIVE_DUE_DAYS_MAX).max(RELATIVE_DUE_DAYS_MAX) });

/** What a programme manager writes for a cohort; `logisticsDue` overrides the default due dates (cohorts.ts DEFAULT_LOGISTICS_DUE). */
export const cohortInputSchema = z
  .strictObject({
    callId: idSchema,
    name: text(COHORT_NAME_MAX),
    startsOn: plainDateSchema,
    endsOn: plainDateSchema,
    city: text(COHORT_CITY_MAX),
    timeZone: z.string().trim().min(1).max(TIME_ZONE_MAX_LENGTH),
    logisticsDue: z.partialRecord(logisticsItemSchema, relativeDueSchema),
  })
  .superRefine((c, ctx) => {
    if (c.endsOn < c.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'A cohort ends on or after its first day' });
    else if ((Date.parse(c.endsOn) - Date.parse(c.startsOn)) / 86_400_000 + 1 > COHORT_DAYS_MAX) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `A cohort lasts at most ${COHORT_DAYS_MAX} days` });
  });
export type CohortInput = z.infer<typeof cohortInputSchema>;

export const hostContactSchema = z.strictObject({
  name: text(HOST_CONTACT_NAME_MAX),
  email: z.email().max(254).nullable(),
  phone: z
    .string()
    .max(HOST_PHONE_MAX)
    .regex(/^\+?[0-9 ()-]{3,}$/, { error: 'Expected a phone number' })
    .nullable(),
});

export const hostInputSchema = z.strictObject({
  name: text(HOST_NAME_MAX),
  city: text(COHORT_CITY_MAX),
  capacity: z.number().int().min(1).max(HOST_CAPACITY_MAX),
  contact: hostContactSchema,
  /** Notes sealed in the browser to the programme desk (`a1.`), or null. */
  notes: z
    .string()
    .max(HOST_NOTES_CIPHERTEXT_MAX, { error: 'The notes are too long' })
    .regex(/^a1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an a1. ciphertext' })
    .nullable(),
});
export type HostInput = z.infer<typeof hostInputSchema>;

export const placementInputSchema = z.strictObject({ applicationId: idSchema, hostId: idSchema });
export const placementTransitionInputSchema = z.strictObject({ transition: z.enum(PLACEMENT_TRANSITIONS) });

/** A change of one logistics item (cohorts.ts `logisticsStep`), or a new due date for this fellow. */
export const logisticsChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('done') }),
  z.strictObject({ kind: z.literal('block'), reason: z.enum(LOGISTICS_BLOCK_REASONS) }),
  z.strictObject({ kind: z.literal('reopen') }),
  z.strictObject({ kind: z.literal('move'), dueOn: plainDateSchema }),
]);
export type LogisticsChangeInput = z.infer<typeof logisticsChangeSchema>;

export const cohortViewSchema = z.object({
  id: z.string(),
  callId: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  city: z.string(),
  timeZone: z.string(),
  logisticsDue: z.partialRecord(logisticsItemSchema, relativeDueSchema),
});
export type CohortView = z.infer<typeof cohortViewSchema>;

export const hostViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  capacity: z.number().int(),
  taken: z.number().int().min(0),
  free: z.number().int().min(0),
  contact: hostContactSchema,
  notes: z.string().nullable(),
});
export type HostView = z.infer<typeof hostViewSchema>;

export const placementViewSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  hostId: z.string(),
  status: z.enum(PLACEMENT_STATUSES),
  proposedAt: z.string(),
  /** When the host's answer was recorded, and by whom (a member of staff). */
  answeredAt: z.string().nullable(),
  answerRecordedBy: z.string().nullable(),
});
export type PlacementView = z.infer<typeof placementViewSchema>;

export const logisticsEntryViewSchema = z.object({
  item: logisticsItemSchema,
  status: z.enum(LOGISTICS_STATUSES),
  blockedReason: z.enum(LOGISTICS_BLOCK_REASONS).nullable(),
  dueOn: z.string(),
  overdue: z.boolean(),
});
export const checklistViewSchema = z.object({ applicationId: z.string(), entries: z.array(logisticsEntryViewSchema).max(LOGISTICS_ITEMS.length) });
export type ChecklistView = z.infer<typeof checklistViewSchema>;

/** A row of the board of who is blocked on what (cohorts.ts `blockedBoard`). */
export const blockedRowSchema = z.object({
  applicationId: z.string(),
  item: logisticsItemSchema,
  reason: z.enum(LOGISTICS_BLOCK_REASONS),
  dueOn: z.string(),
  overdue: z.boolean(),
  daysOverdue: z.number().int().min(0),
});
export const logisticsBoardViewSchema = z.object({
  cohortId: z.string(),
  blocked: z.array(blockedRowSchema).max(COHORT_LIST_MAX * LOGISTICS_ITEMS.length),
  overdue: z.array(blockedRowSchema.omit({ reason: true, overdue: true }).extend({ status: z.enum(['open', 'blocked']) })).max(COHORT_LIST_MAX * LOGISTICS_ITEMS.length),
});
export type LogisticsBoardView = z.infer<typeof logisticsBoardViewSchema>;
