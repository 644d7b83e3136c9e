/**
 * The triage inbox (`/staff/cases`): the cases of one of the person's desks — or those assigned
 * to them — filtered by urgency, status, type and first-response due time, a page at a time
 * with the api's keyset cursor. Keyboard first: j/k (or ↓/↑ inside the table) move between
 * cases, Enter opens the focused one. Each row shows what a caseworker needs to choose (issue
 * 16): the requester's subject line (opened in the crypto worker, inbox-subjects.ts), type,
 * country, urgency, status, due, age, last requester activity, assignee, and a marker of requester
 * activity the person has not seen. Without a desk in the address the inbox opens on the desk
 * with the most urgent open work (libs/domain mostUrgentDesk). The filters fold away.
 */
import { Trans, useTranslation } from 'react-i18next';
import { ct } from '../../ui/console-t';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent as ReactKeyboardEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CASE_STATUSES, REQUEST_TYPES, URGENCIES, type InboxItem, mostUrgentDesk } from '@ashar/domain';
import { inboxDesks } from '../../api/cases';
import { keyRevocations } from '../../api/identity';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { useIdentity, createStaffDirectory } from '../identity';
import { describeFailure } from '../../data/describe-failure';
import { useOwnDesks } from '../desks';
import { STATUS_LABELS, URGENCY_LABELS, caseHandle, relativeTo } from './case-labels';
import { TYPE_LABELS, countryName } from '../../request-values/names';
import { formatTime } from '../../ui/format-time';
import { ASSIGNED_TO_ME, DUE_CHOICES, DUE_LABELS, PAGE_SIZES, type DueChoice, type InboxFilters, filterSummary, filtersFrom, filtersToParams, toggled } from './inbox-filters';
import { caseQueryKeys, inboxPageQuery } from './case-queries';
import { type SubjectState, openInboxSubjects } from './inbox-subjects';

/** Wide enough for the filters to stay open when the page opens (the console's two-column width). */
const WIDE = '(min-width: 60em)';

