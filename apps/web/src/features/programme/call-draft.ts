/**
 * The call editor's model (docs/calls.md): what the form holds while a programme manager writes a
 * call (every input as typed, one text per UI language, the form's fields with a stable key each),
 * turned into the api's CallInput and back from a CallView; the form's field operations (add,
 * remove, move); Programme home's counts and days to the deadline; and the api's refusals sorted
 * by the field they name. Pure functions, so the pages and their tests agree.
 */
import {
  CALL_PHASES,
  type CallFormField,
  type CallInput,
  type CallKind,
  type CallListItem,
  type CallPhase,
  type CallTransition,
  type CallView,
  type CountryCode,
  UI_LANGUAGES,
  type UiLanguage,
  callEditable,
  callTransition,
} from '@ashar/domain';

/** The kinds of field a call's form may have (contracts/calls.ts). */
export const FIELD_KINDS = ['text', 'textarea', 'select', 'date', 'number', 'boolean'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export type PerLanguage = Record<UiLanguage, string>;

export interface DraftText {
  title: string;
  description: string;
  eligibility: string;
}

export interface DraftOption {
  key: string;
  value: string;
  labels: PerLanguage;
}

export interface DraftField {
  /** The editor's own key for React and moves; never sent. */
  key: string;
  name: string;
  kind: FieldKind;
  required: boolean;
  labels: PerLanguage;
  /** As typed (text and textarea). */
  maxLength: string;
  /** As typed (number). */
  min: string;
  max: string;
  options: DraftOption[];
}

export interface DraftQuota {
  key: string;
  country: CountryCode | '';
  places: string;
}

export interface CallDraft {
  kind: CallKind;
  texts: Record<UiLanguage, DraftText>;
  form: DraftField[];
  quotaTotal: string;
  perCountry: DraftQuota[];
  timeZone: string;
  opensLocal: string;
  closesLocal: string;
  decisionOn: string;
  notifyOn: string;
}

const blankPerLanguage = (): PerLanguage => Object.fromEntries(UI_LANGUAGES.map((l) => [l, ''])) as PerLanguage;
const blankText = (): DraftText => ({ title: '', description: '', eligibility: '' });

let keys = 0;
/** A key unique within this page's life. */
export const nextKey = (prefix: string): string => `${prefix}-${++keys}`;

export function emptyDraft(): CallDraft {
  return {
    kind: 'fellowship',
    texts: Object.fromEntries(UI_LANGUAGES.map((l) => [l, blankText()])) as Record<UiLanguage, DraftText>,
    form: [],
    quotaTotal: '',
    perCountry: [],
    timeZone: 'Asia/Almaty',
    opensLocal: '',
    closesLocal: '',
    decisionOn: '',
    notifyOn: '',
  };
}

function perLanguageOf(labels: Partial<Record<UiLanguage, string>>): PerLanguage {
  const out = blankPerLanguage();
  for (const l of UI_LANGUAGES) out[l] = labels[l] ?? '';
  return out;
}

/** The local time as the editor shows it: a stored midnight close stays "00:00" of the next day, as the api keeps it. */
export function draftOf(call: CallView): CallDraft {
  const draft = emptyDraft();
  for (const l of UI_LANGUAGES) {
    const text = call.texts[l];
    if (text) draft.texts[l] = { ...text };
  }
  draft.kind = call.kind;
  draft.form = call.form.map((f) => ({
    key: nextKey('field'),
    name: f.name,
    kind: f.kind,
    required: f.required,
    labels: perLanguageOf(f.label),
    maxLength: f.kind === 'text' || f.kind === 'textarea' ? String(f.maxLength) : '',
    min: f.kind === 'number' ? String(f.min) : '',
    max: f.kind === 'number' ? String(f.max) : '',
    options: f.kind === 'select' ? f.options.map((o) => ({ key: nextKey('option'), value: o.value, labels: perLanguageOf(o.label) })) : [],
  }));
  draft.quotaTotal = call.quotas.total === null ? '' : String(call.quotas.total);
  draft.perCountry = Object.entries(call.quotas.perCountry).map(([country, places]) => ({ key: nextKey('quota'), country: country as CountryCode, places: String(places) }));
  draft.timeZone = call.timeZone;
  draft.opensLocal = call.opens.local;
  draft.closesLocal = call.closes.local;
  draft.decisionOn = call.decisionOn ?? '';
  draft.notifyOn = call.notifyOn ?? '';
  return draft;
}

/** A number as typed; NaN for anything that is not an integer, so the api's bounds refuse it with a path. */
function integer(typed: string): number {
  const trimmed = typed.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Labels with English always (the api requires it) and the other languages only where written. */
function labelsOf(labels: PerLanguage): CallFormField['label'] {
  const out: Record<string, string> = { en: labels.en };
  for (const l of UI_LANGUAGES) if (l !== 'en' && labels[l].trim() !== '') out[l] = labels[l];
  return out as CallFormField['label'];
}

function fieldOf(f: DraftField): CallFormField {
  const base = { name: f.name, label: labelsOf(f.labels), required: f.required };
  switch (f.kind) {
    case 'text':
    case 'textarea':
      return { ...base, kind: f.kind, maxLength: integer(f.maxLength) };
    case 'select':
      return { ...base, kind: 'select', options: f.options.map((o) => ({ value: o.value, label: labelsOf(o.labels) })) };
    case 'number':
      return { ...base, kind: 'number', min: integer(f.min), max: integer(f.max) };
    case 'date':
    case 'boolean':
      return { ...base, kind: f.kind };
  }
}

/** A language the call is written in: English always, another once any of its three texts is written. */
export function writtenIn(text: DraftText): boolean {
  return text.title.trim() !== '' || text.description.trim() !== '' || text.eligibility.trim() !== '';
}

/** What the api is sent: the whole call (create and every edit). */
export function inputOf(draft: CallDraft): CallInput {
  const texts: Record<string, DraftText> = { en: draft.texts.en };
  for (const l of UI_LANGUAGES) if (l !== 'en' && writtenIn(draft.texts[l])) texts[l] = draft.texts[l];
  const perCountry: Record<string, number> = {};
  for (const q of draft.perCountry) if (q.country !== '') perCountry[q.country] = integer(q.places);
  return {
    kind: draft.kind,
    texts: texts as CallInput['texts'],
    form: draft.form.map(fieldOf),
    quotas: { total: draft.quotaTotal.trim() === '' ? null : integer(draft.quotaTotal), perCountry },
    timeZone: draft.timeZone,
    opensLocal: draft.opensLocal.trim(),
    closesLocal: draft.closesLocal.trim(),
    decisionOn: draft.decisionOn.trim() === '' ? null : draft.decisionOn.trim(),
    notifyOn: draft.notifyOn.trim() === '' ? null : draft.notifyOn.trim(),
  };
}

/** A new field of `kind`, named after its place (`field3`), with a select's first option. */
export function newField(kind: FieldKind, form: readonly DraftField[]): DraftField {
  const taken = new Set(form.map((f) => f.name));
  let n = form.length + 1;
  while (taken.has(`field${n}`)) n += 1;
  return {
    key: nextKey('field'),
    name: `field${n}`,
    kind,
    required: false,
    labels: blankPerLanguage(),
    maxLength: kind === 'textarea' ? '5000' : '200',
    min: '0',
    max: '100',
    options: kind === 'select' ? [newOption([])] : [],
  };
}

export function newOption(options: readonly DraftOption[]): DraftOption {
  const taken = new Set(options.map((o) => o.value));
  let n = options.length + 1;
  while (taken.has(`option${n}`)) n += 1;
  return { key: nextKey('option'), value: `option${n}`, labels: blankPerLanguage() };
}

/** The list with the item at `index` moved by `by` places (-1 up, +1 down); unchanged at the ends. */
export function moved<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const out = [...items];
  const [item] = out.splice(index, 1) as [T];
  out.splice(to, 0, item);
  return out;
}

/** How many calls are in each phase (every phase listed, zeros too, in lifecycle order). */
export function countsByPhase(calls: readonly Pick<CallListItem, 'phase'>[]): { phase: CallPhase; count: number }[] {
  return CALL_PHASES.map((phase) => ({ phase, count: calls.filter((c) => c.phase === phase).length }));
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Whole days left until the closing instant, counted up (a deadline 3 hours away is 1 day away,
 * one 48 hours away is 2); null once it has passed. The instant is the api's (no time-zone
 * library in the web).
 */
export function daysToDeadline(closesInstant: string, now: Date): number | null {
  const left = Date.parse(closesInstant) - now.getTime();
  if (Number.isNaN(left) || left <= 0) return null;
  return Math.ceil(left / DAY_MS);
}

/** The transitions a call's phase allows now (libs/domain `callTransition`), in the order the buttons show. */
export function allowedTransitions(call: Pick<CallView, 'status' | 'opens' | 'closes'>, now: Date): CallTransition[] {
  const timing = { status: call.status, opensAt: call.opens.instant, closesAt: call.closes.instant };
  return (['publish', 'close', 'decide', 'archive'] as const).filter((t) => {
    try {
      callTransition(timing, t, now);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether the api would take an edit of the call now (a draft, or before its deadline). */
export function editableNow(call: Pick<CallView, 'status' | 'opens' | 'closes'>, now: Date): boolean {
  return callEditable({ status: call.status, opensAt: call.opens.instant, closesAt: call.closes.instant }, now);
}

/** Every path of the api's refusals the editor has a place for, given what the draft holds. */
export function editorPaths(draft: CallDraft): string[] {
  const paths = ['kind', 'form', 'quotas.total', 'quotas.perCountry', 'timeZone', 'opensLocal', 'closesLocal', 'decisionOn', 'notifyOn'];
  for (const l of UI_LANGUAGES) paths.push(`texts.${l}`, `texts.${l}.title`, `texts.${l}.description`, `texts.${l}.eligibility`);
  draft.form.forEach((f, i) => {
    const at = `form.${i}`;
    paths.push(at, `${at}.name`, ...UI_LANGUAGES.map((l) => `${at}.label.${l}`));
    if (f.kind === 'text' || f.kind === 'textarea') paths.push(`${at}.maxLength`);
    if (f.kind === 'number') paths.push(`${at}.min`, `${at}.max`);
    if (f.kind === 'select') {
      paths.push(`${at}.options`);
      f.options.forEach((_, j) => paths.push(`${at}.options.${j}.value`, ...UI_LANGUAGES.map((l) => `${at}.options.${j}.label.${l}`)));
    }
  });
  for (const q of draft.perCountry) if (q.country !== '') paths.push(`quotas.perCountry.${q.country}`);
  return paths;
}

/** A refusal as the editor shows it: the api's words, next to the field named when there is one. */
export interface EditorProblems {
  /** Field path (`texts.en.title`, `form.0.label.en`, `timeZone`) → the api's words. */
  readonly fields: Readonly<Record<string, string>>;
  /** What names no field, or a field the editor does not show. */
  readonly general: string | null;
}

interface ProblemLike {
  readonly code: string;
  readonly message: string;
  readonly problem: { readonly detail?: string; readonly title?: string; readonly errors?: readonly { path: string; message?: string }[]; readonly hint?: unknown } | null;
}

/** The codes whose problem is about one field though it carries no path. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = { 'unknown-time-zone': 'timeZone' };

/**
 * The api's refusal sorted by field: validation errors by their path, a zone's refusal (with its
 * hint) at the zone, the local-time refusals at the field the api names; anything else general.
 * `shown` says which paths the editor has a place for (others go to the general message).
 */
export function editorProblems(error: ProblemLike, shown: (path: string) => boolean): EditorProblems {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  const words = error.message;
  const errors = error.problem?.errors ?? [];
  if (errors.length > 0) {
    for (const e of errors) {
      const text = e.message && e.message !== '' ? e.message : words;
      if (shown(e.path)) fields[e.path] = fields[e.path] ? `${fields[e.path]} ${text}` : text;
      else rest.push(`${e.path}: ${text}`);
    }
  } else {
    const path = FIELD_OF_CODE[error.code];
    if (path && shown(path)) fields[path] = words;
    else rest.push(words);
  }
  if (errors.length === 0) return { fields, general: rest.length > 0 ? rest.join(' ') : null };
  if (rest.length > 0) return { fields, general: [words, ...rest].join(' ') };
  // Every error placed: the overall words once more on top, unless they are what the fields say.
  return { fields, general: Object.values(fields).every((v) => v === words) ? null : words };
}

export { UI_LANGUAGES };
