/**
 * The application reader (`/staff/console/applications/:applicationId`, docs/calls.md
 * "Applications"): a programme manager opens the latest version in the staff crypto worker with
 * the programme-desk key version they hold (their sealed copy, that version's chain verified to
 * the root), as the case page opens a case with a desk key; the answers are shown with the call
 * form's labels in the console's language (English where the call has none in it). A reader who
 * holds no programme-desk key is told so; nothing is decrypted anywhere else.
 */
import { skipToken, useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type CallFormField, type ProgrammeApplicationView, type UiLanguage } from '@ashar/domain';
import { programmeApplication } from '../../api/applications';
import { getProgrammeCall } from '../../api/calls';
import { isApiError } from '../../api/client';
import { deskHistory, myDeskEnvelopes } from '../../api/desks';
import { ROOT_PUBLIC_KEY } from '../../config/root-key';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type ApplicationContent } from '../../crypto/requester-worker-api';
import { type OpenApplicationRequest, type WorkerErrorCode } from '../../crypto/worker-api';
import { describeFailure } from '../../data/describe-failure';
import { countryDisplayName, languageDisplayName, useFormat, useUiLanguage } from '../../i18n';
import { useIdentity } from '../identity';

type Reading =
  | { readonly state: 'not-found' }
  | { readonly state: 'no-root' }
  | {
      readonly state: 'read';
      readonly view: ProgrammeApplicationView;
      readonly form: readonly CallFormField[];
      readonly title: string;
      /** Opened, or why not: no programme-desk key held, or the worker's refusal code. */
      readonly opened: { readonly ok: true; readonly content: ApplicationContent } | { readonly ok: false; readonly code: WorkerErrorCode };
    };

/** Refusals the console has words for (caseRefusal.*); any other is named by its code. */
const REFUSALS: readonly WorkerErrorCode[] = ['case_unverified', 'bad_signature', 'wrong_key', 'wrong_ad', 'tampered', 'wrong_desk', 'untrusted_certificate', 'malformed_plaintext'];

/** The candidates the worker opens with: each envelope to a programme-desk version the reader holds a sealed copy of, with that version's chain. */
async function candidatesOf(view: ProgrammeApplicationView): Promise<OpenApplicationRequest['candidates']> {
  const deskIds = [...new Set(view.envelopes.map((e) => e.deskId))];
  const material = new Map(
    await Promise.all(
      deskIds.map(async (deskId) => {
        const [mine, history] = await Promise.all([myDeskEnvelopes(deskId).catch(() => []), deskHistory(deskId)]);
        return [deskId, { mine, history: history.versions }] as const;
      }),
    ),
  );
  return view.envelopes.flatMap((envelope) => {
    const m = material.get(envelope.deskId);
    const sealed = m?.mine.find((g) => g.version === envelope.version);
    const chain = m?.history.find((v) => v.version === envelope.version)?.chain;
    if (!sealed || !chain) return [];
    return [
      {
        deskId: envelope.deskId,
        version: envelope.version,
        deskChain: chain,
        sealedDeskKey: sealed.sealedKey,
        envelope: { sealedKey: envelope.sealedKey, sealerKid: envelope.sealerKid, signature: envelope.signature, storedAt: envelope.createdAt },
      },
    ];
  });
}

async function readApplication(applicationId: string, language: UiLanguage): Promise<Reading> {
  if (!ROOT_PUBLIC_KEY) return { state: 'no-root' };
  let view: ProgrammeApplicationView;
  try {
    view = await programmeApplication(applicationId);
  } catch (error) {
    if (isApiError(error, 404) || isApiError(error, 422)) return { state: 'not-found' };
    throw error;
  }
  const call = await getProgrammeCall(view.application.callId);
  const base = { state: 'read' as const, view, form: call.form, title: call.texts[language]?.title ?? call.texts.en.title };
  const candidates = await candidatesOf(view);
  if (candidates.length === 0) return { ...base, opened: { ok: false, code: 'desk_key_not_held' } };
  const result = await cryptoWorker().openProgrammeApplication({
    root: ROOT_PUBLIC_KEY,
    applicationId: view.application.id,
    callId: view.application.callId,
    applicant: view.applicant,
    applicantEnvelope: view.applicantEnvelope,
    latest: view.latest,
    candidates,
  });
  return { ...base, opened: result.opened ? { ok: true, content: result.content } : { ok: false, code: result.code } };
}

