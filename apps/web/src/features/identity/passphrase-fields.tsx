import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent } from 'react';

export const PASSPHRASE_MIN_LENGTH = 12;
const PASSPHRASE_MAX_LENGTH = 1024;

/** Problems with a new passphrase, or null when it may be used. */
export function passphraseProblem(passphrase: string, repeated: string): string | null {
  const length = [...passphrase.normalize('NFC')].length;
  if (length < PASSPHRASE_MIN_LENGTH) return ct('passphrase.tooShort', { count: PASSPHRASE_MIN_LENGTH });
  if (length > PASSPHRASE_MAX_LENGTH) return ct('passphrase.tooLong', { count: PASSPHRASE_MAX_LENGTH });
  if (passphrase !== repeated) return ct('passphrase.differ');
  return null;
}

/** A form that asks for a new passphrase twice and hands it over once both agree. */
export function NewPassphraseForm({ busy, onSubmit, submitLabel }: { busy: boolean; onSubmit(passphrase: string): void; submitLabel: string }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [passphrase, setPassphrase] = useState('');
  const [repeated, setRepeated] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = passphraseProblem(passphrase, repeated);
    setProblem(found);
    if (!found) onSubmit(passphrase);
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-new`}>{t('passphrase.new')}</label>
        <input
          id={`${id}-new`}
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-describedby={`${id}-hint`}
          aria-invalid={problem !== null}
          required
        />
        <p id={`${id}-hint`} className="field__hint">
          {t('passphrase.hint', { count: PASSPHRASE_MIN_LENGTH })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-repeat`}>{t('passphrase.repeat')}</label>
        <input
          id={`${id}-repeat`}
          type="password"
          autoComplete="new-password"
          value={repeated}
          onChange={(e) => setRepeated(e.target.value)}
          aria-invalid={problem !== null}
          required
        />
      </div>
      {problem && (
        <p className="message message--error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
