/**
 * What the routing screen derives from the api's answers, with libs/domain's own rules: a form
 * draft and the `RoutingRule` it stands for (checked with `routingRuleSchema`, refusals in
 * words), the words of a rule, rules that can never apply, and where a request goes
 * (`routeRequest`, as the portal and the api route).
 */
import { formatNumber } from '../../ui/format-time';
import { ct } from '../../ui/console-t';
import {
  type FieldDescriptor,
  type RequestType,
  type RoutingInput,
  type RoutingRule,
  type RoutingRuleView,
  type SelectFieldDescriptor,
  COMMON_REQUEST_FIELDS,
  COUNTRY_CODES,
  REQUEST_LANGUAGES,
  REQUEST_TYPES,
  ROUTING_PRIORITY_MAX,
  languageMatches,
  routeRequest,
  routingRuleSchema,
} from '@ashar/domain';
import { type DeskDirectoryEntry } from '../../api/desks';
import { countryName, languageName, typeLabel } from '../../request-values/names';
import { orderedOptions } from '../../request-values/option-order';

/** A wildcard criterion, as the screen shows it. */
export const ANY = 'any';

/** The form's values, as typed: '' is "any" for the criteria and "not chosen" for the desk. */
export interface RuleDraft {
  readonly priority: string;
  readonly requestType: '' | RequestType;
  readonly country: string;
  readonly language: string;
  readonly deskSlug: string;
}

export type DraftField = keyof RuleDraft;
/** The form's fields, in the order the form shows them. */
export const DRAFT_FIELDS: readonly DraftField[] = ['priority', 'requestType', 'country', 'language', 'deskSlug'];
export type DraftErrors = Partial<Record<DraftField, string>>;

/** A rule field's label in the console's language (console `routing.fields.*`). */
export const fieldLabel = (field: DraftField): string => ct(`routing.fields.${field}`);

/** What is wrong with a field, in the console's language (console `routing.errors.*`). */
const fieldError = (field: DraftField): string => ct(`routing.errors.${field}`, { max: formatNumber(ROUTING_PRIORITY_MAX) });

/** Spacing of the priorities the form suggests, so that a rule fits between two later. */
export const PRIORITY_STEP = 10;

export function emptyDraft(rules: readonly RoutingRuleView[]): RuleDraft {
  const last = rules.reduce((max, r) => Math.max(max, r.priority), 0);
  return { priority: String(Math.min(last + PRIORITY_STEP, ROUTING_PRIORITY_MAX)), requestType: '', country: '', language: '', deskSlug: '' };
}

export function draftOf(rule: RoutingRuleView): RuleDraft {
  return { priority: String(rule.priority), requestType: rule.requestType ?? '', country: rule.country ?? '', language: rule.language ?? '', deskSlug: rule.deskSlug };
}

/** The rule a draft stands for, or what is wrong with it, field by field (nothing is sent then). */
export function ruleOf(draft: RuleDraft): { rule: RoutingRule } | { errors: DraftErrors } {
  const priority = draft.priority.trim();
  const candidate = {
    priority: /^\d{1,7}$/.test(priority) ? Number(priority) : Number.NaN,
    deskSlug: draft.deskSlug,
    ...(draft.requestType ? { requestType: draft.requestType } : {}),
    ...(draft.country ? { country: draft.country } : {}),
    ...(draft.language ? { language: draft.language } : {}),
  };
  const parsed = routingRuleSchema.safeParse(candidate);
  if (parsed.success) return { rule: parsed.data };
  const errors: DraftErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (DRAFT_FIELDS as readonly string[]).includes(field)) errors[field as DraftField] = fieldError(field as DraftField);
  }
  if (Object.keys(errors).length === 0) errors.priority = fieldError('priority');
  return { errors };
}

/** The rules as the domain reads them, as the portal takes them: one it could not have written is left out. */
function validRules(views: readonly RoutingRuleView[]): { view: RoutingRuleView; rule: RoutingRule }[] {
  return views.flatMap((view) => {
    const { id: _id, ...rule } = view;
    const parsed = routingRuleSchema.safeParse(rule);
    return parsed.success ? [{ view, rule: parsed.data }] : [];
  });
}

export interface Routed {
  readonly deskSlug: string;
  /** 1-based place of the deciding rule in the list, or null when the type's own desk applied. */
  readonly ruleNumber: number | null;
}

/** Where a request goes, by libs/domain's `routeRequest` over the saved rules, as the portal routes it. */
export function routeFor(views: readonly RoutingRuleView[], input: RoutingInput): Routed {
  const usable = validRules(views);
  const decision = routeRequest(
    usable.map((u) => u.rule),
    input,
  );
  const decided = usable.find((u) => u.rule === decision.rule);
  return { deskSlug: decision.deskSlug, ruleNumber: decided ? views.indexOf(decided.view) + 1 : null };
}

/**
 * The 1-based number of an earlier rule that matches every request `rules[index]` matches, so
 * that this one never decides anything; null when it can.
 */
export function shadowedBy(rules: readonly RoutingRuleView[], index: number): number | null {
  const rule = rules[index];
  if (!rule) return null;
  for (let earlier = 0; earlier < index; earlier += 1) {
    const e = rules[earlier] as RoutingRuleView;
    const typeCovers = e.requestType === undefined || e.requestType === rule.requestType;
    const countryCovers = e.country === undefined || e.country === rule.country;
    const languageCovers = e.language === undefined || (rule.language !== undefined && languageMatches(e.language, rule.language));
    if (typeCovers && countryCovers && languageCovers) return earlier + 1;
  }
  return null;
}

export const typeWords = (type: RequestType | undefined) => (type ? typeLabel(type) : ct('routing.any'));
export const countryWords = (country: string | undefined) => (country ? countryName(country) : ct('routing.any'));
export const languageWords = (language: string | undefined) => (language ? languageName(language) : ct('routing.any'));

/** The directory's name of a desk, or its slug when no desk has it. */
export function deskName(desks: readonly DeskDirectoryEntry[], slug: string): string {
  return desks.find((d) => d.slug === slug)?.name ?? slug;
}

/** "Medical requests about Kyrgyzstan (KG) in any language, to Legal aid". */
export function ruleWords(rule: RoutingRule, desks: readonly DeskDirectoryEntry[]): string {
  const type = rule.requestType ? ct('routing.words.type', { type: typeLabel(rule.requestType) }) : ct('routing.words.anyType');
  const country = rule.country ? ct('routing.words.country', { country: countryName(rule.country) }) : ct('routing.words.anyCountry');
  const language = rule.language ? ct('routing.words.language', { language: languageName(rule.language) }) : ct('routing.words.anyLanguage');
  return ct('routing.words.rule', { type, country, language, desk: deskName(desks, rule.deskSlug) });
}

export const REQUEST_TYPE_CHOICES: readonly RequestType[] = REQUEST_TYPES;
export const LANGUAGE_CHOICES: readonly string[] = REQUEST_LANGUAGES;

const countryField = (COMMON_REQUEST_FIELDS as readonly FieldDescriptor[]).find((f): f is SelectFieldDescriptor => f.name === 'country' && f.kind === 'select');

/** Countries as the request form offers them: the region's first, then the others by name. */
export const COUNTRY_CHOICES: { readonly near: readonly string[]; readonly rest: readonly string[] } = countryField
  ? orderedOptions(countryField)
  : { near: [], rest: [...COUNTRY_CODES] };