export function InboxPage() {
  const id = useId();
  const { t } = useTranslation('console');
  const { session, unlocked } = useIdentity();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  /** Cursors of the pages before the current one; the last is the current page's `after`. */
  const [cursors, setCursors] = useState<string[]>([]);
  const tableRef = useRef<HTMLTableElement>(null);
  /** Set by "Next page" / "Previous page": the focus goes to the new page's first case. */
  const focusFirst = useRef(false);
  const directory = useMemo(() => createStaffDirectory(), []);
  /** The filters start open on a wide screen, folded on a narrow one. */
  const [filtersOpen, setFiltersOpen] = useState(() => typeof window.matchMedia !== 'function' || window.matchMedia(WIDE).matches);

  // The person's desks as the api sees them now (memberships change while signed in).
  const { desks, problem: desksProblem } = useOwnDesks('member');

  // Without a desk in the address: the desk with the most urgent open work (asked once per visit).
  const chooseDesk = filters.desk === '' || (filters.desk !== ASSIGNED_TO_ME && desks !== null && !desks.some((d) => d.id === filters.desk));
  const loadsQuery = useQuery({ queryKey: [...caseQueryKeys.all, 'inbox-desks'], queryFn: () => inboxDesks(), enabled: chooseDesk && desks !== null && desks.length > 1 });

  const deskId = useMemo(() => {
    if (desks === null) return null;
    if (filters.desk === ASSIGNED_TO_ME || desks.some((d) => d.id === filters.desk)) return filters.desk;
    if (desks.length > 1 && loadsQuery.isPending) return null;
    const loads = loadsQuery.data?.desks ?? [];
    // Ties keep the order of the person's desk list.
    const ordered = desks.flatMap((d) => loads.filter((l) => l.deskId === d.id));
    return mostUrgentDesk(ordered) ?? desks[0]?.id ?? ASSIGNED_TO_ME;
  }, [desks, filters.desk, loadsQuery.isPending, loadsQuery.data]);
  const after = cursors[cursors.length - 1];
  // The desk chosen for a person of several desks goes into the address: it stays while they work
  // (the counts change as they open cases) and Back from a case returns to it.
  useEffect(() => {
    if (filters.desk !== '' || deskId === null || desks === null || desks.length < 2) return;
    setParams(filtersToParams({ ...filters, desk: deskId }), { replace: true });
  }, [filters, deskId, desks, setParams]);

  const pageQuery = useQuery({ ...inboxPageQuery(deskId ?? '', filters, after), enabled: deskId !== null });
  const page = pageQuery.data ?? null;
  const problem = desksProblem ?? (pageQuery.isError ? describeFailure(pageQuery.error) : null);

  // The subject lines of the page, opened in the crypto worker (only their text comes back).
  const items = useMemo(() => page?.data.items ?? [], [page]);
  const subjectIds = items.map((c) => `${c.id}:${c.subject === null ? 0 : 1}`).join(',');
  const subjectsQuery = useQuery({
    queryKey: [...caseQueryKeys.all, 'inbox-subjects', unlocked?.userId ?? '', subjectIds],
    queryFn: async () => {
      const me = unlocked?.userId;
      if (!me || !ROOT_PUBLIC_KEY) throw new Error('locked');
      return openInboxSubjects(items, { root: ROOT_PUBLIC_KEY, me, directory, revocations: await keyRevocations() });
    },
    enabled: items.length > 0 && unlocked !== null,
    staleTime: Infinity,
    retry: false,
  });
  const subjectOf = (c: InboxItem): SubjectState => {
    if (c.subject === null) return { state: 'none' };
    if (subjectsQuery.isError) return { state: 'failed' };
    return subjectsQuery.data?.get(c.id) ?? { state: 'opening' };
  };

  useEffect(() => {
    if (!page || !focusFirst.current) return;
    focusFirst.current = false;
    tableRef.current?.querySelector<HTMLAnchorElement>('a[data-case-link]')?.focus();
  }, [page]);

  const change = useCallback(
    (next: Partial<InboxFilters>) => {
      setCursors([]);
      // flushSync: a filter checkbox flips at once instead of waiting for a transition.
      setParams(filtersToParams({ ...filters, ...next }), { replace: true, flushSync: true });
    },
    [filters, setParams],
  );

  // j / k anywhere outside a form field; the arrows, Home and End inside the table.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('input, select, textarea, [contenteditable="true"]')) return;
      if (event.key === 'j') moveFocus(tableRef.current, 1, event);
      else if (event.key === 'k') moveFocus(tableRef.current, -1, event);
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function onTableKey(event: ReactKeyboardEvent<HTMLTableElement>) {
    const moves: Record<string, number | 'first' | 'last'> = { ArrowDown: 1, ArrowUp: -1, Home: 'first', End: 'last' };
    const move = moves[event.key];
    if (move !== undefined && !event.altKey && !event.ctrlKey && !event.metaKey) moveFocus(tableRef.current, move, event.nativeEvent);
  }

  if (!session || !unlocked) return null;
  const deskName = deskId === ASSIGNED_TO_ME ? null : (desks?.find((d) => d.id === deskId)?.name ?? null);
  const title = deskName ? t('inbox.deskTitle', { desk: deskName }) : t('inbox.assignedTitle');

  return (
    <>
      <h1>{t('layout.cases')}</h1>
      <p className="field__hint" id={`${id}-keys`}>
        <Trans t={t} i18nKey="inbox.keyboard" components={{ kbd: <kbd /> }} />
      </p>

      <form className="inbox-filters" role="search" aria-label={t('inbox.filterLabel')} onSubmit={(e) => e.preventDefault()}>
        <div className="field field--inline">
          <label htmlFor={`${id}-desk`}>{t('inbox.inbox')}</label>
          <select id={`${id}-desk`} value={deskId ?? ''} onChange={(e) => change({ desk: e.target.value })} disabled={desks === null}>
            {desks?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
            <option value={ASSIGNED_TO_ME}>{t('inbox.assignedToMe')}</option>
          </select>
        </div>
        <details className="inbox-filters__fold" open={filtersOpen} onToggle={(e) => setFiltersOpen(e.currentTarget.open)}>
          <summary className="inbox-filters__summary">
            <span className="inbox-filters__summary-title">{t('inbox.filters')}</span> <span className="field__hint">{filterSummary(filters)}</span>
          </summary>
          <CheckboxGroup legend={t('inbox.urgency')} name={`${id}-urgency`} options={URGENCIES} labels={URGENCY_LABELS} selected={filters.urgencies} onChange={(value, on) => change({ urgencies: toggled(filters.urgencies, value, on, URGENCIES) })} />
          <CheckboxGroup legend={t('staff.status')} name={`${id}-status`} options={CASE_STATUSES.filter((s) => s !== 'purged')} labels={STATUS_LABELS} selected={filters.statuses} onChange={(value, on) => change({ statuses: toggled(filters.statuses, value, on, CASE_STATUSES) })} />
          <CheckboxGroup legend={t('inbox.type')} name={`${id}-type`} options={REQUEST_TYPES} labels={TYPE_LABELS} selected={filters.types} onChange={(value, on) => change({ types: toggled(filters.types, value, on, REQUEST_TYPES) })} />
          <div className="inbox-filters__row">
            <div className="field field--inline">
              <label htmlFor={`${id}-due`}>{t('inbox.due.label')}</label>
              <select id={`${id}-due`} value={filters.due} onChange={(e) => change({ due: e.target.value as DueChoice })}>
                {DUE_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {DUE_LABELS[choice]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field--inline">
              <label htmlFor={`${id}-sort`}>{t('routing.order')}</label>
              <select id={`${id}-sort`} value={filters.sort} onChange={(e) => change({ sort: e.target.value === 'created' ? 'created' : 'due' })}>
                <option value="due">{t('inbox.sortDue')}</option>
                <option value="created">{t('inbox.sortCreated')}</option>
              </select>
            </div>
            <div className="field field--inline">
              <label htmlFor={`${id}-per`}>{t('inbox.perPage')}</label>
              <select id={`${id}-per`} value={filters.pageSize} onChange={(e) => change({ pageSize: PAGE_SIZES.find((size) => String(size) === e.target.value) ?? filters.pageSize })}>
                {PAGE_SIZES.map((size) => (
                  <option key={size} value={size}>
                    {size}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </details>
      </form>

      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}

      <h2 id={`${id}-title`}>{title}</h2>
      <p className="message" role="status">
        {page === null ? t('inbox.loading') : items.length === 0 ? t('inbox.none') : t('inbox.pageCount', { page: cursors.length + 1, count: items.length })}
      </p>
      {items.length > 0 && page && (
        <div className="table-scroll">
          <table className="table inbox" aria-labelledby={`${id}-title`} aria-describedby={`${id}-keys`} ref={tableRef} onKeyDown={onTableKey}>
            <thead>
              <tr>
                <th scope="col">{t('inbox.case')}</th>
                <th scope="col">{t('inbox.type')}</th>
                <th scope="col">{t('inbox.country')}</th>
                <th scope="col">{t('inbox.urgency')}</th>
                <th scope="col">{t('staff.status')}</th>
                <th scope="col">{t('inbox.due.label')}</th>
                <th scope="col">{t('inbox.lastActivity')}</th>
                <th scope="col">{t('inbox.assignee')}</th>
                <th scope="col">{t('inbox.opened')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <InboxRow key={c.id} item={c} now={page.loadedAt} subject={subjectOf(c)} assignee={assigneeLabel(c, session.staff.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="actions actions--spaced" aria-label={t('inbox.pages')}>
        {cursors.length > 0 && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              focusFirst.current = true;
              setCursors((c) => c.slice(0, -1));
            }}
          >
            {t('inbox.previous')}
          </button>
        )}
        {page?.data.next && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              const next = page.data.next;
              if (!next) return;
              focusFirst.current = true;
              setCursors((c) => [...c, next]);
            }}
          >
            {t('inbox.next')}
          </button>
        )}
      </nav>
    </>
  );
}

function assigneeLabel(c: InboxItem, me: string): string {
  if (c.assigneeId === null) return ct('inbox.unassigned');
  if (c.assigneeId === me) return ct('inbox.you');
  return c.assigneeName ?? ct('inbox.noLongerEnrolled');
}

function SubjectLine({ subject }: { subject: SubjectState }) {
  const { t } = useTranslation('console');
  switch (subject.state) {
    case 'open':
      return <span className="inbox__subject">{subject.text}</span>;
    case 'none':
      return <span className="inbox__subject inbox__subject--muted">{t('inbox.noSubject')}</span>;
    case 'opening':
      return <span className="inbox__subject inbox__subject--muted">{t('inbox.subjectOpening')}</span>;
    default:
      return <span className="inbox__subject inbox__subject--muted">{t('inbox.subjectFailed')}</span>;
  }
}

function InboxRow({ item: c, now, subject, assignee }: { item: InboxItem; now: number; subject: SubjectState; assignee: string }) {
  const { t } = useTranslation('console');
  const unanswered = !c.firstRespondedAt;
  const overdue = unanswered && new Date(c.firstResponseDueAt).getTime() <= now && c.closedAt === null;
  const classes = ['inbox__row', c.breached ? 'inbox__row--breached' : '', c.unread ? 'inbox__row--unread' : ''].filter(Boolean).join(' ');
  return (
    <tr className={classes}>
      <th scope="row">
        <div className="inbox__case">
          {c.unread && (
            <span className="inbox__unread" data-unread="">
              <span className="inbox__dot" aria-hidden="true" />
              <span className="visually-hidden">{t('inbox.unread')}</span>
            </span>
          )}
          <Link to={`/staff/cases/${c.id}`} data-case-link="" className="inbox__link">
            {t('inbox.caseHandle', { handle: caseHandle(c.id) })}
          </Link>
        </div>
        <SubjectLine subject={subject} />
      </th>
      <td>{TYPE_LABELS[c.requestType]}</td>
      <td>{countryName(c.country)}</td>
      <td>
        <span className={`urgency urgency--${c.urgency}`}>{URGENCY_LABELS[c.urgency]}</span>
      </td>
      <td>{STATUS_LABELS[c.status]}</td>
      <td>
        {c.breached && <span className="badge badge--bad">{t('inbox.breached')}</span>}
        {overdue && !c.breached && <span className="badge badge--bad">{t('inbox.overdue')}</span>}
        <span className={overdue ? 'inbox__due inbox__due--overdue' : 'inbox__due'}>{formatTime(c.firstResponseDueAt)}</span>
        {unanswered ? <span className="field__hint"> ({relativeTo(c.firstResponseDueAt, now)})</span> : <span className="field__hint"> ({t('inbox.answered')})</span>}
      </td>
      <td>
        {formatTime(c.lastActivityAt)} <span className="field__hint">({relativeTo(c.lastActivityAt, now)})</span>
      </td>
      <td>{assignee}</td>
      <td>
        {formatTime(c.createdAt)} <span className="field__hint">({relativeTo(c.createdAt, now)})</span>
      </td>
    </tr>
  );
}

function CheckboxGroup<T extends string>({
  legend,
  name,
  options,
  labels,
  selected,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Readonly<Record<T, string>>;
  selected: readonly T[];
  onChange: (value: T, on: boolean) => void;
}) {
  const { t } = useTranslation('console');
  return (
    <fieldset className="field checkbox-group">
      <legend>
        {legend} <span className="field__hint">{selected.length === 0 ? t('inbox.all') : ''}</span>
      </legend>
      <div className="checkbox-group__options">
        {options.map((option) => (
          <label key={option} className="checkbox-group__option">
            <input type="checkbox" name={name} value={option} checked={selected.includes(option)} onChange={(e) => onChange(option, e.target.checked)} /> {labels[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Moves the focus between the case links of the table: by one, or to the first or last. */
function moveFocus(table: HTMLTableElement | null, move: number | 'first' | 'last', event: KeyboardEvent): void {
  if (!table) return;
  const links = [...table.querySelectorAll<HTMLAnchorElement>('a[data-case-link]')];
  if (links.length === 0) return;
  const active = document.activeElement;
  const current = links.findIndex((link) => link === active || (active !== null && link.closest('tr')?.contains(active)));
  let next: number;
  if (move === 'first') next = 0;
  else if (move === 'last') next = links.length - 1;
  else if (current === -1) next = move > 0 ? 0 : links.length - 1;
  else next = Math.min(links.length - 1, Math.max(0, current + move));
  event.preventDefault();
  links[next]?.focus();
}
