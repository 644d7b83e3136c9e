/**
 * The receipt code shown once after sending (an aid request, an application to a call), shared
 * by the request page and the application page.
 */
import { useRef, useState } from 'react';
import { usePortalWords } from './words';

/**
 * The receipt code, whole at any width: a read-only text box that wraps between its groups
 * (never clipped, never scrolled sideways), and a Copy button. Copying uses the Clipboard API;
 * where that is missing or refused, the code is selected instead so the device's own copy
 * command takes it. What happened is said in a status that screen readers announce.
 */
export function ReceiptCode({ code }: { code: string }) {
  const { t } = usePortalWords();
  const box = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState<'' | 'copied' | 'selected'>('');
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
      setStatus('copied');
    } catch {
      box.current?.focus();
      box.current?.select();
      setStatus('selected');
    }
  };
  return (
    <div className="field receipt-code-field">
      <label htmlFor="receipt-code">{t('sent.codeLabel')}</label>
      <textarea
        ref={box}
        id="receipt-code"
        className="receipt-code"
        readOnly
        rows={2}
        value={code}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="characters"
        onFocus={(e) => e.target.select()}
      />
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {t('sent.copy')}
        </button>
        <p className="receipt-code__status" role="status">
          {status === '' ? '' : t(`sent.${status}`)}
        </p>
      </div>
    </div>
  );
}
