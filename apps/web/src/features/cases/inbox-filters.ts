/**
 * The triage inbox's filters, kept in the page's address (`?desk=…&status=new,triaged`) so that
 * going back from a case returns to the same view. They are clear facts (desk ids and words of
 * libs/domain), never case content. Unknown words are dropped, not sent.
 */
import { CASE_STATUSES, REQUEST_TYPES, URGENCIES, type CaseStatus, type RequestType, type Urgency } from '@ashar/domain';
import { type InboxQuery } from '../../api/cases';
import { TYPE_LABELS } from '../../request-values/names';
import { ct, translatedLabels } from '../../ui/console-t';
import { STATUS_LABELS, URGENCY_LABELS } from './case-labels';

/** "Due" choices: symbolic, turned into an instant when the page asks the api. */
export const DUE_CHOICES = ['any', 'overdue', '4h', '24h', '72h'] as const;
export type DueChoice = (typeof DUE_CHOICES)[number];

export const DUE_LABELS: Readonly<Record<DueChoice, string>> = translatedLabels('inbox.due', DUE_CHOICES);

const DUE_HOURS: Readonly<Record<Exclude<DueChoice, 'any'>, number>> = { overdue: 0, '4h': 4, '24h': 24, '72h': 72 };

/** Page sizes offered; the api allows 1-100 (INBOX_PAGE_MAX) and defaults to 25. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
const DEFAULT_PAGE_SIZE: PageSize = 25;

/** The desk whose inbox is shown, or the cases assigned to the person across desks. */
export const ASSIGNED_TO_ME = 'mine';

export interface InboxFilters {
  /** A desk id, ASSIGNED_TO_ME, or '' for the person's first desk. */
  readonly desk: string;
  readonly statuses: readonly CaseStatus[];
  readonly urgencies: readonly Urgency[];
  readonly types: readonly RequestType[];
  readonly due: DueChoice;
  readonly sort: 'due' | 'created';
  readonly pageSize: PageSize;
}

function listParam<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] {
  const words = (params.get(name) ?? '').split(',');
  return allowed.filter((value) => words.includes(value));
}

export function filtersFrom(params: URLSearchParams): InboxFilters {
  const due = params.get('due');
  return {
    desk: params.get('desk') ?? '',
    statuses: listParam(params, 'status', CASE_STATUSES),
    urgencies: listParam(params, 'urgency', URGENCIES),
    types: listParam(params, 'type', REQUEST_TYPES),
    due: (DUE_CHOICES as readonly string[]).includes(due ?? '') ? (due as DueChoice) : 'any',
    sort: params.get('sort') === 'created' ? 'created' : 'due',
    pageSize: PAGE_SIZES.find((size) => String(size) === params.get('per')) ?? DEFAULT_PAGE_SIZE,
  };
}

export function filtersToParams(filters: InboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.desk) params.set('desk', filters.desk);
  if (filters.statuses.length) params.set('status', filters.statuses.join(','));
  if (filters.urgencies.length) params.set('urgency', filters.urgencies.join(','));
  if (filters.types.length) params.set('type', filters.types.join(','));
  if (filters.due !== 'any') params.set('due', filters.due);
  if (filters.sort !== 'due') params.set('sort', filters.sort);
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params.set('per', String(filters.pageSize));
  return params;
}

/** The api query for one page of the inbox of `deskId` (or the person's assigned cases). */
export function inboxQuery(filters: InboxFilters, deskId: string, after: string | undefined, now: number): InboxQuery {
  return {
    ...(deskId === ASSIGNED_TO_ME ? { assignee: 'me' as const } : { deskId }),
    statuses: filters.statuses,
    urgencies: filters.urgencies,
    types: filters.types,
    ...(filters.due === 'any' ? {} : { dueBefore: new Date(now + DUE_HOURS[filters.due] * 3_600_000).toISOString() }),
    sort: filters.sort,
    limit: filters.pageSize,
    ...(after ? { after } : {}),
  };
}

/** Toggles one word in a list, keeping the domain's order. */
export function toggled<T extends string>(list: readonly T[], value: T, on: boolean, order: readonly T[]): T[] {
  return order.filter((v) => (v === value ? on : list.includes(v)));
}

/** One line of what the folded filters hold ("Urgency: Critical, High · First response due: Already due"), or that there are none. */
export function filterSummary(filters: InboxFilters): string {
  const parts: string[] = [];
  const list = <T extends string>(label: string, values: readonly T[], labels: Readonly<Record<T, string>>) => {
    if (values.length > 0) parts.push(ct('inbox.filterPart', { label, values: values.map((v) => labels[v]).join(', ') }));
  };
  list(ct('inbox.urgency'), filters.urgencies, URGENCY_LABELS);
  list(ct('staff.status'), filters.statuses, STATUS_LABELS);
  list(ct('inbox.type'), filters.types, TYPE_LABELS);
  if (filters.due !== 'any') parts.push(ct('inbox.filterPart', { label: ct('inbox.due.label'), values: DUE_LABELS[filters.due] }));
  return parts.length === 0 ? ct('inbox.noFilters') : parts.join(' · ');
}
