/**
 * Calls for applications (issue 17, docs/calls.md): the shapes on the wire and the endpoints.
 * Programme managers write calls through `/api/v1/programme/calls`; anyone reads the published
 * ones through `/api/v1/calls` (a draft answers 404, as a call that does not exist).
 *
 * Every field is bounded. Times travel as a local date-time (`YYYY-MM-DDTHH:MM`, "24:00"
 * accepted) and an IANA zone; the api computes the instants (call-time.ts) and refuses an unknown
 * zone or a local time that occurs twice or never with its own problem code.
 */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { LOCAL_DATE_TIME_LENGTH, LOCAL_DATE_TIME_PATTERN, TIME_ZONE_MAX_LENGTH } from '../call-time';
import { CALL_KINDS, CALL_PHASES, CALL_STATUSES, CALL_TRANSITIONS, quotaProblem } from '../calls';
import { countryCodeSchema } from '../countries';
import { type FieldDescriptor, formShape } from '../form-fields';
import { UI_LANGUAGES, type UiLanguage } from '../ui-languages';
import { defineEndpoint } from './endpoint';

export const CALL_TITLE_MAX = 200;
export const CALL_DESCRIPTION_MAX = 20_000;
export const CALL_ELIGIBILITY_MAX = 10_000;
export const CALL_FORM_FIELDS_MAX = 40;
export const CALL_FIELD_LABEL_MAX = 200;
export const CALL_FIELD_OPTIONS_MAX = 50;
/** The longest answer a text field of a call's form may ask for. */
export const CALL_FIELD_TEXT_MAX = 20_000;
export const CALL_QUOTA_MAX = 10_000;
export const CALL_LIST_MAX = 500;

const text = (max: number) => z.string().trim().min(1).max(max);

export const callKindSchema = z.enum(CALL_KINDS);
export const callStatusSchema = z.enum(CALL_STATUSES);
export const callPhaseSchema = z.enum(CALL_PHASES);
export const callTransitionSchema = z.enum(CALL_TRANSITIONS);

/** `YYYY-MM-DDTHH:MM`, 00:00 to 24:00. Whether the date exists is checked with the zone (call-time.ts). */
export const localDateTimeSchema = z.string().max(LOCAL_DATE_TIME_LENGTH).regex(LOCAL_DATE_TIME_PATTERN, { error: 'Expected YYYY-MM-DDTHH:MM (00:00–24:00)' });
/** The shape of an IANA zone id; call-time.ts `checkTimeZone` decides whether it is one. */
export const timeZoneSchema = z.string().trim().min(1).max(TIME_ZONE_MAX_LENGTH);

/** One text in every UI language the call is written in; English is required. */
type PerLanguageShape<T extends z.ZodType> = { en: T } & { [L in Exclude<UiLanguage, 'en'>]: z.ZodOptional<T> };
const perLanguage = <T extends z.ZodType>(value: T) =>
  z.strictObject(Object.fromEntries(UI_LANGUAGES.map((lang) => [lang, lang === 'en' ? value : value.optional()])) as PerLanguageShape<T>);

export const callTextSchema = z.strictObject({
  title: text(CALL_TITLE_MAX),
  description: text(CALL_DESCRIPTION_MAX),
  eligibility: text(CALL_ELIGIBILITY_MAX),
});
export const callTextsSchema = perLanguage(callTextSchema);
export const fieldLabelsSchema = perLanguage(text(CALL_FIELD_LABEL_MAX));

const fieldBase = {
  /** The key of the answer in an application. */
  name: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, { error: 'A field name is a letter, then letters, digits or _ (at most 40)' }),
  label: fieldLabelsSchema,
  required: z.boolean(),
};

/** The application form as data: the field descriptors of form-fields.ts with their labels in the call's languages. */
export const callFormFieldSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...fieldBase, kind: z.enum(['text', 'textarea']), maxLength: z.number().int().min(1).max(CALL_FIELD_TEXT_MAX) }),
  z.strictObject({
    ...fieldBase,
    kind: z.literal('select'),
    options: z
      .array(z.strictObject({ value: z.string().regex(/^[a-z0-9_]{1,40}$/), label: fieldLabelsSchema }))
      .min(1)
      .max(CALL_FIELD_OPTIONS_MAX)
      .refine((options) => new Set(options.map((o) => o.value)).size === options.length, 'Option values must differ'),
  }),
  z.strictObject({ ...fieldBase, kind: z.literal('date') }),
  z
    .strictObject({ ...fieldBase, kind: z.literal('number'), min: z.number().int().min(-1e9).max(1e9), max: z.number().int().min(-1e9).max(1e9) })
    .refine((f) => f.min <= f.max, { path: ['max'], message: 'max is at least min' }),
  z.strictObject({ ...fieldBase, kind: z.literal('boolean') }),
]);
export type CallFormField = z.infer<typeof callFormFieldSchema>;

export const callFormSchema = z
  .array(callFormFieldSchema)
  .max(CALL_FORM_FIELDS_MAX)
  .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, 'Field names must differ');

