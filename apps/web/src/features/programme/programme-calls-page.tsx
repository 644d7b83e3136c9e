/**
 * The programme managers' calls (`/staff/console/calls`, docs/calls.md): every call with its phase
 * and deadline in its own zone (the title links to the public page once published), a draft published with one button, and a short form that creates
 * a call in English (kind, title, description, eligibility, zone, opening and closing local
 * times; "24:00" accepted). The api's refusals (a zone that is not an IANA id, a local time the
 * zone skips or repeats) show as it words them. The full editor (languages, form fields, quotas,
 * preview) is still to come.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CALL_KINDS, type CallInput, type CallKind, displayDeadline } from '@ashar/domain';
import { createCall, listProgrammeCalls, transitionCall } from '../../api/calls';
import { describeFailure } from '../../data/describe-failure';
import { usePageAction } from '../../data/use-page-action';
import { StatusMessages } from '../../ui/status-messages';

const CALLS_KEY = ['programme', 'calls'] as const;

export function ProgrammeCallsPage() {
  const { t } = useTranslation('console');
  const calls = useQuery({ queryKey: CALLS_KEY, queryFn: () => listProgrammeCalls() });
  const action = usePageAction();
  const id = useId();
  const [kind, setKind] = useState<CallKind>('fellowship');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [eligibility, setEligibility] = useState('');
  const [timeZone, setTimeZone] = useState('Asia/Almaty');
  const [opensLocal, setOpensLocal] = useState('');
  const [closesLocal, setClosesLocal] = useState('');

  function create(event: FormEvent) {
    event.preventDefault();
    const body: CallInput = {
      kind,
      texts: { en: { title, description, eligibility } },
      form: [],
      quotas: { total: null, perCountry: {} },
      timeZone,
      opensLocal,
      closesLocal,
      decisionOn: null,
      notifyOn: null,
    };
    void action.run(async () => {
      await createCall(body);
      setTitle('');
      return t('calls.created');
    }, [CALLS_KEY]);
  }

  return (
    <>
      <h1>{t('calls.title')}</h1>
      <StatusMessages busy={action.busy} message={action.message} />
      {calls.isError && (
        <p className="message message--error" role="alert">
          {describeFailure(calls.error)}
        </p>
      )}
      {calls.data && calls.data.length === 0 && <p>{t('calls.none')}</p>}
      {calls.data && calls.data.length > 0 && (
        <table>
          <caption>{t('calls.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calls.callTitle')}</th>
              <th scope="col">{t('calls.phaseHeader')}</th>
              <th scope="col">{t('calls.deadline')}</th>
              <th scope="col">{t('calls.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.data.map((c) => {
              const due = displayDeadline(c.closes.local);
              return (
                <tr key={c.id}>
                  <td>{c.status === 'draft' || c.status === 'archived' ? c.titles.en : <Link to={`/calls/${c.id}`}>{c.titles.en}</Link>}</td>
                  <td>{t(`calls.phase.${c.phase}`)}</td>
                  <td>{t('calls.deadlineIn', { date: due.date, time: due.time, zone: c.closes.timeZone })}</td>
                  <td>
                    {c.status === 'draft' && (
                      <button type="button" className="button" disabled={action.busy} onClick={() => void action.run(async () => (await transitionCall(c.id, 'publish'), t('calls.published')), [CALLS_KEY])}>
                        {t('calls.publish', { title: c.titles.en })}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form onSubmit={create} aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{t('calls.new')}</h2>
        <label htmlFor={`${id}-kind`}>{t('calls.kindLabel')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as CallKind)}>
          {CALL_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`calls.kind.${k}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-title`}>{t('calls.titleLabel')}</label>
        <input id={`${id}-title`} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor={`${id}-description`}>{t('calls.descriptionLabel')}</label>
        <textarea id={`${id}-description`} required maxLength={20000} value={description} onChange={(e) => setDescription(e.target.value)} />
        <label htmlFor={`${id}-eligibility`}>{t('calls.eligibilityLabel')}</label>
        <textarea id={`${id}-eligibility`} required maxLength={10000} value={eligibility} onChange={(e) => setEligibility(e.target.value)} />
        <label htmlFor={`${id}-zone`}>{t('calls.zoneLabel')}</label>
        <input id={`${id}-zone`} required maxLength={64} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        <label htmlFor={`${id}-opens`}>{t('calls.opensLabel')}</label>
        <input id={`${id}-opens`} required maxLength={16} placeholder="2026-11-20T09:00" value={opensLocal} onChange={(e) => setOpensLocal(e.target.value)} />
        <label htmlFor={`${id}-closes`}>{t('calls.closesLabel')}</label>
        <input id={`${id}-closes`} required maxLength={16} placeholder="2026-12-14T24:00" value={closesLocal} onChange={(e) => setClosesLocal(e.target.value)} />
        <button type="submit" className="button" disabled={action.busy}>
          {t('calls.create')}
        </button>
      </form>
    </>
  );
}
