/**
 * The request form of each request type: what a requester is asked, as field descriptors the
 * web app renders, and the zod schemas that check the values before the browser encrypts
 * them. The server never sees these values; it sees only the clear routing facts
 * (`requestRoutingFacts`: type, country, preferred language), which the browser sends beside
 * the ciphertext.
 *
 * Label keys are `request.<name>` for fields every type shares and `request.<type>.<name>` for
 * the others. Unknown keys are rejected (`z.strictObject`), so nothing unplanned is encrypted.
 */
import { z } from 'zod';
import { COUNTRY_CODES, type CountryCode } from './countries';
import { formShape, type FieldDescriptor } from './form-fields';
import { REQUEST_LANGUAGES } from './languages';
import { REQUEST_TYPES, type RequestType } from './vocabulary';

/** Upper bound of a long answer. With these bounds a whole form is under 128 KiB of JSON, even all escapes. */
export const LONG_TEXT_MAX = 5_000;
/** Upper bound of the free-text description. */
export const DESCRIPTION_MAX = 10_000;
/** Upper bound of secondary details (documents, treatment, lawyer...). */
export const DETAILS_MAX = 2_000;
/** Upper bound of contact details (a handle, a number, a time to call). */
export const CONTACT_DETAILS_MAX = 1_000;

/** Asked of every request type. `country` and `preferredLanguage` also travel in clear for routing. */
export const COMMON_REQUEST_FIELDS = [
  { name: 'country', labelKey: 'request.country', kind: 'select', options: COUNTRY_CODES, required: true },
  { name: 'preferredLanguage', labelKey: 'request.preferredLanguage', kind: 'select', options: REQUEST_LANGUAGES, required: true },
  { name: 'description', labelKey: 'request.description', kind: 'textarea', maxLength: DESCRIPTION_MAX, required: false },
  { name: 'contactDetails', labelKey: 'request.contactDetails', kind: 'textarea', maxLength: CONTACT_DETAILS_MAX, required: false },
] as const satisfies readonly FieldDescriptor[];

const RELOCATION_FIELDS = [
  { name: 'threat', labelKey: 'request.relocation.threat', kind: 'textarea', maxLength: LONG_TEXT_MAX, required: true },
  {
    name: 'currentLocationSafety',
    labelKey: 'request.relocation.currentLocationSafety',
    kind: 'select',
    options: ['unsafe_now', 'unsafe_within_weeks', 'safe_for_now'],
    required: true,
  },
  { name: 'dependantsCount', labelKey: 'request.relocation.dependantsCount', kind: 'number', min: 0, max: 30, required: true },
  { name: 'dependantsDetails', labelKey: 'request.relocation.dependantsDetails', kind: 'textarea', maxLength: DETAILS_MAX, required: false },
  {
    name: 'travelDocuments',
    labelKey: 'request.relocation.travelDocuments',
    kind: 'select',
    options: ['valid_passport', 'expired_passport', 'national_id_only', 'none'],
    required: true,
  },
  { name: 'documentsDetails', labelKey: 'request.relocation.documentsDetails', kind: 'textarea', maxLength: DETAILS_MAX, required: false },
] as const satisfies readonly FieldDescriptor[];

const LEGAL_FIELDS = [
  {
    name: 'caseStage',
    labelKey: 'request.legal.caseStage',
    kind: 'select',
    options: ['threatened', 'under_investigation', 'charged', 'on_trial', 'appeal', 'convicted', 'other'],
    required: true,
  },
  { name: 'nextCourtDate', labelKey: 'request.legal.nextCourtDate', kind: 'date', required: false },
  { name: 'courtDetails', labelKey: 'request.legal.courtDetails', kind: 'textarea', maxLength: DETAILS_MAX, required: false },
  { name: 'hasLawyer', labelKey: 'request.legal.hasLawyer', kind: 'boolean', required: true },
  { name: 'lawyerDetails', labelKey: 'request.legal.lawyerDetails', kind: 'textarea', maxLength: DETAILS_MAX, required: false },
] as const satisfies readonly FieldDescriptor[];

const MEDICAL_FIELDS = [
  { name: 'condition', labelKey: 'request.medical.condition', kind: 'textarea', maxLength: LONG_TEXT_MAX, required: true },
  {
    name: 'medicalUrgency',
    labelKey: 'request.medical.medicalUrgency',
    kind: 'select',
    options: ['life_threatening', 'within_days', 'within_weeks', 'not_urgent'],
    required: true,
  },
  { name: 'currentTreatment', labelKey: 'request.medical.currentTreatment', kind: 'textarea', maxLength: DETAILS_MAX, required: false },
] as const satisfies readonly FieldDescriptor[];