/** The form-fields.ts descriptors of a call's form (label keys are the field names: the labels travel with the call). */
export function callFieldDescriptors(form: readonly CallFormField[]): FieldDescriptor[] {
  return form.map((f): FieldDescriptor => {
    const base = { name: f.name, labelKey: f.name, required: f.required };
    switch (f.kind) {
      case 'text':
      case 'textarea':
        return { ...base, kind: f.kind, maxLength: f.maxLength };
      case 'select':
        return { ...base, kind: 'select', options: f.options.map((o) => o.value) as [string, ...string[]] };
      case 'number':
        return { ...base, kind: 'number', min: f.min, max: f.max };
      case 'date':
      case 'boolean':
        return { ...base, kind: f.kind };
    }
  });
}

/** The schema of an application's answers to a call's form (unknown keys fail). */
export function callAnswersSchema(form: readonly CallFormField[]) {
  return z.strictObject(formShape(callFieldDescriptors(form)) as Record<string, z.ZodType>);
}

export const callQuotasSchema = z.strictObject({
  total: z.number().int().min(1).max(CALL_QUOTA_MAX).nullable(),
  perCountry: z.partialRecord(countryCodeSchema, z.number().int().min(1).max(CALL_QUOTA_MAX)),
});

/** What a programme manager writes: the whole call, on create and on every edit. */
export const callInputSchema = z
  .strictObject({
    kind: callKindSchema,
    texts: callTextsSchema,
    form: callFormSchema,
    quotas: callQuotasSchema,
    timeZone: timeZoneSchema,
    opensLocal: localDateTimeSchema,
    closesLocal: localDateTimeSchema,
    /** Plain dates in the call's zone. */
    decisionOn: z.iso.date().nullable(),
    notifyOn: z.iso.date().nullable(),
  })
  .superRefine((call, ctx) => {
    const quota = quotaProblem(call.quotas);
    if (quota) ctx.addIssue({ code: 'custom', path: ['quotas', 'perCountry'], message: quota });
    if (call.decisionOn && call.notifyOn && call.notifyOn < call.decisionOn) ctx.addIssue({ code: 'custom', path: ['notifyOn'], message: 'Applicants are told on or after the decision date' });
  });
export type CallInput = z.infer<typeof callInputSchema>;

export const zonedMomentSchema = z.object({ local: z.string(), timeZone: z.string(), instant: z.string(), offset: z.string() });

const callFacts = {
  id: z.string(),
  kind: callKindSchema,
  /** The stored status resolved by the api's clock (calls.ts `callPhase`). */
  phase: callPhaseSchema,
  texts: callTextsSchema,
  form: callFormSchema,
  quotas: callQuotasSchema,
  timeZone: z.string(),
  opens: zonedMomentSchema,
  closes: zonedMomentSchema,
  decisionOn: z.string().nullable(),
  notifyOn: z.string().nullable(),
};

/** A call as programme staff see it. */
export const callViewSchema = z.object({
  ...callFacts,
  status: callStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type CallView = z.infer<typeof callViewSchema>;

/** A call's public page: no staff, no times of its own history. */
export const publicCallViewSchema = z.object(callFacts);
export type PublicCallView = z.infer<typeof publicCallViewSchema>;

export const callListItemSchema = z.object({
  id: z.string(),
  kind: callKindSchema,
  status: callStatusSchema,
  phase: callPhaseSchema,
  /** The title in each language the call is written in. */
  titles: perLanguage(z.string()),
  closes: zonedMomentSchema,
});
export type CallListItem = z.infer<typeof callListItemSchema>;
export const publicCallListItemSchema = callListItemSchema.omit({ status: true });
export type PublicCallListItem = z.infer<typeof publicCallListItemSchema>;

export const callTransitionInputSchema = z.strictObject({ transition: callTransitionSchema });

const callParams = z.strictObject({ id: idSchema });

/** The programme managers' side. */
export const programmeCallsContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/programme/calls', status: 200, response: z.array(callListItemSchema) }),
  create: defineEndpoint({ method: 'POST', path: '/api/v1/programme/calls', status: 201, body: callInputSchema, response: callViewSchema }),
  view: defineEndpoint({ method: 'GET', path: '/api/v1/programme/calls/:id', status: 200, params: callParams, response: callViewSchema }),
  update: defineEndpoint({ method: 'PUT', path: '/api/v1/programme/calls/:id', status: 200, params: callParams, body: callInputSchema, response: callViewSchema }),
  transition: defineEndpoint({ method: 'POST', path: '/api/v1/programme/calls/:id/transitions', status: 200, params: callParams, body: callTransitionInputSchema, response: callViewSchema }),
} as const;

/** The public side: published calls only (published, closed or decided; never a draft or an archived call). */
export const callsContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/calls', status: 200, response: z.array(publicCallListItemSchema) }),
  view: defineEndpoint({ method: 'GET', path: '/api/v1/calls/:id', status: 200, params: callParams, response: publicCallViewSchema }),
} as const;
