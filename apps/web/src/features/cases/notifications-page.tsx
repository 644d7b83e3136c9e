/**
 * In-app notifications (`/staff/console/notifications`): newest first, a page at a time, each
 * with the case it is about and "Mark as read". They never carry case content — only that a
 * first response is late on a case, which the person then opens like any other.
 */
import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
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
const notificationTitle = (item: StaffNotificationView): string => ct(`notifications.kind.${item.kind}`);

const PAGE = 50;

export function NotificationsPage() {
  const id = useId();
  const { t } = useTranslation('console');
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
      setStatus(t('notifications.marked'));
      return queryClient.invalidateQueries({ queryKey: caseQueryKeys.unreadCount() });
    },
  });
  const failed = mark.error ?? list.error;
  const problem = failed ? describeFailure(failed) : null;

  if (!session) return null;
  return (
    <>
      <h1>{t('layout.notifications')}</h1>
      <div className="field field--check">
        <input id={`${id}-unread`} type="checkbox" checked={onlyUnread} onChange={(e) => {
            setStatus(null);
            mark.reset();
            setOnlyUnread(e.target.checked);
          }} />
        <label htmlFor={`${id}-unread`}>{t('notifications.onlyUnread')}</label>
      </div>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      <p className="message" role="status">
        {status ?? (items === null ? t('notifications.loading') : items.length === 0 ? (onlyUnread ? t('notifications.noneUnread') : t('notifications.none')) : '')}
      </p>
      {items && items.length > 0 && (
        <ul className="notifications" aria-label={t('layout.notifications')}>
          {items.map((item) => (
            <li key={item.id} className={item.readAt ? 'notifications__item' : 'notifications__item notifications__item--unread'}>
              <span className="notifications__text">
                {!item.readAt && <span className="badge badge--pending">{t('notifications.unread')}</span>}
                <strong>{notificationTitle(item)}</strong>
                {item.caseId ? (
                  <>
                    {' '}
                    {t('notifications.on')} <Link to={`/staff/cases/${item.caseId}`}>{t('notifications.case', { handle: caseHandle(item.caseId) })}</Link>
                  </>
                ) : null}
                {item.grantId ? (
                  <>
                    {' '}
                    {t('notifications.on')} <Link to={`/staff/console/grants/${item.grantId}`}>{t('notifications.grant', { handle: caseHandle(item.grantId) })}</Link>
                  </>
                ) : null}
                <span className="field__hint"> · {formatTime(item.createdAt)}</span>
              </span>
              {!item.readAt && (
                <button type="button" className="button button--secondary" onClick={() => mark.mutate(item)}>
                  {t('notifications.markRead')}
                  <span className="visually-hidden">
                    {' '}
                    ({notificationTitle(item).toLowerCase()}
                    {item.caseId ? ` ${t('notifications.on')} ${t('notifications.case', { handle: caseHandle(item.caseId) })}` : ''}
                    {item.grantId ? ` ${t('notifications.on')} ${t('notifications.grant', { handle: caseHandle(item.grantId) })}` : ''})
                  </span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="button button--secondary" onClick={() => void list.fetchNextPage()}>
          {t('notifications.older')}
        </button>
      )}
      <EmailPanel />
    </>
  );
}

/** Where the person's notification e-mails go (their own address only); e-mails never say which case. */
function EmailPanel() {
  const id = useId();
  const { t } = useTranslation('console');
  const loaded = useQuery({ queryKey: caseQueryKeys.emailSettings(), queryFn: () => emailSettings() });
  const settings = loaded.data ?? null;
  // What the person typed; until then, the address on record.
  const [typed, setDraft] = useState<string | null>(null);
  const draft = typed ?? settings?.email ?? '';
  const { run, busy, message: outcome } = usePageAction();
  const message = outcome ?? (loaded.isError ? { kind: 'error' as const, text: describeFailure(loaded.error) } : null);

  function save(email: string | null) {
    void run(async () => {
      if (email === '') throw new Refusal(t('email.empty'));
      await setNotificationEmail(email);
      setDraft(email ?? '');
      return email ? t('email.saved', { email }) : t('email.stopped');
    }, [caseQueryKeys.emailSettings()]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save(draft.trim());
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('email.title')}</h2>
      <p className="field__hint">
        {t('email.hint')}
      </p>
      {settings && !settings.mailEnabled && <p className="message">{t('email.off')}</p>}
      {settings && (
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('email.address')}</label>
            <input id={`${id}-email`} type="email" autoComplete="email" maxLength={254} value={draft} onChange={(e) => setDraft(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              {t('email.save')}
            </button>
            {settings.email && (
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void save(null)}>
                {t('email.stop')}
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
