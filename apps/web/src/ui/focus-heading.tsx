import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A section heading that takes the focus when it appears, so that keyboard and screen-reader
 * users land on each new step of a flow instead of on a button that just disappeared.
 */
export function FocusHeading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h2 id={id} ref={ref} tabIndex={-1} className="focus-target">
      {children}
    </h2>
  );
}
