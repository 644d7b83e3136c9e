/**
 * The unread count shown in the console's navigation: asked again when the person moves to
 * another screen and when a notification is marked read — no polling, so an unattended tab
 * does not keep its session alive.
 */
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { notifications } from '../../api/cases';

const CHANGED = 'ashar:notifications-changed';
const COUNT_LIMIT = 100;

/** Tells the console's count that notifications changed (one was marked read). */
export function notificationsChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** "3", "100+", or null while unknown (or when the api did not answer). */
export function useUnreadCount(enabled: boolean): string | null {
  const { pathname } = useLocation();
  const [count, setCount] = useState<string | null>(null);
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    const onChange = () => setChanges((n) => n + 1);
    window.addEventListener(CHANGED, onChange);
    return () => window.removeEventListener(CHANGED, onChange);
  }, []);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    notifications({ unread: true, limit: COUNT_LIMIT }).then(
      (page) => {
        if (live) setCount(page.next ? `${COUNT_LIMIT}+` : String(page.items.length));
      },
      () => {
        if (live) setCount(null);
      },
    );
    return () => {
      live = false;
    };
  }, [enabled, pathname, changes]);

  return enabled ? count : null;
}