const PSYCHOLOGICAL_FIELDS = [
  {
    name: 'preferredContact',
    labelKey: 'request.psychological.preferredContact',
    kind: 'select',
    options: ['signal', 'telegram', 'whatsapp', 'phone', 'email', 'video_call', 'in_person'],
    required: true,
  },
  // Only when sessions should be in another language than the one chosen for the case.
  { name: 'sessionLanguage', labelKey: 'request.psychological.sessionLanguage', kind: 'select', options: REQUEST_LANGUAGES, required: false },
  { name: 'availability', labelKey: 'request.psychological.availability', kind: 'text', maxLength: 200, required: false },
] as const satisfies readonly FieldDescriptor[];

/** Every field of each form, in display order: the type's own questions, then the common ones. */
export const REQUEST_FORM_FIELDS = {
  psychological: [...PSYCHOLOGICAL_FIELDS, ...COMMON_REQUEST_FIELDS],
  legal: [...LEGAL_FIELDS, ...COMMON_REQUEST_FIELDS],
  medical: [...MEDICAL_FIELDS, ...COMMON_REQUEST_FIELDS],
  relocation: [...RELOCATION_FIELDS, ...COMMON_REQUEST_FIELDS],
} as const satisfies Record<RequestType, readonly FieldDescriptor[]>;

function requestSchema<const T extends RequestType, const Fs extends readonly FieldDescriptor[]>(type: T, fields: Fs) {
  return z.strictObject({ type: z.literal(type), ...formShape(fields) });
}

export const psychologicalRequestSchema = requestSchema('psychological', REQUEST_FORM_FIELDS.psychological);
export const legalRequestSchema = requestSchema('legal', REQUEST_FORM_FIELDS.legal);
export const medicalRequestSchema = requestSchema('medical', REQUEST_FORM_FIELDS.medical);
export const relocationRequestSchema = requestSchema('relocation', REQUEST_FORM_FIELDS.relocation);

/** Any request form, told apart by `type`. */
export const requestFormSchema = z.discriminatedUnion('type', [
  psychologicalRequestSchema,
  legalRequestSchema,
  medicalRequestSchema,
  relocationRequestSchema,
]);

export type PsychologicalRequest = z.infer<typeof psychologicalRequestSchema>;
export type LegalRequest = z.infer<typeof legalRequestSchema>;
export type MedicalRequest = z.infer<typeof medicalRequestSchema>;
export type RelocationRequest = z.infer<typeof relocationRequestSchema>;
export type RequestForm = z.infer<typeof requestFormSchema>;

export const REQUEST_FORM_SCHEMAS = {
  psychological: psychologicalRequestSchema,
  legal: legalRequestSchema,
  medical: medicalRequestSchema,
  relocation: relocationRequestSchema,
} as const satisfies Record<RequestType, z.ZodType>;

/** Fields of the form for `type`, for rendering. */
export function requestFormFields(type: RequestType): readonly FieldDescriptor[] {
  return REQUEST_FORM_FIELDS[type];
}

/** What the browser sends in clear beside the encrypted form, and what routing reads. */
export interface RequestRoutingFacts {
  readonly type: RequestType;
  readonly country: CountryCode;
  readonly language: string;
}

export function requestRoutingFacts(form: RequestForm): RequestRoutingFacts {
  return { type: form.type, country: form.country, language: form.preferredLanguage };
}

/**
 * A request sent through the form that works without JavaScript (Tor Browser at "Safest",
 * docs/portal.md "Safest level"): the kind of help, the country, the preferred language, one
 * free text and optional contact details — the common fields of every form, without the
 * kind's own questions, which a page without JavaScript does not ask. `channel` says how it
 * arrived: the server, not the requester's browser, encrypted it (docs/decisions.md "No
 * JavaScript"). Staff read it like any other request; the fields it lacks are simply absent.
 */
export const NO_SCRIPT_CHANNEL = 'no-script' as const;
export const noScriptRequestSchema = z.strictObject({
  type: z.enum(REQUEST_TYPES),
  channel: z.literal(NO_SCRIPT_CHANNEL),
  ...formShape(COMMON_REQUEST_FIELDS),
});
export type NoScriptRequest = z.infer<typeof noScriptRequestSchema>;

/** What a request record may hold: a form of its kind, or a request sent without JavaScript. */
export const anyRequestFormSchema = z.union([requestFormSchema, noScriptRequestSchema]);
export type AnyRequestForm = z.infer<typeof anyRequestFormSchema>;
