/**
 * Calls for applications (issue 17; domain.md, "Calls and fellowships"; docs/calls.md): the kinds,
 * the lifecycle, the phase a call is in at a given instant, and the rules a call's data must keep.
 * The shapes on the wire are contracts/calls.ts.
 *
 * Lifecycle (the stored status):
 *
 *   draft → published → closed → decided → archived
 *   draft → archived                     (a draft dropped)
 *   published → decided                  (once its deadline has passed)
 *
 * `published` is not a phase anybody sees: what a published call is depends on the clock
 * (`callPhase`): `upcoming` before it opens, `open` from its opening instant, `closed` from its
 * closing instant on (applications are refused from that instant: `assertCallOpen`). `close`
 * stores `closed` before the deadline (a call stopped early).
 *
 * Error contract: the functions here throw DomainError (CallError codes) and nothing else.
 */
import { CallError, DomainError } from './errors';
import { type CountryCode } from './countries';
import { type UiLanguage } from './ui-languages';

export const CALL_KINDS = ['fellowship', 'organisation_grants', 'media_grants', 'training'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CALL_STATUSES = ['draft', 'published', 'closed', 'decided', 'archived'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** What a call is at an instant: the stored status with `published` resolved by the clock. */
export const CALL_PHASES = ['draft', 'upcoming', 'open', 'closed', 'decided', 'archived'] as const;
export type CallPhase = (typeof CALL_PHASES)[number];

/** Statuses the public sees (a call page, the list of calls): never a draft, never an archived call. */
export const PUBLIC_CALL_STATUSES = ['published', 'closed', 'decided'] as const satisfies readonly CallStatus[];

export const CALL_TRANSITIONS = ['publish', 'close', 'decide', 'archive'] as const;
export type CallTransition = (typeof CALL_TRANSITIONS)[number];

/** The facts of a call the lifecycle and the deadline guard read. */
export interface CallTiming {
  readonly status: CallStatus;
  /** Instants, ISO 8601 (`ZonedMoment.instant`). */
  readonly opensAt: string;
  readonly closesAt: string;
}

/** The phase of a call at `now`. Open is [opensAt, closesAt): at the closing instant itself the call is closed. */
export function callPhase(call: CallTiming, now: Date): CallPhase {
  if (call.status !== 'published') return call.status;
  const t = now.getTime();
  if (t < Date.parse(call.opensAt)) return 'upcoming';
  if (t < Date.parse(call.closesAt)) return 'open';
  return 'closed';
}

/**
 * The deadline guard: throws `call-closed` from the closing instant on (or once the call was
 * closed, decided or archived) and `call-not-open` before it opens or while it is a draft. Every
 * route that takes an application (or an edit, a withdrawal, a referee's letter) asks it with the
 * api's clock.
 */
export function assertCallOpen(call: CallTiming & { readonly id?: string }, now: Date): void {
  const phase = callPhase(call, now);
  if (phase === 'open') return;
  const details = call.id ? { callId: call.id } : {};
  if (phase === 'draft' || phase === 'upcoming') throw new DomainError(CallError.CallNotOpen, 'This call does not take applications yet', details);
  throw new DomainError(CallError.CallClosed, 'This call’s deadline has passed: applications are no longer taken', details);
}

/**
 * The status a transition leads to from the call's phase at `now`, or `call-state` when the
 * lifecycle has no such move:
 * - publish: a draft whose deadline is still ahead;
 * - close: a published call before its deadline (stopped early);
 * - decide: a call whose applications are in (closed, by the clock or early);
 * - archive: a decided call, or a draft dropped.
 */
export function callTransition(call: CallTiming, transition: CallTransition, now: Date): CallStatus {
  const phase = callPhase(call, now);
  const refuse = (why: string): never => {
    throw new DomainError(CallError.CallState, why, { transition, phase });
  };
  switch (transition) {
    case 'publish':
      if (phase !== 'draft') return refuse('Only a draft is published');
      if (now.getTime() >= Date.parse(call.closesAt)) return refuse('The call’s deadline has already passed: set a later one before publishing');
      return 'published';
    case 'close':
      if (phase !== 'upcoming' && phase !== 'open') return refuse('Only a published call before its deadline is closed');
      return 'closed';
    case 'decide':
      if (phase !== 'closed') return refuse('A call is decided once it is closed');
      return 'decided';
    case 'archive':
      if (phase !== 'decided' && phase !== 'draft') return refuse('Only a decided call or a draft is archived');
      return 'archived';
  }
}

/** Whether the call's content may still change: drafts, and published calls before their deadline (a deadline may be extended). */
export function callEditable(call: CallTiming, now: Date): boolean {
  const phase = callPhase(call, now);
  return phase === 'draft' || phase === 'upcoming' || phase === 'open';
}

/** Texts of a call in one language. */
export interface CallText {
  readonly title: string;
  readonly description: string;
  readonly eligibility: string;
}

/** A call's texts by UI language; English is always there (the fallback of every other language). */
export type CallTexts = { readonly en: CallText } & Partial<Readonly<Record<Exclude<UiLanguage, 'en'>, CallText>>>;

/** The texts of `call` to show a reader of `lang`: their language if the call has it, else English. */
export function callTextFor(texts: CallTexts, lang: UiLanguage): { text: CallText; lang: UiLanguage } {
  const own = texts[lang];
  return own ? { text: own, lang } : { text: texts.en, lang: 'en' };
}

/** How many applicants a call accepts: in total, and at most per country (null: no limit). */
export interface CallQuotas {
  readonly total: number | null;
  readonly perCountry: Partial<Readonly<Record<CountryCode, number>>>;
}

/** Why the quotas contradict themselves, or null: no country's quota is above the total. */
export function quotaProblem(quotas: CallQuotas): string | null {
  if (quotas.total === null) return null;
  for (const [country, n] of Object.entries(quotas.perCountry)) {
    if (n !== undefined && n > quotas.total) return `The quota for ${country} (${n}) is above the total (${quotas.total})`;
  }
  return null;
}

/**
 * Whether accepting one more applicant from `country` stays within the quotas, given how many
 * are accepted already in total and per country (the ranking and the decisions will ask it).
 */
export function withinQuotas(quotas: CallQuotas, accepted: { total: number; perCountry: Partial<Record<string, number>> }, country: string): boolean {
  if (quotas.total !== null && accepted.total + 1 > quotas.total) return false;
  const cap = (quotas.perCountry as Partial<Record<string, number>>)[country];
  return cap === undefined || (accepted.perCountry[country] ?? 0) + 1 <= cap;
}