/** A label of the call in the console's language, else English. */
function labelIn(labels: { readonly en: string } & Partial<Record<UiLanguage, string>>, language: UiLanguage): { text: string; lang: string } {
  const own = labels[language];
  return own ? { text: own, lang: language } : { text: labels.en, lang: 'en' };
}

export function ApplicationReaderPage() {
  const { applicationId = '' } = useParams();
  const { t } = useTranslation('console');
  const format = useFormat();
  const language = useUiLanguage();
  const { unlocked } = useIdentity();
  const reading = useQuery({
    queryKey: ['programme', 'applications', applicationId, language],
    queryFn: unlocked ? () => readApplication(applicationId, language) : skipToken,
    retry: false,
    // Decrypted content is not kept in the query cache longer than the page shows it.
    gcTime: 0,
  });

  if (!unlocked) return null;
  if (reading.isPending) return <p role="status">{t('application.loading')}</p>;
  if (reading.isError) {
    return (
      <p className="message message--error" role="alert">
        {describeFailure(reading.error)}
      </p>
    );
  }
  const r = reading.data;
  if (r.state === 'not-found') return <h1>{t('application.notFound')}</h1>;
  if (r.state === 'no-root') return <p className="message message--error">{t('casePage.noRoot')}</p>;
  const facts = r.view.application;

  const answer = (field: CallFormField, value: unknown): { text: string; lang?: string } => {
    if (value === undefined || value === null || value === '') return { text: t('application.noAnswer') };
    switch (field.kind) {
      case 'boolean':
        return { text: value === true ? t('application.yes') : t('application.no') };
      case 'select': {
        const option = field.options.find((o) => o.value === value);
        return option ? labelIn(option.label, language) : { text: String(value) };
      }
      case 'date':
        return { text: format.isoDate(String(value)) };
      case 'number':
        return { text: typeof value === 'number' ? format.number(value) : String(value) };
      default:
        return { text: String(value) };
    }
  };

  return (
    <>
      <p>
        <Link to={`/staff/console/calls/${facts.callId}/applications`}>{t('application.back')}</Link>
      </p>
      <h1>{t('application.title', { title: r.title })}</h1>
      <dl className="facts-list">
        <dt>{t('applications.statusHeader')}</dt>
        <dd>{t(`applications.status.${facts.status}`)}</dd>
        <dt>{t('applications.kindHeader')}</dt>
        <dd>{t(`applications.kind.${facts.applicantKind}`)}</dd>
        <dt>{t('applications.country')}</dt>
        <dd>{countryDisplayName(facts.country, language)}</dd>
        <dt>{t('application.language')}</dt>
        <dd>{languageDisplayName(facts.language, language)}</dd>
        <dt>{t('application.versions')}</dt>
        <dd>
          <ol>
            {r.view.versions.map((v) => (
              <li key={v.version}>{t('application.versionOf', { n: format.number(v.version), when: format.dateTime(v.createdAt) })}</li>
            ))}
          </ol>
        </dd>
      </dl>
      {r.opened.ok ? (
        <section aria-labelledby="application-answers">
          <h2 id="application-answers">{t('application.answers', { n: format.number(r.view.latest.version) })}</h2>
          <dl className="facts-list" data-testid="application-answers">
            {r.opened.content.organisation && (
              <>
                <dt>{t('application.organisation')}</dt>
                <dd>{r.opened.content.organisation.name}</dd>
                <dt>{t('application.contactPerson')}</dt>
                <dd>{r.opened.content.organisation.contactPerson}</dd>
              </>
            )}
            {r.form.map((field) => {
              const label = labelIn(field.label, language);
              const value = answer(field, r.opened.ok ? r.opened.content.answers[field.name] : undefined);
              return (
                <Fragment key={field.name}>
                  <dt lang={label.lang}>{label.text}</dt>
                  <dd lang={value.lang}>{value.text}</dd>
                </Fragment>
              );
            })}
          </dl>
        </section>
      ) : (
        <p className="message message--error" role="alert" data-testid="application-not-opened">
          {r.opened.code === 'desk_key_not_held'
            ? t('application.noKey')
            : t('application.refused', { reason: REFUSALS.includes(r.opened.code) ? t(`caseRefusal.${r.opened.code}`) : t('caseRefusal.other', { code: r.opened.code }) })}
        </p>
      )}
    </>
  );
}
