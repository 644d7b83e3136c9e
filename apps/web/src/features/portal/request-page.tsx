/**
 * `/request`: ask for help. Steps on one page: the kind of help, the form of that kind, a review,
 * sending (everything secret happens in the crypto worker), then the receipt code, shown once,
 * (the form step also asks for an optional subject line, sealed under the case key beside the
 * request: a few words that let the team tell cases apart),
 * while the files are encrypted and uploaded with progress bars. The first three steps each get
 * an entry in the browser's history (the same address, the step in the router's state), so Back
 * and Forward move between them; the answers live in this page's memory only, never in storage.
 * Once a request is being sent, Back is held on that step (the receipt code is shown only once).
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Trans } from 'react-i18next';
import { useFormat, useLanguageNavigate } from '../../i18n';
import { type RequestForm, type RequestType, INTAKE_DESK_SLUG, REQUEST_TYPES, SUBJECT_LINE_MAX_CHARS, requestFormFields, requestRoutingFacts } from '@ashar/domain';
import { cryptoWorker, endCryptoWorker } from '../../crypto/crypto-client';
import { FocusHeading } from '../../ui/focus-heading';
import { type ChosenFile, FilePicker } from './file-picker';
import { requesterSignOut } from './portal-api';
import { describePortalError } from './portal-errors';
import { PortalFrame } from './portal-frame';
import { onQuickExit, quickExitStarted, setAddedHistoryEntries } from './quick-exit';
import { type Draft, type FieldError, checkRequestForm } from './request-form-model';
import { checkSubject } from './request-subject';
import { ReceiptCode } from './receipt-code';
import { RequestField, fieldInputId } from './request-field';
import { useRequestWords } from './request-labels';
import { listDesks } from '../../api/desks';
import { NOBODY_CAN_RECEIVE, type SealedRequest, type SendStage, type SentRequest, UnconfirmedSend, deliverRequest, deskCanReceive, sendRequest, signInWithHeldKeys } from './submit-request';
import { UploadProgress } from './upload-progress';
import { requesterSender, useUploads } from './use-uploads';
import { preparePow } from '../../api/proof-of-work';
import '../../crypto/pow-client';
import { type Words, usePortalWords } from './words';

type Step =
  | { readonly name: 'type' }
  | { readonly name: 'form' }
  | { readonly name: 'review'; readonly form: RequestForm }
  | { readonly name: 'sending'; readonly form: RequestForm; readonly stage: SendStage }
  | { readonly name: 'failed'; readonly form: RequestForm; readonly message: Words }
  | { readonly name: 'unconfirmed'; readonly form: RequestForm; readonly sealed: SealedRequest; readonly message: Words }
  | { readonly name: 'sent'; readonly sent: SentRequest };

/** The sending stages in order; their words are `sending.stage.<stage>`. */
const STAGES: readonly SendStage[] = ['keys', 'desks', 'encrypt', 'prepare', 'send'];

/** The steps that have a history entry, and the entry's place above the page's first one. */
type HistoryStep = 'type' | 'form' | 'review';
interface StepEntry {
  readonly portalStep: HistoryStep;
  readonly depth: number;
}

function stepEntry(state: unknown): StepEntry {
  const entry = state as Partial<StepEntry> | null;
  const step = entry?.portalStep;
  const depth = typeof entry?.depth === 'number' && Number.isInteger(entry.depth) && entry.depth >= 0 ? entry.depth : 0;
  return { portalStep: step === 'form' || step === 'review' ? step : 'type', depth };
}

