/**
 * In-app notifications (`/staff/console/notifications`): newest first, a page at a time, each
 * with the case it is about and "Mark as read". They never carry case content — only that a
 * first response is late on a case, which the person then opens like any other.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { type StaffNotificationView } from '@ashar/domain';
import { type NotificationPage, emailSettings, markNotificationRead, notifications, setNotificationEmail } from '../../api/cases';
import { describeFailure } from '../../data/describe-failure';
import { Refusal } from '../../data/refusal';
import { usePageAction } from '../../data/use-page-action';
import { useIdentity } from '../identity';
import { formatTime } from '../../ui/format-time';
import { caseHandle } from './case-labels';
import { caseQueryKeys } from './case-queries';

/** What a notification says (it carries a kind and an id, never content). */
const notificationTitle = (item: StaffNotificationView): string => (item.kind === 'grant_report_overdue' ? 'Grant report overdue' : 'First response late');

const PAGE = 50;

export function NotificationsPage() {
  const id = useId();
  const { session } = useIdentity();
  const queryClient = useQueryClient();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const listKey = caseQueryKeys.notificationList(onlyUnread);
  const list = useInfiniteQuery({
    queryKey: listKey,
    queryFn: ({ pageParam }) => notifications({ unread: onlyUnread, before: pageParam ?? undefined, limit: PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
  });
  const items = list.data ? list.data.pages.flatMap((page) => page.items) : null;
  const next = list.hasNextPage && list.data ? list.data.pages[list.data.pages.length - 1]?.next : null;

  // The list changes here without being read again; the console's unread count is asked again.
  const mark = useMutation({
    mutationFn: (item: StaffNotificationView) => markNotificationRead(item.id),
    onMutate: () => setStatus(null),
    onSuccess: (_done, item) => {
      const readAt = new Date().toISOString();
      queryClient.setQueryData<InfiniteData<NotificationPage, string | null>>(listKey, (data) =>
        data && {
          ...data,
          pages: data.pages.map((page) => ({ ...page, items: onlyUnread ? page.items.filter((n) => n.id !== item.id) : page.items.map((n) => (n.id === item.id ? { ...n, readAt } : n)) })),
        },
      );
      setStatus('Marked as read.');
      return queryClient.invalidateQueries({ queryKey: caseQueryKeys.unreadCount() });
    },
  });
  const failed = mark.error ?? list.error;
  const problem = failed ? describeFailure(failed) : null;

  if (!session) return null;
  return (
    <>
      <h1>Notifications</h1>
      <div className="field field--check">
        <input id={`${id}-unread`} type="checkbox" checked={onlyUnread} onChange={(e) => {
            setStatus(null);
            mark.reset();
            setOnlyUnread(e.target.checked);
          }} />
        <label htmlFor={`${id}-unread`}>Only unread</label>
      </div>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      <p className="message" role="status">
        {status ?? (items === null ? 'Loading notifications…' : items.length === 0 ? (onlyUnread ? 'No unread notifications.' : 'No notifications.') : '')}
      </p>
      {items && items.length > 0 && (
        <ul className="notifications" aria-label="Notifications">
          {items.map((item) => (
            <li key={item.id} className={item.readAt ? 'notifications__item' : 'notifications__item notifications__item--unread'}>
              <span className="notifications__text">
                {!item.readAt && <span className="badge badge--pending">Unread</span>}
                <strong>{notificationTitle(item)}</strong>
                {item.caseId ? (
                  <>
                    {' '}
                    on <Link to={`/staff/cases/${item.caseId}`}>case {caseHandle(item.caseId)}</Link>
                  </>
                ) : null}
                {item.grantId ? (
                  <>
                    {' '}
                    on <Link to={`/staff/console/grants/${item.grantId}`}>grant {caseHandle(item.grantId)}</Link>
                  </>
                ) : null}
                <span className="field__hint"> · {formatTime(item.createdAt)}</span>
              </span>
              {!item.readAt && (
                <button type="button" className="button button--secondary" onClick={() => mark.mutate(item)}>
                  Mark as read
                  <span className="visually-hidden">
                    {' '}
                    ({notificationTitle(item).toLowerCase()}
                    {item.caseId ? ` on case ${caseHandle(item.caseId)}` : ''}
                    {item.grantId ? ` on grant ${caseHandle(item.grantId)}` : ''})
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="button button--secondary" onClick={() => void list.fetchNextPage()}>
          Older notifications
        </button>
      )}
      <EmailPanel />
    </>
  );
}

/** Where the person's notification e-mails go (their own address only); e-mails never say which case. */
function EmailPanel() {
  const id = useId();
  const loaded = useQuery({ queryKey: caseQueryKeys.emailSettings(), queryFn: () => emailSettings() });
  const settings = loaded.data ?? null;
  // What the person typed; until then, the address on record.
  const [typed, setDraft] = useState<string | null>(null);
  const draft = typed ?? settings?.email ?? '';
  const { run, busy, message: outcome } = usePageAction();
  const message = outcome ?? (loaded.isError ? { kind: 'error' as const, text: describeFailure(loaded.error) } : null);

  function save(email: string | null) {
    void run(async () => {
      if (email === '') throw new Refusal('Enter an e-mail address, or remove the one you gave.');
      await setNotificationEmail(email);
      setDraft(email ?? '');
      return email ? `Notifications will be e-mailed to ${email}.` : 'No notification e-mails will be sent to you.';
    }, [caseQueryKeys.emailSettings()]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save(draft.trim());
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>E-mail notifications</h2>
      <p className="field__hint">
        An e-mail says only that a case on your desk needs attention, with a link to this console: never which case or anything about it. E-mail leaves unencrypted,
        so give an address only you read.
      </p>
      {settings && !settings.mailEnabled && <p className="message">This installation does not send e-mail at present; an address you give is kept for when it does.</p>}
      {settings && (
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-email`}>Your e-mail address</label>
            <input id={`${id}-email`} type="email" autoComplete="email" maxLength={254} value={draft} onChange={(e) => setDraft(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              Save address
            </button>
            {settings.email && (
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void save(null)}>
                Stop e-mails
              </button>
            )}
          </div>
        </form>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
