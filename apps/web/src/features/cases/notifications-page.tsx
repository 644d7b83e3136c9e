/**
 * In-app notifications (`/staff/console/notifications`): newest first, a page at a time, each
 * with the case it is about and "Mark as read". They never carry case content — only that a
 * first response is late on a case, which the person then opens like any other.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { type StaffNotificationView } from '@ashar/domain';
import { type EmailSettings, emailSettings, markNotificationRead, notifications, setNotificationEmail } from '../../api/cases';
import { useIdentity } from '../identity/identity-context';
import { useFailure } from '../identity/use-failure';
import { caseHandle, formatTime } from './case-labels';
import { notificationsChanged } from './unread-notifications';

const PAGE = 50;

export function NotificationsPage() {
  const id = useId();
  const { session } = useIdentity();
  const failure = useFailure();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [items, setItems] = useState<StaffNotificationView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    notifications({ unread: onlyUnread, limit: PAGE }).then(
      (page) => {
        if (!live) return;
        setProblem(null);
        setItems(page.items);
        setNext(page.next);
      },
      (e: unknown) => {
        if (live) setProblem(failure(e));
      },
    );
    return () => {
      live = false;
    };
  }, [onlyUnread, failure]);

  async function older(before: string) {
    try {
      const page = await notifications({ unread: onlyUnread, before, limit: PAGE });
      setItems((current) => [...(current ?? []), ...page.items]);
      setNext(page.next);
    } catch (e) {
      setProblem(failure(e));
    }
  }

  async function markRead(item: StaffNotificationView) {
    setStatus(null);
    try {
      await markNotificationRead(item.id);
      const readAt = new Date().toISOString();
      setItems((current) => (onlyUnread ? (current ?? []).filter((n) => n.id !== item.id) : (current ?? []).map((n) => (n.id === item.id ? { ...n, readAt } : n))));
      setStatus('Marked as read.');
      notificationsChanged();
    } catch (e) {
      setProblem(failure(e));
    }
  }

  if (!session) return null;
  return (
    <>
      <h1>Notifications</h1>
      <div className="field field--check">
        <input id={`${id}-unread`} type="checkbox" checked={onlyUnread} onChange={(e) => {
            setItems(null);
            setStatus(null);
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
                <strong>First response late</strong>
                {item.caseId ? (
                  <>
                    {' '}
                    on <Link to={`/staff/cases/${item.caseId}`}>case {caseHandle(item.caseId)}</Link>
                  </>
                ) : null}
                <span className="field__hint"> · {formatTime(item.createdAt)}</span>
              </span>
              {!item.readAt && (
                <button type="button" className="button button--secondary" onClick={() => void markRead(item)}>
                  Mark as read<span className="visually-hidden"> (first response late{item.caseId ? ` on case ${caseHandle(item.caseId)}` : ''})</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="button button--secondary" onClick={() => void older(next)}>
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
  const failure = useFailure();
  const [settings, setSettings] = useState<EmailSettings | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    emailSettings().then(
      (found) => {
        if (!live) return;
        setSettings(found);
        setDraft(found.email ?? '');
      },
      (e: unknown) => {
        if (live) setMessage({ kind: 'error', text: failure(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [failure]);

  async function save(email: string | null) {
    setBusy(true);
    setMessage(null);
    try {
      await setNotificationEmail(email);
      setSettings((s) => (s ? { ...s, email } : s));
      setDraft(email ?? '');
      setMessage({ kind: 'ok', text: email ? `Notifications will be e-mailed to ${email}.` : 'No notification e-mails will be sent to you.' });
    } catch (e) {
      setMessage({ kind: 'error', text: failure(e) });
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const email = draft.trim();
    if (email === '') {
      setMessage({ kind: 'error', text: 'Enter an e-mail address, or remove the one you gave.' });
      return;
    }
    void save(email);
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