export function RequestPage() {
  const [step, setStep] = useState<Step>({ name: 'type' });
  const [type, setType] = useState<RequestType | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  // The subject line as typed; checked with the form, sealed in the worker when sent.
  const [subject, setSubject] = useState('');
  const [files, setFiles] = useState<readonly ChosenFile[]>([]);
  const reviewed = useRef<RequestForm | null>(null);
  const uploads = useUploads();
  const location = useLocation();
  const navigate = useNavigate();
  // Steps, the start page and Back keep the page's language (`lang`) in the address.
  const navigateTo = useLanguageNavigate();
  const { t, say } = usePortalWords();
  const entry = stepEntry(location.state);

  const pushStep = (next: HistoryStep) => void navigateTo('/request', { state: { portalStep: next, depth: entry.depth + 1 } satisfies StepEntry });
  const backStep = (fallback: Step) => {
    if (entry.depth > 0) void navigate(-1);
    else setStep(fallback);
  };

  // The history entry decides the step, as far as this page's memory allows (after a reload it holds nothing).
  const held = step.name === 'sending' || step.name === 'sent' || step.name === 'unconfirmed';
  const leaving = useRef(false);
  useEffect(() => {
    if (leaving.current || quickExitStarted()) return;
    setAddedHistoryEntries(entry.depth);
    if (held) {
      // Back while sending or after: return to the entry the request was sent from.
      if (entry.portalStep !== 'review') void navigate(1);
      return;
    }
    if (entry.portalStep === 'review' && reviewed.current) setStep({ name: 'review', form: reviewed.current });
    else if (entry.portalStep !== 'type' && type) setStep({ name: 'form' });
    else {
      setStep({ name: 'type' });
      if (entry.portalStep !== 'type') void navigateTo('/request', { replace: true, state: { portalStep: 'type', depth: entry.depth } satisfies StepEntry });
    }
    // Only a move in the history (a new entry key) changes the step.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);
  useEffect(() => () => setAddedHistoryEntries(0), []);

  /** After the receipt: back over this page's entries to its first, and replace that with the start page. */
  const leave = () => {
    leaving.current = true;
    setAddedHistoryEntries(0);
    if (entry.depth === 0) {
      void navigateTo('/', { replace: true });
      return;
    }
    window.addEventListener('popstate', () => void navigateTo('/', { replace: true }), { once: true });
    void navigate(-entry.depth);
  };

  // Whatever happens, the keys of this request die with the page; a quick exit also ends the session.
  useEffect(() => onQuickExit(() => void requesterSignOut()), []);
  // The proofs of work Send needs (intake; receipt sign-in when files follow) are solved while the person reviews.
  const hasFiles = files.length > 0;
  useEffect(() => {
    if (step.name !== 'review') return;
    preparePow('intake');
    if (hasFiles) preparePow('requester-challenge');
  }, [step.name, hasFiles]);
  // The crypto worker is the portal's largest download: it loads while the person fills in the form, not after Send.
  const formShown = step.name === 'form' || step.name === 'review';
  useEffect(() => {
    if (formShown) cryptoWorker();
  }, [formShown]);
  useEffect(
    () => () => {
      endCryptoWorker();
    },
    [],
  );

  /**
   * Sends a new request (`sealed` null) or the very same sealed one again after no answer came.
   * When it is unclear whether the api stored it, the page keeps the sealed body and the receipt
   * keys and offers to send it again, which never stores it twice.
   */
  const send = useCallback(
    async (form: RequestForm, sealed: SealedRequest | null = null) => {
      setStep({ name: 'sending', form, stage: sealed ? 'send' : 'keys' });
      let sent: SentRequest;
      try {
        const checked = checkSubject(subject);
        sent = sealed ? await deliverRequest(sealed) : await sendRequest(form, checked.ok ? checked.subject : null, (stage) => setStep({ name: 'sending', form, stage }));
      } catch (error) {
        if (error instanceof UnconfirmedSend) {
          setStep({ name: 'unconfirmed', form, sealed: error.sealed, message: describePortalError(error.failure) });
          return;
        }
        await cryptoWorker()
          .forgetRequester()
          .catch(() => undefined);
        setStep({ name: 'failed', form, message: describePortalError(error) });
        return;
      }
      setStep({ name: 'sent', sent });
      if (files.length === 0) return;
      const signIn = () => signInWithHeldKeys(sent.kid);
      try {
        await signIn();
      } catch {
        // The uploads sign in again themselves when they meet a 401.
      }
      await uploads.start(sent.caseId, files, requesterSender('request', signIn));
    },
    [files, uploads, subject],
  );

  let content;
  switch (step.name) {
    case 'type':
      content = (
        <TypeStep
          chosen={type}
          onChoose={(t) => {
            if (t !== type) reviewed.current = null;
            setType(t);
            pushStep('form');
          }}
        />
      );
      break;
    case 'form':
      content = type ? (
        <FormStep
          type={type}
          draft={draft}
          subject={subject}
          files={files}
          onDraft={setDraft}
          onSubject={setSubject}
          onFiles={setFiles}
          onBack={() => backStep({ name: 'type' })}
          onReview={(form) => {
            reviewed.current = form;
            pushStep('review');
          }}
        />
      ) : null;
      break;
    case 'review':
      content = <ReviewStep form={step.form} subject={subject} files={files} onChange={() => backStep({ name: 'form' })} onSend={() => void send(step.form)} />;
      break;
    case 'sending':
      content = <SendingStep stage={step.stage} />;
      break;
    case 'failed':
      content = (
        <section aria-labelledby="request-failed">
          <FocusHeading id="request-failed">{t('request.failed.title')}</FocusHeading>
          <p className="message message--error" role="alert">
            {say(step.message)}
          </p>
          <p>{t('request.failed.kept')}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => setStep({ name: 'review', form: step.form })}>
              {t('request.backToAnswers')}
            </button>
          </div>
        </section>
      );
      break;
    case 'unconfirmed':
      content = (
        <UnconfirmedStep
          message={say(step.message)}
          onSendAgain={() => void send(step.form, step.sealed)}
          onStartOver={() => {
            void cryptoWorker()
              .forgetRequester()
              .catch(() => undefined);
            setStep({ name: 'review', form: step.form });
          }}
        />
      );
      break;
    case 'sent':
      content = <SentStep sent={step.sent} uploads={uploads} onLeave={leave} />;
      break;
  }

  return (
    <PortalFrame>
      <h1 className="visually-hidden">{t('request.title')}</h1>
      {content}
    </PortalFrame>
  );
}

/**
 * The public desk directory, asked for when the type step shows (without TanStack Query, which the
 * request page leaves out of what loads before Send); undefined until it arrives or when it fails.
 */
function useDeskDirectory(): Awaited<ReturnType<typeof listDesks>> | undefined {
  const [directory, setDirectory] = useState<Awaited<ReturnType<typeof listDesks>>>();
  useEffect(() => {
    let shown = true;
    listDesks().then(
      (answer) => {
        if (shown) setDirectory(answer);
      },
      () => undefined,
    );
    return () => {
      shown = false;
    };
  }, []);
  return directory;
}

function TypeStep({ chosen, onChoose }: { chosen: RequestType | null; onChoose: (type: RequestType) => void }) {
  const { t } = usePortalWords();
  const requestWords = useRequestWords();
  const [value, setValue] = useState<RequestType | null>(chosen);
  const [error, setError] = useState(false);
  // Every kind of help reaches at least the intake desk (receivingDesk); only when intake itself
  // cannot receive is nothing offered, and that is said before any form.
  const directory = useDeskDirectory();
  if (directory && !deskCanReceive(directory, INTAKE_DESK_SLUG)) {
    return (
      <section aria-labelledby="request-type">
        <FocusHeading id="request-type">{t('type.closed.title')}</FocusHeading>
        <p className="message message--error">{t(NOBODY_CAN_RECEIVE)}</p>
        <h3>{t('type.closed.otherWays')}</h3>
        <ul className="facts">
          <li>{t('type.closed.emergency')}</li>
          <li>{t('type.closed.someoneYouKnow')}</li>
          <li>{t('type.closed.comeBack')}</li>
        </ul>
      </section>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value) onChoose(value);
    else setError(true);
  };
  return (
    <section aria-labelledby="request-type">
      <FocusHeading id="request-type">{t('type.title')}</FocusHeading>
      <p>{t('type.intro')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className={`field${error ? ' field--invalid' : ''}`} aria-describedby={error ? 'request-type-error' : undefined}>
          <legend>{t('type.legend')}</legend>
          {error ? (
            <p id="request-type-error" className="field__error" role="alert">
              {t('type.error')}
            </p>
          ) : null}
          <div className="choices">
            {REQUEST_TYPES.map((kind) => (
              <div className="choice choice--card" key={kind}>
                <input
                  id={`request-type-${kind}`}
                  type="radio"
                  name="requestType"
                  value={kind}
                  checked={value === kind}
                  onChange={() => {
                    setValue(kind);
                    setError(false);
                  }}
                  aria-describedby={`request-type-${kind}-about`}
                />
                <label htmlFor={`request-type-${kind}`}>
                  <span className="choice__title">{requestWords.typeTitle(kind)}</span>
                  <span id={`request-type-${kind}-about`} className="choice__about">
                    {requestWords.typeDescription(kind)}
                  </span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button">
          {t('action.continue')}
        </button>
      </form>
    </section>
  );
}

function FormStep(props: {
  type: RequestType;
  draft: Draft;
  subject: string;
  files: readonly ChosenFile[];
  onDraft: (draft: Draft) => void;
  onSubject: (subject: string) => void;
  onFiles: (files: readonly ChosenFile[]) => void;
  onBack: () => void;
  onReview: (form: RequestForm) => void;
}) {
  const { type, draft, subject, files, onDraft, onSubject, onFiles, onBack, onReview } = props;
  const { t, say } = usePortalWords();
  const format = useFormat();
  const requestWords = useRequestWords();
  const fields = requestFormFields(type);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [formError, setFormError] = useState<Words | null>(null);
  const [subjectError, setSubjectError] = useState<Words | null>(null);
  const summary = useRef<HTMLDivElement>(null);

  const change = (name: string, value: string) => {
    onDraft({ ...draft, [name]: value });
    if (errors.some((e) => e.name === name)) setErrors(errors.filter((e) => e.name !== name));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkRequestForm(type, draft, format.language);
    const subjectChecked = checkSubject(subject);
    setSubjectError(subjectChecked.ok ? null : subjectChecked.problem);
    if (checked.ok && subjectChecked.ok) {
      onReview(checked.form);
      return;
    }
    setErrors(checked.ok ? [] : checked.errors);
    setFormError(checked.ok ? null : checked.formError);
    // After React drew the summary: the focus goes to it, so it is read out first.
    setTimeout(() => summary.current?.focus(), 0);
  };

  const errorOf = (name: string) => errors.find((e) => e.name === name)?.problem;
  const hasProblems = errors.length > 0 || formError !== null || subjectError !== null;

  return (
    <section aria-labelledby="request-form">
      <FocusHeading id="request-form">{t('form.title', { type: requestWords.typeTitle(type) })}</FocusHeading>
      <p>{t('form.intro')}</p>
      <div ref={summary} tabIndex={-1} className={hasProblems ? 'error-summary' : 'visually-hidden'} role={hasProblems ? 'alert' : undefined}>
        {hasProblems ? (
          <>
            <h3>{t('form.problems')}</h3>
            {formError ? <p>{say(formError)}</p> : null}
            <ul>
              {subjectError ? (
                <li>
                  <button type="button" className="link-button" onClick={() => document.getElementById(SUBJECT_INPUT_ID)?.focus()}>
                    {t('form.problemLine', { field: t('subject.label'), problem: say(subjectError) })}
                  </button>
                </li>
              ) : null}
              {errors.map((e) => {
                const field = fields.find((f) => f.name === e.name);
                return (
                  <li key={e.name}>
                    <button type="button" className="link-button" onClick={() => document.getElementById(fieldInputId(e.name))?.focus()}>
                      {t('form.problemLine', { field: field ? requestWords.fieldLabel(field) : e.name, problem: say(e.problem) })}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </div>
      <form className="form" onSubmit={submit} noValidate>
        <SubjectField
          value={subject}
          error={subjectError}
          onChange={(value) => {
            onSubject(value);
            setSubjectError(null);
          }}
        />
        {fields.map((field) => (
          <RequestField key={field.name} field={field} value={draft[field.name] ?? ''} error={errorOf(field.name)} onChange={change} />
        ))}
        <FilePicker files={files} onChange={onFiles} label={t('form.addFiles')} />
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={onBack}>
            {t('action.back')}
          </button>
          <button type="submit" className="button">
            {t('form.review')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The id of the subject line's input, to move the focus to it. */
const SUBJECT_INPUT_ID = 'request-subject';

/** The optional subject line: a few words only the team reads, at most 120 characters. */
function SubjectField({ value, error, onChange }: { value: string; error: Words | null; onChange: (value: string) => void }) {
  const { t, say } = usePortalWords();
  const format = useFormat();
  const describedBy = error ? `${SUBJECT_INPUT_ID}-hint ${SUBJECT_INPUT_ID}-error` : `${SUBJECT_INPUT_ID}-hint`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={SUBJECT_INPUT_ID}>{t('subject.label')}</label>
      <p id={`${SUBJECT_INPUT_ID}-hint`} className="field__hint">
        {t('subject.hint')}
      </p>
      {error ? (
        <p id={`${SUBJECT_INPUT_ID}-error`} className="field__error">
          {say(error)}
        </p>
      ) : null}
      <input
        id={SUBJECT_INPUT_ID}
        name="subject"
        type="text"
        value={value}
        maxLength={SUBJECT_LINE_MAX_CHARS}
        autoComplete="off"
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="field__count">{t('field.counter', { used: format.number([...value].length), count: SUBJECT_LINE_MAX_CHARS })}</span>
    </div>
  );
}

function ReviewStep({ form, subject, files, onChange, onSend }: { form: RequestForm; subject: string; files: readonly ChosenFile[]; onChange: () => void; onSend: () => void }) {
  const { t } = usePortalWords();
  const format = useFormat();
  const requestWords = useRequestWords();
  const fields = requestFormFields(form.type);
  const values = form as unknown as Readonly<Record<string, unknown>>;
  const facts = requestRoutingFacts(form);
  const country = fields.find((f) => f.name === 'country');
  const language = fields.find((f) => f.name === 'preferredLanguage');
  const checkedSubject = checkSubject(subject);
  const shownSubject = checkedSubject.ok ? checkedSubject.subject : null;
  return (
    <section aria-labelledby="request-review">
      <FocusHeading id="request-review">{t('review.title')}</FocusHeading>
      <dl className="answers">
        <div className="answers__row">
          <dt>{t('type.legend')}</dt>
          <dd>{requestWords.typeTitle(form.type)}</dd>
        </div>
        <div className="answers__row">
          <dt>{t('subject.label')}</dt>
          <dd>{shownSubject ?? t('answer.none')}</dd>
        </div>
        {fields.map((field) => (
          <div key={field.name} className="answers__row">
            <dt>{requestWords.fieldLabel(field)}</dt>
            <dd>{requestWords.valueWords(field, values[field.name])}</dd>
          </div>
        ))}
        <div className="answers__row">
          <dt>{t('review.files')}</dt>
          <dd>
            {files.length === 0
              ? t('review.noFiles')
              : new Intl.ListFormat(format.language, { type: 'unit' }).format(files.map((f) => t('review.file', { name: f.file.name, size: format.bytes(f.file.size) })))}
          </dd>
        </div>
      </dl>
      <div className="panel">
        <h3>{t('review.encryptedTitle')}</h3>
        <p>
          {t('review.encrypted', {
            type: requestWords.typeTitle(form.type),
            country: country?.kind === 'select' ? requestWords.optionLabel(country, facts.country) : facts.country,
            language: language?.kind === 'select' ? requestWords.optionLabel(language, facts.language) : facts.language,
          })}
        </p>
        <p>{t('review.receiptOnce')}</p>
      </div>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onChange}>
          {t('review.change')}
        </button>
        <button type="button" className="button" onClick={onSend}>
          {t('review.send')}
        </button>
      </div>
    </section>
  );
}

function SendingStep({ stage }: { stage: SendStage }) {
  const { t } = usePortalWords();
  const current = STAGES.indexOf(stage);
  return (
    <section aria-labelledby="request-sending" aria-busy="true">
      <FocusHeading id="request-sending">{t('sending.title')}</FocusHeading>
      <progress className="progress-wide" aria-labelledby="request-sending" />
      <ol className="stages">
        {STAGES.map((s, i) => (
          <li key={s} className={i < current ? 'stages__done' : i === current ? 'stages__current' : 'stages__next'} aria-current={i === current ? 'step' : undefined}>
            {t(`sending.stage.${s}`)}
            {i < current ? <span className="visually-hidden"> {t('sending.done')}</span> : null}
          </li>
        ))}
      </ol>
      <p className="notice" role="status">
        {current >= 0 ? t(`sending.stage.${stage}`) : null}
      </p>
    </section>
  );
}

function UnconfirmedStep({ message, onSendAgain, onStartOver }: { message: string; onSendAgain: () => void; onStartOver: () => void }) {
  const { t } = usePortalWords();
  return (
    <section aria-labelledby="request-unconfirmed">
      <FocusHeading id="request-unconfirmed">{t('unconfirmed.title')}</FocusHeading>
      <p className="message message--error" role="alert">
        {message}
      </p>
      <p>{t('unconfirmed.safe')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={onSendAgain}>
          {t('unconfirmed.sendAgain')}
        </button>
        <button type="button" className="button button--secondary" onClick={onStartOver}>
          {t('request.backToAnswers')}
        </button>
      </div>
      <p className="notice">{t('unconfirmed.twice')}</p>
    </section>
  );
}

function SentStep({ sent, uploads, onLeave }: { sent: SentRequest; uploads: ReturnType<typeof useUploads>; onLeave: () => void }) {
  const { t } = usePortalWords();
  const [stored, setStored] = useState(false);
  const busy = uploads.states.some((u) => u.phase === 'running' || u.phase === 'waiting');
  const unsent = uploads.states.filter((u) => u.phase === 'paused' || u.phase === 'failed').length;

  const finish = async (event: FormEvent) => {
    event.preventDefault();
    if (!stored || busy) return;
    await cryptoWorker()
      .forgetRequester()
      .catch(() => undefined);
    endCryptoWorker();
    await requesterSignOut();
    uploads.clear();
    onLeave();
  };

  return (
    <section aria-labelledby="request-sent">
      <FocusHeading id="request-sent">{t('sent.title')}</FocusHeading>
      <div className="receipt panel">
        <p>
          <Trans t={t} i18nKey="sent.keep" components={{ strong: <strong /> }} />
        </p>
        <ReceiptCode code={sent.code} />
        <ul className="facts">
          <li>{t('sent.writeDown')}</li>
          <li>{t('sent.anyone')}</li>
          <li>{t('sent.comeBack', { button: t('home.haveCode') })}</li>
        </ul>
      </div>
      <UploadProgress uploads={uploads.states} onResume={() => void uploads.resume()} />
      <form className="form" onSubmit={(e) => void finish(e)}>
        <div className="field field--check">
          <input id="receipt-stored" type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
          <label htmlFor="receipt-stored">{t('sent.stored')}</label>
        </div>
        {busy ? (
          <p className="notice" role="status">
            {t('sent.filesBusy')}
          </p>
        ) : unsent > 0 ? (
          <p className="message message--error">{t('sent.filesUnsent', { count: unsent })}</p>
        ) : null}
        <button type="submit" className="button" disabled={!stored || busy}>
          {t('sent.finish')}
        </button>
      </form>
    </section>
  );
}
