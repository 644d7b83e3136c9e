/**
 * The applicant's follow-up (docs/calls.md "Applications"): signed in with their receipt code
 * (the requester sign-in of the follow-up page), an applicant reads their application decrypted
 * in the crypto worker, with the list of the versions they sent; until the call's deadline they
 * may send a new version (their answers edited, the old version kept) or withdraw it, after a
 * confirmation. After the deadline, or once withdrawn, the page says it can no longer change.
 * The follow-up page loads this (a chunk of the call pages) only when the receipt has an application.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PublicCallView, type RequesterApplicationView, callTextFor } from '@ashar/domain';
import { getPublicCall } from '../../api/calls';
import { isApiError } from '../../api/client';
import { type OpenedApplication } from '../../crypto/requester-worker-api';
import { useFormat } from '../../i18n';
import { FocusHeading } from '../../ui/focus-heading';
import { type Words, signInWithHeldKeys, usePortalWords, words } from '../portal';
import { applicationRefusal, loadOwnApplication, sendNewVersion, withdrawOwnApplication } from './apply';
import { ApplicationAnswers, ApplicationFormStep } from './application-form';
import { type ApplicationDraft, draftOf } from './application-model';
import { deadlineInCallZone } from './deadline';

export interface LoadedApplication {
  readonly view: RequesterApplicationView;
  readonly opened: OpenedApplication;
  /** The call's public page data; null when it is no longer published (archived). */
  readonly call: PublicCallView | null;
}

/** The signed-in applicant's application, opened, with its call; null when the receipt has no application. */
export async function loadApplicationFollowUp(): Promise<LoadedApplication | null> {
  const own = await loadOwnApplication();
  if (!own) return null;
  let call: PublicCallView | null = null;
  try {
    call = await getPublicCall(own.view.application.callId);
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
  }
  return { ...own, call };
}

type Mode = { readonly name: 'read' } | { readonly name: 'edit'; readonly draft: ApplicationDraft } | { readonly name: 'withdraw' };

export function ApplicationFollowUp({ kid, loaded, onLeave }: { kid: string; loaded: LoadedApplication; onLeave: () => void }) {
  const { t } = useTranslation('calls');
  const { t: portal, say } = usePortalWords();
  const format = useFormat();
  const language = format.language;
  const [data, setData] = useState(loaded);
  const [mode, setMode] = useState<Mode>({ name: 'read' });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; words: Words } | null>(null);
  const { view, opened, call } = data;
  const facts = view.application;
  const form = call?.form ?? [];
  const withdrawn = facts.status === 'withdrawn';
  const changeable = !withdrawn && call?.phase === 'open';

  /** Runs `action`, signing in again with the held keys once if the session ended. */
  const withSession = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        if (!isApiError(error, 401)) throw error;
        await signInWithHeldKeys(kid);
        return action();
      }
    },
    [kid],
  );

  const reload = async () => {
    const next = await withSession(loadApplicationFollowUp);
    if (next) setData(next);
  };

  const act = async (action: () => Promise<unknown>, done: Words) => {
    setBusy(true);
    setNotice(null);
    try {
      await withSession(action);
      await reload();
      setMode({ name: 'read' });
      setNotice({ ok: true, words: done });
    } catch (error) {
      setNotice({ ok: false, words: applicationRefusal(error) });
      // The deadline may have passed meanwhile: the page shows what the api says now.
      await reload().catch(() => undefined);
    } finally {
      setBusy(false);
    }
  };

  const title = call ? callTextFor(call.texts, language) : null;
  const noticeLine = notice ? (
    <p className={notice.ok ? 'message message--ok' : 'message message--error'} role={notice.ok ? 'status' : 'alert'}>
      {say(notice.words)}
    </p>
  ) : null;

  if (mode.name === 'edit' && call) {
    return (
      <section aria-labelledby="application-edit">
        <FocusHeading id="application-edit">{t('application.editTitle')}</FocusHeading>
        <p>{t('application.editIntro')}</p>
        {noticeLine}
        <ApplicationFormStep
          form={form}
          draft={mode.draft}
          onDraft={(draft) => setMode({ name: 'edit', draft })}
          revision
          busy={busy}
          submitLabel={t('application.sendVersion')}
          secondary={{ label: t('application.cancelEdit'), onClick: () => setMode({ name: 'read' }) }}
          onChecked={(checked) => void act(() => sendNewVersion(facts.callId, facts.version + 1, checked.content), words('calls:application.versionSent'))}
        />
      </section>
    );
  }

  return (
    <section aria-labelledby="application-title">
      <FocusHeading id="application-title">{t('application.title')}</FocusHeading>
      {noticeLine}
      <dl className="answers">
        <div className="answers__row">
          <dt>{t('application.call')}</dt>
          <dd lang={title?.lang}>{title ? title.text.title : t('application.callGone')}</dd>
        </div>
        <div className="answers__row">
          <dt>{t('application.status')}</dt>
          <dd data-testid="application-status">
            <strong>{t(`application.status.${facts.status}`)}</strong>
          </dd>
        </div>
      </dl>
      {call && changeable ? (
        <p data-testid="application-deadline">{t('application.deadline', { when: deadlineInCallZone(call.closes, language), zone: call.closes.timeZone })}</p>
      ) : !withdrawn ? (
        <p className="notice" data-testid="application-closed">
          {t('application.closed')}
        </p>
      ) : null}

      <h2>{t('application.latest', { n: format.number(opened.version) })}</h2>
      <ApplicationAnswers form={form} content={opened.content} facts={facts} />

      <h2>{t('application.versions')}</h2>
      <ol className="facts" data-testid="application-versions">
        {view.versions.map((v) => (
          <li key={v.version}>{t('application.versionOf', { n: format.number(v.version), when: format.dateTime(v.createdAt) })}</li>
        ))}
      </ol>

      {changeable ? (
        mode.name === 'withdraw' ? (
          <div className="panel" role="group" aria-labelledby="application-withdraw-question">
            <p id="application-withdraw-question">{t('application.withdrawConfirm')}</p>
            <div className="actions">
              <button type="button" className="button button--secondary" onClick={() => setMode({ name: 'read' })} disabled={busy}>
                {t('application.withdrawNo')}
              </button>
              <button type="button" className="button button--danger" onClick={() => void act(withdrawOwnApplication, words('calls:application.withdrawnNow'))} disabled={busy}>
                {t('application.withdrawYes')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <button type="button" className="button" onClick={() => setMode({ name: 'edit', draft: draftOf(form, opened.content, facts, language) })}>
              {t('application.edit')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setMode({ name: 'withdraw' })}>
              {t('application.withdraw')}
            </button>
          </div>
        )
      ) : null}

      <div className="panel">
        <p>{portal('followUp.signOutHint')}</p>
        <button type="button" className="button button--secondary" onClick={onLeave}>
          {portal('followUp.signOut')}
        </button>
      </div>
    </section>
  );
}
