/**
 * The signed-in person's pseudonym (issue 16): the only name requesters see of them, on every
 * requester-facing page; colleagues keep seeing their real name. Set at enrolment or here,
 * changed or removed here (PUT /api/v1/staff/me/pseudonym; nobody sets another's). Checked with
 * libs/domain's schema before it is sent, so a problem is named at the field.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { setOwnPseudonym } from '../../api/identity';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { checkPseudonym, PseudonymField, PSEUDONYM_MAX_LENGTH } from '../identity';
import { consoleQueryKeys, pseudonymQuery } from './console-queries';

export function PseudonymPanel() {
  const id = useId();
  const { t } = useTranslation('console');
  const loaded = useQuery(pseudonymQuery());
  const current = loaded.data;
  // What the person is typing; null: nothing since the last save, the field shows the saved pseudonym.
  const [draft, setDraft] = useState<string | null>(null);
  const typed = draft ?? current ?? '';
  const [problem, setProblem] = useState<string | null>(null);
  const { run, busy, message: outcome, clear } = usePageAction();
  const refresh = [consoleQueryKeys.pseudonym()];

  async function save(event: FormEvent) {
    event.preventDefault();
    clear();
    const checked = checkPseudonym(typed);
    if (!checked.ok) {
      setProblem(t(`pseudonym.${checked.problem}`, { max: PSEUDONYM_MAX_LENGTH }));
      return;
    }
    setProblem(null);
    await run(async () => {
      await setOwnPseudonym(checked.pseudonym);
      setDraft(null);
      return t('pseudonym.saved', { pseudonym: checked.pseudonym });
    }, refresh);
  }

  async function remove() {
    clear();
    setProblem(null);
    await run(async () => {
      await setOwnPseudonym(null);
      setDraft(null);
      return t('pseudonym.removed');
    }, refresh);
  }

  const message = outcome ?? (loaded.isError ? { kind: 'error' as const, text: describeFailure(loaded.error) } : null);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('pseudonym.title')}</h2>
      {current === undefined ? (
        !loaded.isError && <p className="message">{t('common.loading')}</p>
      ) : (
        <>
          <p>
            {current === null ? t('pseudonym.none') : <Trans t={t} i18nKey="pseudonym.current" values={{ pseudonym: current }} components={{ strong: <strong /> }} />}
          </p>
          <form className="form" onSubmit={(e) => void save(e)} noValidate>
            <PseudonymField id={id} value={typed} onChange={setDraft} hint={t('pseudonym.settingsHint', { max: PSEUDONYM_MAX_LENGTH })} problem={problem} />
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {t('pseudonym.save')}
              </button>
              {current !== null && (
                <button type="button" className="button button--secondary" onClick={() => void remove()} disabled={busy}>
                  {t('pseudonym.remove')}
                </button>
              )}
            </div>
          </form>
        </>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'message message--ok' : 'message message--error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
