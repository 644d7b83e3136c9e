/**
 * `/request`: ask for help. Steps on one page: the kind of help, the form of that kind, a review,
 * sending (everything secret happens in the crypto worker), then the receipt code, shown once,
 * while the files are encrypted and uploaded with progress bars. The first three steps each get
 * an entry in the browser's history (the same address, the step in the router's state), so Back
 * and Forward move between them; the answers live in this page's memory only, never in storage.
 * Once a request is being sent, Back is held on that step (the receipt code is shown only once).
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { type RequestForm, type RequestType, INTAKE_DESK_SLUG, REQUEST_TYPES, requestFormFields, requestRoutingFacts } from '@ashar/domain';
import { cryptoWorker, endCryptoWorker } from '../../crypto/crypto-client';
import { FocusHeading } from '../../ui/focus-heading';
import { type ChosenFile, FilePicker, formatSize } from './file-picker';
import { requesterSignOut } from './portal-api';
import { describePortalError } from './portal-errors';
import { PortalFrame } from './portal-frame';
import { onQuickExit, quickExitStarted, setAddedHistoryEntries } from './quick-exit';
import { type Draft, type FieldError, checkRequestForm } from './request-form-model';
import { RequestField, fieldInputId } from './request-field';
import { REQUEST_TYPE_WORDS, fieldLabel, optionLabel, valueWords } from './request-labels';
import { useQuery } from '@tanstack/react-query';
import { listDesks } from '../../api/desks';
import { NOBODY_CAN_RECEIVE, type SealedRequest, type SendStage, type SentRequest, UnconfirmedSend, deliverRequest, deskCanReceive, sendRequest, signInWithHeldKeys } from './submit-request';
import { UploadProgress } from './upload-progress';
import { requesterSender, useUploads } from './use-uploads';
import { preparePow } from '../../api/proof-of-work';

type Step =
  | { readonly name: 'type' }
  | { readonly name: 'form' }
  | { readonly name: 'review'; readonly form: RequestForm }
  | { readonly name: 'sending'; readonly form: RequestForm; readonly stage: SendStage }
  | { readonly name: 'failed'; readonly form: RequestForm; readonly message: string }
  | { readonly name: 'unconfirmed'; readonly form: RequestForm; readonly sealed: SealedRequest; readonly message: string }
  | { readonly name: 'sent'; readonly sent: SentRequest };

const STAGES: readonly { readonly stage: SendStage; readonly words: string }[] = [
  { stage: 'keys', words: 'Making your receipt code and the keys that protect your request. This can take a few seconds.' },
  { stage: 'desks', words: 'Finding the team for your request and checking that its keys are signed by this organisation.' },
  { stage: 'encrypt', words: 'Encrypting and signing your answers in this browser.' },
  { stage: 'send', words: 'Sending the encrypted request.' },
];

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
  const [files, setFiles] = useState<readonly ChosenFile[]>([]);
  const reviewed = useRef<RequestForm | null>(null);
  const uploads = useUploads();
  const location = useLocation();
  const navigate = useNavigate();
  const entry = stepEntry(location.state);

  const pushStep = (next: HistoryStep) => void navigate('/request', { state: { portalStep: next, depth: entry.depth + 1 } satisfies StepEntry });
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
      if (entry.portalStep !== 'type') void navigate('/request', { replace: true, state: { portalStep: 'type', depth: entry.depth } satisfies StepEntry });
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
      void navigate('/', { replace: true });
      return;
    }
    window.addEventListener('popstate', () => void navigate('/', { replace: true }), { once: true });
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
        sent = sealed ? await deliverRequest(sealed) : await sendRequest(form, (stage) => setStep({ name: 'sending', form, stage }));
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
    [files, uploads],
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
          files={files}
          onDraft={setDraft}
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
      content = <ReviewStep form={step.form} files={files} onChange={() => backStep({ name: 'form' })} onSend={() => void send(step.form)} />;
      break;
    case 'sending':
      content = <SendingStep stage={step.stage} />;
      break;
    case 'failed':
      content = (
        <section aria-labelledby="request-failed">
          <FocusHeading id="request-failed">Your request was not sent</FocusHeading>
          <p className="message message--error" role="alert">
            {step.message}
          </p>
          <p>Your answers are still here, in this page only.</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => setStep({ name: 'review', form: step.form })}>
              Back to my answers
            </button>
          </div>
        </section>
      );
      break;
    case 'unconfirmed':
      content = (
        <UnconfirmedStep
          message={step.message}
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
      <h1 className="visually-hidden">Ask for help</h1>
      {content}
    </PortalFrame>
  );
}

function TypeStep({ chosen, onChoose }: { chosen: RequestType | null; onChoose: (type: RequestType) => void }) {
  const [value, setValue] = useState<RequestType | null>(chosen);
  const [error, setError] = useState(false);
  // Every kind of help reaches at least the intake desk (receivingDesk); only when intake itself
  // cannot receive is nothing offered, and that is said before any form.
  const directory = useQuery({ queryKey: ['portal', 'desk-directory'], queryFn: listDesks, staleTime: 60_000 });
  if (directory.data && !deskCanReceive(directory.data, INTAKE_DESK_SLUG)) {
    return (
      <section aria-labelledby="request-type">
        <FocusHeading id="request-type">Requests cannot be sent right now</FocusHeading>
        <p className="message message--error">{NOBODY_CAN_RECEIVE}</p>
        <h3>Other ways to get help</h3>
        <ul className="facts">
          <li>If your life or health is in danger now, call your local emergency number or go to people you trust nearby.</li>
          <li>If you know someone at this organisation, or another organisation that supports people at risk, contact them through a way you trust.</li>
          <li>Come back to this page later: it will say here as soon as requests can be sent again.</li>
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
      <FocusHeading id="request-type">What kind of help do you need?</FocusHeading>
      <p>Choose the one that fits best. The team that reads your request can bring in others if you need more than one kind of help.</p>
      <form className="form" onSubmit={submit} noValidate>
        <fieldset className={`field${error ? ' field--invalid' : ''}`} aria-describedby={error ? 'request-type-error' : undefined}>
          <legend>Kind of help</legend>
          {error ? (
            <p id="request-type-error" className="field__error" role="alert">
              Choose the kind of help you need.
            </p>
          ) : null}
          <div className="choices">
            {REQUEST_TYPES.map((t) => (
              <div className="choice choice--card" key={t}>
                <input
                  id={`request-type-${t}`}
                  type="radio"
                  name="requestType"
                  value={t}
                  checked={value === t}
                  onChange={() => {
                    setValue(t);
                    setError(false);
                  }}
                  aria-describedby={`request-type-${t}-about`}
                />
                <label htmlFor={`request-type-${t}`}>
                  <span className="choice__title">{REQUEST_TYPE_WORDS[t].title}</span>
                  <span id={`request-type-${t}-about`} className="choice__about">
                    {REQUEST_TYPE_WORDS[t].description}
                  </span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button">
          Continue
        </button>
      </form>
    </section>
  );
}

function FormStep(props: {
  type: RequestType;
  draft: Draft;
  files: readonly ChosenFile[];
  onDraft: (draft: Draft) => void;
  onFiles: (files: readonly ChosenFile[]) => void;
  onBack: () => void;
  onReview: (form: RequestForm) => void;
}) {
  const { type, draft, files, onDraft, onFiles, onBack, onReview } = props;
  const fields = requestFormFields(type);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);

  const change = (name: string, value: string) => {
    onDraft({ ...draft, [name]: value });
    if (errors.some((e) => e.name === name)) setErrors(errors.filter((e) => e.name !== name));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkRequestForm(type, draft);
    if (checked.ok) {
      onReview(checked.form);
      return;
    }
    setErrors(checked.errors);
    setFormError(checked.formError);
    // After React drew the summary: the focus goes to it, so it is read out first.
    setTimeout(() => summary.current?.focus(), 0);
  };

  const errorOf = (name: string) => errors.find((e) => e.name === name)?.message;
  const hasProblems = errors.length > 0 || formError !== null;

  return (
    <section aria-labelledby="request-form">
      <FocusHeading id="request-form">{REQUEST_TYPE_WORDS[type].title}: your answers</FocusHeading>
      <p>
        Answer what you can. Questions marked optional can stay empty. Do not write anything that could identify other people unless it is needed
        to help you.
      </p>
      <div ref={summary} tabIndex={-1} className={hasProblems ? 'error-summary' : 'visually-hidden'} role={hasProblems ? 'alert' : undefined}>
        {hasProblems ? (
          <>
            <h3>Some answers need your attention</h3>
            {formError ? <p>{formError}</p> : null}
            <ul>
              {errors.map((e) => {
                const field = fields.find((f) => f.name === e.name);
                return (
                  <li key={e.name}>
                    <button type="button" className="link-button" onClick={() => document.getElementById(fieldInputId(e.name))?.focus()}>
                      {field ? fieldLabel(field) : e.name}: {e.message}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </div>
      <form className="form" onSubmit={submit} noValidate>
        {fields.map((field) => (
          <RequestField key={field.name} field={field} value={draft[field.name] ?? ''} error={errorOf(field.name)} onChange={change} />
        ))}
        <FilePicker files={files} onChange={onFiles} label="Add files" />
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={onBack}>
            Back
          </button>
          <button type="submit" className="button">
            Review my request
          </button>
        </div>
      </form>
    </section>
  );
}

function ReviewStep({ form, files, onChange, onSend }: { form: RequestForm; files: readonly ChosenFile[]; onChange: () => void; onSend: () => void }) {
  const fields = requestFormFields(form.type);
  const values = form as unknown as Readonly<Record<string, unknown>>;
  const facts = requestRoutingFacts(form);
  const country = fields.find((f) => f.name === 'country');
  const language = fields.find((f) => f.name === 'preferredLanguage');
  return (
    <section aria-labelledby="request-review">
      <FocusHeading id="request-review">Check your request before sending</FocusHeading>
      <dl className="answers">
        <div className="answers__row">
          <dt>Kind of help</dt>
          <dd>{REQUEST_TYPE_WORDS[form.type].title}</dd>
        </div>
        {fields.map((field) => (
          <div key={field.name} className="answers__row">
            <dt>{fieldLabel(field)}</dt>
            <dd>{valueWords(field, values[field.name])}</dd>
          </div>
        ))}
        <div className="answers__row">
          <dt>Files</dt>
          <dd>{files.length === 0 ? 'None' : files.map((f) => `${f.file.name} (${formatSize(f.file.size)})`).join(', ')}</dd>
        </div>
      </dl>
      <div className="panel">
        <h3>What is encrypted</h3>
        <p>
          Your answers and files are encrypted in this browser, so that only the teams that handle your request can read them. To send it to the
          right team, three facts travel without encryption: the kind of help ({REQUEST_TYPE_WORDS[form.type].title.toLowerCase()}), the country
          ({country?.kind === 'select' ? optionLabel(country, facts.country) : facts.country}) and the language (
          {language?.kind === 'select' ? optionLabel(language, facts.language) : facts.language}).
        </p>
        <p>After sending, you get a receipt code. It is the only way to read our answer, and it is shown only once.</p>
      </div>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onChange}>
          Change my answers
        </button>
        <button type="button" className="button" onClick={onSend}>
          Send my request
        </button>
      </div>
    </section>
  );
}

function SendingStep({ stage }: { stage: SendStage }) {
  const current = STAGES.findIndex((s) => s.stage === stage);
  return (
    <section aria-labelledby="request-sending" aria-busy="true">
      <FocusHeading id="request-sending">Securing your request…</FocusHeading>
      <progress className="progress-wide" aria-labelledby="request-sending" />
      <ol className="stages">
        {STAGES.map((s, i) => (
          <li key={s.stage} className={i < current ? 'stages__done' : i === current ? 'stages__current' : 'stages__next'} aria-current={i === current ? 'step' : undefined}>
            {s.words}
            {i < current ? <span className="visually-hidden"> (done)</span> : null}
          </li>
        ))}
      </ol>
      <p className="notice" role="status">
        {STAGES[current]?.words}
      </p>
    </section>
  );
}

function UnconfirmedStep({ message, onSendAgain, onStartOver }: { message: string; onSendAgain: () => void; onStartOver: () => void }) {
  return (
    <section aria-labelledby="request-unconfirmed">
      <FocusHeading id="request-unconfirmed">We could not confirm that your request arrived</FocusHeading>
      <p className="message message--error" role="alert">
        {message}
      </p>
      <p>
        It may have arrived anyway. Sending it again is safe: it is the same encrypted request with the same receipt code, and it is never stored
        twice. Your answers and your receipt code are still here, in this page only.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={onSendAgain}>
          Send it again
        </button>
        <button type="button" className="button button--secondary" onClick={onStartOver}>
          Back to my answers
        </button>
      </div>
      <p className="notice">If you go back to your answers and send them from there, you get a new receipt code, and if the first request did arrive, our team receives it twice.</p>
    </section>
  );
}

function SentStep({ sent, uploads, onLeave }: { sent: SentRequest; uploads: ReturnType<typeof useUploads>; onLeave: () => void }) {
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
      <FocusHeading id="request-sent">Your request was sent</FocusHeading>
      <div className="receipt panel">
        <p>
          <strong>Keep this receipt code.</strong> It is the only way to read our answer and to add to your request. It is shown only now: nobody,
          not even our team, can show it to you again.
        </p>
        <ReceiptCode code={sent.code} />
        <ul className="facts">
          <li>Write it on paper or keep it in a password manager, where others cannot find it.</li>
          <li>Anyone who has the code can read your request and our answers. Do not send it by e-mail or chat.</li>
          <li>To read our answer, come back to this website and choose “I have a receipt code”.</li>
        </ul>
      </div>
      <UploadProgress uploads={uploads.states} onResume={() => void uploads.resume()} />
      <form className="form" onSubmit={(e) => void finish(e)}>
        <div className="field field--check">
          <input id="receipt-stored" type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
          <label htmlFor="receipt-stored">I have written down my receipt code</label>
        </div>
        {busy ? (
          <p className="notice" role="status">
            Your files are still being sent. Keep this page open until they are done.
          </p>
        ) : unsent > 0 ? (
          <p className="message message--error">
            {unsent === 1 ? 'One file was' : `${unsent} files were`} not sent. You can add files later on the follow-up page with your receipt code.
          </p>
        ) : null}
        <button type="submit" className="button" disabled={!stored || busy}>
          Finish
        </button>
      </form>
    </section>
  );
}

/**
 * The receipt code, whole at any width: a read-only text box that wraps between its groups
 * (never clipped, never scrolled sideways), and a Copy button. Copying uses the Clipboard API;
 * where that is missing or refused, the code is selected instead so the device's own copy
 * command takes it. What happened is said in a status that screen readers announce.
 */
function ReceiptCode({ code }: { code: string }) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
      setStatus('Copied. Paste it where only you can find it, then clear it from the clipboard.');
    } catch {
      box.current?.focus();
      box.current?.select();
      setStatus('The code is selected: copy it with your device’s copy command, or write it down.');
    }
  };
  return (
    <div className="field receipt-code-field">
      <label htmlFor="receipt-code">Your receipt code</label>
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
          Copy the code
        </button>
        <p className="receipt-code__status" role="status">
          {status}
        </p>
      </div>
    </div>
  );
}
