import { useEffect } from 'react';

/** The api ends a session after 30 idle minutes; the console locks the keys on the same clock. */
export const IDLE_LIMIT_MS = 30 * 60 * 1000;
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once nobody has touched the page for IDLE_LIMIT_MS while `active`, so an
 * unattended console does not keep unlocked keys in memory after the api forgot the session.
 */
export function useIdleSignOut(active: boolean, onIdle: () => void): void {
  useEffect(() => {
    if (!active) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const event of EVENTS) window.addEventListener(event, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= IDLE_LIMIT_MS) onIdle();
    }, 30_000);
    return () => {
      for (const event of EVENTS) window.removeEventListener(event, touch);
      window.clearInterval(timer);
    };
  }, [active, onIdle]);
}
