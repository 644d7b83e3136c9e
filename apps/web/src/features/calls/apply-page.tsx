/**
 * `/calls/:callId/apply`: applying to an open call (docs/calls.md "Applications"). The call's
 * form in the reader's language with who applies, the country and the language
 * (application-form.tsx); a review of the answers; Send, every secret step in the crypto worker
 * (apply.ts); then the receipt code, shown once, as after an aid request (copy button, whole at
 * any width). A call that is not open says so and offers no form; the api's refusal after the
 * deadline is said in plain words.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { type PublicCallView, callTextFor } from '@ashar/domain';
import { getPublicCall } from '../../api/calls';
import { preparePow } from '../../api/proof-of-work';
import { cryptoWorker, endCryptoWorker } from '../../crypto/crypto-client';
import '../../crypto/pow-client';
import { LanguageLink, useLanguageNavigate, useUiLanguage } from '../../i18n';
import { PortalFrame } from '../../portal-shell/portal-frame';
import { FocusHeading } from '../../ui/focus-heading';
import { type Words, ReceiptCode, describePortalError, onQuickExit, requesterSignOut, usePortalWords } from '../portal';
import { type ApplyStage, type SealedApplicationRequest, UnconfirmedApplication, applicationRefusal, deliverApplication, sendApplication } from './apply';
import { ApplicationAnswers, ApplicationFormStep } from './application-form';
import { type ApplicationDraft, type CheckedApplication, emptyDraft } from './application-model';

const STAGES: readonly ApplyStage[] = ['keys', 'encrypt', 'prepare', 'send'];

type Step =
  | { readonly name: 'form'; readonly error: Words | null }
  | { readonly name: 'review'; readonly checked: CheckedApplication }
  | { readonly name: 'sending'; readonly stage: ApplyStage }
  | { readonly name: 'unconfirmed'; readonly sealed: SealedApplicationRequest; readonly error: Words }
  | { readonly name: 'sent'; readonly code: string };

export function ApplyPage() {
  const { t } = useTranslation('calls');
  const language = useUiLanguage();
  const { callId = '' } = useParams();
  const query = useQuery({ queryKey: ['calls', 'public', callId], queryFn: () => getPublicCall(callId), retry: false });

  if (query.isPending) {
    return (
      <PortalFrame>
        <p role="status">{t('call.loading')}</p>
      </PortalFrame>
    );
  }
  if (query.isError) {
    return (
      <PortalFrame>
        <h1>{t('call.notFound')}</h1>
        <p>
          <LanguageLink to="/calls">{t('list.all')}</LanguageLink>
        </p>
      </PortalFrame>
    );
  }
  const call = query.data;
  const { text, lang } = callTextFor(call.texts, language);
  return (
    <PortalFrame>
      <h1>
        {t('apply.for')} <span lang={lang}>{text.title}</span>
      </h1>
      {call.phase === 'open' ? (
        <Apply call={call} />
      ) : (
        <>
          <h2>{t('apply.title')}</h2>
          <p className="message message--error" role="status">
            {t(call.phase === 'upcoming' ? 'apply.error.notOpen' : 'apply.error.closed')}
          </p>
        </>
      )}
      <p>
        <LanguageLink to={`/calls/${call.id}`}>{t('apply.backToCall')}</LanguageLink>
      </p>
    </PortalFrame>
  );
}

function Apply({ call }: { call: PublicCallView }) {
  const { t } = useTranslation('calls');
  const { t: portal, say } = usePortalWords();
  const language = useUiLanguage();
  const navigate = useLanguageNavigate();
  const [draft, setDraft] = useState<ApplicationDraft>(() => emptyDraft(language));
  const [step, setStep] = useState<Step>({ name: 'form', error: null });

  // The keys of this application die with the page; a quick exit ends any session too.
  useEffect(() => onQuickExit(() => void requesterSignOut()), []);
  useEffect(
    () => () => {
      endCryptoWorker();
    },
    [],
  );
  // The crypto worker loads while the person fills in the form; the proof of work while they review.
  useEffect(() => {
    cryptoWorker();
  }, []);
  useEffect(() => {
    if (step.name === 'review') preparePow('application');
  }, [step.name]);

  const send = async (checked: CheckedApplication) => {
    setStep({ name: 'sending', stage: 'keys' });
    try {
      const sent = await sendApplication(call.id, checked, (stage) => setStep({ name: 'sending', stage }));
      setStep({ name: 'sent', code: sent.code });
    } catch (error) {
      if (error instanceof UnconfirmedApplication) setStep({ name: 'unconfirmed', sealed: error.sealed, error: describePortalError(error.failure) });
      else setStep({ name: 'form', error: applicationRefusal(error) });
    }
  };

  const sendAgain = async (sealed: SealedApplicationRequest) => {
    setStep({ name: 'sending', stage: 'send' });
    try {
      const sent = await deliverApplication(sealed);
      setStep({ name: 'sent', code: sent.code });
    } catch (error) {
      if (error instanceof UnconfirmedApplication) setStep({ name: 'unconfirmed', sealed, error: describePortalError(error.failure) });
      else setStep({ name: 'form', error: applicationRefusal(error) });
    }
  };

  switch (step.name) {
    case 'form':
      return (
        <section aria-labelledby="apply-form">
          <FocusHeading id="apply-form">{t('apply.title')}</FocusHeading>
          <p>{t('apply.intro')}</p>
          {step.error ? (
            <p className="message message--error" role="alert">
              {say(step.error)}
            </p>
          ) : null}
          <ApplicationFormStep form={call.form} draft={draft} onDraft={setDraft} revision={false} submitLabel={t('apply.review')} onChecked={(checked) => setStep({ name: 'review', checked })} />
        </section>
      );
    case 'review':
      return (
        <section aria-labelledby="apply-review">
          <FocusHeading id="apply-review">{t('apply.reviewTitle')}</FocusHeading>
          <ApplicationAnswers form={call.form} content={step.checked.content} facts={step.checked} />
          <div className="panel">
            <p>{t('apply.encrypted')}</p>
            <p>{t('apply.receiptOnce')}</p>
          </div>
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={() => setStep({ name: 'form', error: null })}>
              {t('apply.change')}
            </button>
            <button type="button" className="button" onClick={() => void send(step.checked)}>
              {t('apply.send')}
            </button>
          </div>
        </section>
      );
    case 'sending': {
      const current = STAGES.indexOf(step.stage);
      return (
        <section aria-labelledby="apply-sending" aria-busy="true">
          <FocusHeading id="apply-sending">{t('apply.sendingTitle')}</FocusHeading>
          <progress className="progress-wide" aria-labelledby="apply-sending" />
          <ol className="stages">
            {STAGES.map((s, i) => (
              <li key={s} className={i < current ? 'stages__done' : i === current ? 'stages__current' : 'stages__next'} aria-current={i === current ? 'step' : undefined}>
                {t(`apply.stage.${s}`)}
                {i < current ? <span className="visually-hidden"> {portal('sending.done')}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      );
    }
    case 'unconfirmed':
      return (
        <section aria-labelledby="apply-unconfirmed">
          <FocusHeading id="apply-unconfirmed">{t('apply.unconfirmedTitle')}</FocusHeading>
          <p className="message message--error" role="alert">
            {say(step.error)}
          </p>
          <p>{t('apply.unconfirmedSafe')}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => void sendAgain(step.sealed)}>
              {t('apply.sendAgain')}
            </button>
          </div>
        </section>
      );
    case 'sent':
      return <Sent code={step.code} onFinish={() => void navigate('/', { replace: true })} />;
  }
}

function Sent({ code, onFinish }: { code: string; onFinish: () => void }) {
  const { t } = useTranslation('calls');
  const { t: portal } = usePortalWords();
  const [stored, setStored] = useState(false);
  const finish = async (event: FormEvent) => {
    event.preventDefault();
    if (!stored) return;
    await cryptoWorker()
      .forgetRequester()
      .catch(() => undefined);
    endCryptoWorker();
    onFinish();
  };
  return (
    <section aria-labelledby="apply-sent">
      <FocusHeading id="apply-sent">{t('apply.sentTitle')}</FocusHeading>
      <div className="receipt panel">
        <p>
          <Trans t={t} i18nKey="apply.sentKeep" components={{ strong: <strong /> }} />
        </p>
        <ReceiptCode code={code} />
        <ul className="facts">
          <li>{portal('sent.writeDown')}</li>
          <li>{t('apply.sentAnyone')}</li>
          <li>{t('apply.sentComeBack', { button: portal('home.haveCode') })}</li>
        </ul>
      </div>
      <form className="form" onSubmit={(e) => void finish(e)}>
        <div className="field field--check">
          <input id="receipt-stored" type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
          <label htmlFor="receipt-stored">{portal('sent.stored')}</label>
        </div>
        <button type="submit" className="button" disabled={!stored}>
          {portal('sent.finish')}
        </button>
      </form>
    </section>
  );
}
