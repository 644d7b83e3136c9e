/**
 * The call editor (`/staff/console/calls/new`, `/staff/console/calls/:callId`, docs/calls.md):
 * a call's kind; its title, description and eligibility in each UI language (English required);
 * the application form as field descriptors (add, remove, reorder; labels per language, a
 * select's options, required); quotas in total and per country; the zone and the local opening
 * and closing times ("24:00" accepted); decision and notification dates; and beside it a live
 * preview of the public page (features/calls). The api's refusals show in its words next to the
 * field they name. A saved call also has its lifecycle buttons (publish, close early, decide,
 * archive), each shown when the call's phase allows it (libs/domain `callTransition`), closing and
 * archiving confirmed in place; once the api would refuse an edit, the editor says so and is read-only.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import {
  CALL_DESCRIPTION_MAX,
  CALL_ELIGIBILITY_MAX,
  CALL_FIELD_LABEL_MAX,
  CALL_KINDS,
  CALL_TITLE_MAX,
  COUNTRY_CODES,
  type CallKind,
  type CallTransition,
  type CallView,
  type CountryCode,
  LOCAL_DATE_TIME_PATTERN,
  UI_LANGUAGES,
  type UiLanguage,
} from '@ashar/domain';
import { createCall, getProgrammeCall, transitionCall, updateCall } from '../../api/calls';
import { ApiError } from '../../api/client';
import { describeFailure } from '../../data/describe-failure';
import { countryDisplayName, languageDisplayName, nameCollator, useUiLanguage } from '../../i18n';
import { StatusMessages } from '../../ui/status-messages';
import { CallDetails } from '../calls';
import {
  type CallDraft,
  type DraftField,
  type DraftOption,
  type EditorProblems,
  FIELD_KINDS,
  type FieldKind,
  allowedTransitions,
  draftOf,
  editableNow,
  editorPaths,
  editorProblems,
  emptyDraft,
  inputOf,
  moved,
  newField,
  newOption,
  nextKey,
} from './call-draft';
import { CALLS_KEY } from './programme-home';

const NO_PROBLEMS: EditorProblems = { fields: {}, general: null };

export function CallEditorPage() {
  const { callId } = useParams();
  const { t } = useTranslation('console');
  const call = useQuery({ queryKey: ['programme', 'call', callId], queryFn: () => getProgrammeCall(callId as string), enabled: callId !== undefined });
  if (callId === undefined) return <CallEditor saved={null} />;
  if (call.isPending) return <p role="status">{t('callEditor.loading')}</p>;
  if (call.isError)
    return (
      <p className="message message--error" role="alert">
        {describeFailure(call.error)}
      </p>
    );
  return <CallEditor key={call.data.id} saved={call.data} />;
}

/** An input with its label and, below it, the api's words about it (announced with the input). */
function Field({ id, label, error, children }: { id: string; label: string; error: string | undefined; children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}) })}
      {error && (
        <p id={`${id}-error`} className="message message--error field-error">
          {error}
        </p>
      )}
    </>
  );
}

function CallEditor({ saved }: { saved: CallView | null }) {
  const { t } = useTranslation('console');
  const uiLanguage = useUiLanguage();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const [draft, setDraft] = useState<CallDraft>(() => (saved ? draftOf(saved) : emptyDraft()));
  const [problems, setProblems] = useState<EditorProblems>(NO_PROBLEMS);
  const [busy, setBusy] = useState(false);
  const location = useLocation();
  // Just created: the editor opened at the call's address says so.
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(() => ((location.state as { created?: boolean } | null)?.created ? { kind: 'ok', text: t('callEditor.created') } : null));
  const [confirming, setConfirming] = useState<CallTransition | null>(null);
  const [previewLanguage, setPreviewLanguage] = useState<UiLanguage>(uiLanguage);
  const [newKind, setNewKind] = useState<FieldKind>('text');
  const now = new Date();
  const editable = saved === null || editableNow(saved, now);
  const transitions = saved ? allowedTransitions(saved, now) : [];
  const countries = useMemo(() => {
    const collator = nameCollator(uiLanguage);
    return COUNTRY_CODES.map((code) => ({ code, name: countryDisplayName(code, uiLanguage) })).sort((a, b) => collator.compare(a.name, b.name));
  }, [uiLanguage]);

  const err = (path: string): string | undefined => problems.fields[path];
  const update = (change: (d: CallDraft) => CallDraft) => setDraft((d) => change(d));
  const setField = (key: string, change: (f: DraftField) => DraftField) => update((d) => ({ ...d, form: d.form.map((f) => (f.key === key ? change(f) : f)) }));
  const langName = (l: UiLanguage) => languageDisplayName(l, uiLanguage);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const body = inputOf(draft);
      const result = saved ? await updateCall(saved.id, body) : await createCall(body);
      await queryClient.invalidateQueries({ queryKey: CALLS_KEY });
      setProblems(NO_PROBLEMS);
      if (saved) {
        queryClient.setQueryData(['programme', 'call', saved.id], result);
        setMessage({ kind: 'ok', text: t('callEditor.saved') });
      } else {
        queryClient.setQueryData(['programme', 'call', result.id], result);
        void navigate(`/staff/console/calls/${result.id}`, { replace: true, state: { created: true } });
      }
    } catch (error) {
      if (error instanceof ApiError) {
        const paths = new Set(editorPaths(draft));
        setProblems(editorProblems(error, (p) => paths.has(p)));
        setMessage(null);
      } else {
        setProblems(NO_PROBLEMS);
        setMessage({ kind: 'error', text: describeFailure(error) });
      }
    } finally {
      setBusy(false);
    }
  }

  async function move(transition: CallTransition) {
    if (!saved) return;
    setBusy(true);
    setMessage(null);
    setConfirming(null);
    try {
      const result = await transitionCall(saved.id, transition);
      await queryClient.invalidateQueries({ queryKey: CALLS_KEY });
      setMessage({ kind: 'ok', text: t(`callEditor.done.${transition}`) });
      queryClient.setQueryData(['programme', 'call', saved.id], result);
    } catch (error) {
      setMessage({ kind: 'error', text: describeFailure(error) });
    } finally {
      setBusy(false);
    }
  }

  const input = inputOf(draft);
  const instant = saved && saved.closes.local === draft.closesLocal && saved.timeZone === draft.timeZone ? saved.closes.instant : null;
  const closesValid = LOCAL_DATE_TIME_PATTERN.test(draft.closesLocal.trim());

  return (
    <>
      <p>
        <Link to="/staff/console/calls">{t('callEditor.back')}</Link>
      </p>
      <h1>{saved ? t('callEditor.editTitle', { title: saved.texts.en.title }) : t('callEditor.newTitle')}</h1>
      {saved && <p data-testid="call-phase">{t('callEditor.phaseIs', { phase: t(`calls.phase.${saved.phase}`) })}</p>}
      {saved && saved.status !== 'draft' && (
        <p>
          <Link to={`/staff/console/calls/${saved.id}/applications`}>{t('applications.link')}</Link>
        </p>
      )}
      <StatusMessages busy={busy} message={message} />
      {problems.general && (
        <p className="message message--error" role="alert">
          {problems.general}
        </p>
      )}
      {saved && !editable && <p className="message">{t('callEditor.notEditable')}</p>}
      {saved && editable && saved.status !== 'draft' && <p className="message">{t('callEditor.editingPublished')}</p>}

      {saved && transitions.length > 0 && (
        <section aria-labelledby={`${id}-lifecycle`}>
          <h2 id={`${id}-lifecycle`}>{t('callEditor.lifecycle')}</h2>
          <div className="portal-actions">
            {transitions.map((tr) =>
              confirming === tr ? (
                <div key={tr} className="passkeys__confirm" role="group" aria-label={t(`callEditor.confirm.${tr}`)}>
                  <p>{t(`callEditor.confirm.${tr}`)}</p>
                  <button type="button" className="button button--danger" disabled={busy} onClick={() => void move(tr)}>
                    {t(`callEditor.confirmButton.${tr}`)}
                  </button>
                  <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              ) : (
                <button key={tr} type="button" className="button" disabled={busy} onClick={() => (tr === 'close' || tr === 'archive' ? setConfirming(tr) : void move(tr))}>
                  {t(`callEditor.transition.${tr}`)}
                </button>
              ),
            )}
          </div>
        </section>
      )}

      <div className="call-editor">
        <form onSubmit={(e) => void save(e)} aria-labelledby={`${id}-form`} noValidate>
          <h2 id={`${id}-form`}>{t('callEditor.formTitle')}</h2>
          <fieldset disabled={!editable || busy}>
            <Field id={`${id}-kind`} label={t('calls.kindLabel')} error={err('kind')}>
              {(p) => (
                <select {...p} value={draft.kind} onChange={(e) => update((d) => ({ ...d, kind: e.target.value as CallKind }))}>
                  {CALL_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`calls.kind.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>

            {UI_LANGUAGES.map((l) => (
              <fieldset key={l} lang={l}>
                <legend lang={uiLanguage}>{l === 'en' ? t('callEditor.textsRequired', { language: langName(l) }) : t('callEditor.textsOptional', { language: langName(l) })}</legend>
                <Field id={`${id}-${l}-title`} label={t('callEditor.titleIn', { language: langName(l) })} error={err(`texts.${l}.title`)}>
                  {(p) => <input {...p} maxLength={CALL_TITLE_MAX} value={draft.texts[l].title} onChange={(e) => update((d) => ({ ...d, texts: { ...d.texts, [l]: { ...d.texts[l], title: e.target.value } } }))} />}
                </Field>
                <Field id={`${id}-${l}-description`} label={t('callEditor.descriptionIn', { language: langName(l) })} error={err(`texts.${l}.description`)}>
                  {(p) => (
                    <textarea {...p} maxLength={CALL_DESCRIPTION_MAX} value={draft.texts[l].description} onChange={(e) => update((d) => ({ ...d, texts: { ...d.texts, [l]: { ...d.texts[l], description: e.target.value } } }))} />
                  )}
                </Field>
                <Field id={`${id}-${l}-eligibility`} label={t('callEditor.eligibilityIn', { language: langName(l) })} error={err(`texts.${l}.eligibility`)}>
                  {(p) => (
                    <textarea {...p} maxLength={CALL_ELIGIBILITY_MAX} value={draft.texts[l].eligibility} onChange={(e) => update((d) => ({ ...d, texts: { ...d.texts, [l]: { ...d.texts[l], eligibility: e.target.value } } }))} />
                  )}
                </Field>
                {err(`texts.${l}`) && <p className="message message--error field-error">{err(`texts.${l}`)}</p>}
              </fieldset>
            ))}

            <fieldset>
              <legend>{t('callEditor.formFields')}</legend>
              {err('form') && <p className="message message--error field-error">{err('form')}</p>}
              {draft.form.length === 0 && <p>{t('callEditor.noFields')}</p>}
              {draft.form.map((f, i) => (
                <FormFieldEditor
                  key={f.key}
                  field={f}
                  index={i}
                  count={draft.form.length}
                  err={(rest) => err(`form.${i}${rest}`)}
                  langName={langName}
                  onChange={(change) => setField(f.key, change)}
                  onMove={(by) => update((d) => ({ ...d, form: moved(d.form, i, by) }))}
                  onRemove={() => update((d) => ({ ...d, form: d.form.filter((x) => x.key !== f.key) }))}
                />
              ))}
              <Field id={`${id}-new-kind`} label={t('callEditor.newFieldKind')} error={undefined}>
                {(p) => (
                  <select {...p} value={newKind} onChange={(e) => setNewKind(e.target.value as FieldKind)}>
                    {FIELD_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`callEditor.fieldKind.${k}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="button" className="button button--secondary" onClick={() => update((d) => ({ ...d, form: [...d.form, newField(newKind, d.form)] }))}>
                {t('callEditor.addField')}
              </button>
            </fieldset>

            <fieldset>
              <legend>{t('callEditor.quotas')}</legend>
              <Field id={`${id}-total`} label={t('callEditor.quotaTotal')} error={err('quotas.total')}>
                {(p) => <input {...p} inputMode="numeric" maxLength={6} value={draft.quotaTotal} onChange={(e) => update((d) => ({ ...d, quotaTotal: e.target.value }))} />}
              </Field>
              {err('quotas.perCountry') && <p className="message message--error field-error">{err('quotas.perCountry')}</p>}
              {draft.perCountry.map((q, i) => (
                <fieldset key={q.key}>
                  <legend>{t('callEditor.countryQuota', { n: i + 1 })}</legend>
                  <Field id={`${id}-${q.key}-country`} label={t('callEditor.country')} error={undefined}>
                    {(p) => (
                      <select {...p} value={q.country} onChange={(e) => update((d) => ({ ...d, perCountry: d.perCountry.map((x) => (x.key === q.key ? { ...x, country: e.target.value as CountryCode | '' } : x)) }))}>
                        <option value="">{t('callEditor.chooseCountry')}</option>
                        {countries.map((c) => (
                          <option key={c.code} value={c.code}>
                            {c.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <Field id={`${id}-${q.key}-places`} label={t('callEditor.countryPlaces')} error={q.country ? err(`quotas.perCountry.${q.country}`) : undefined}>
                    {(p) => <input {...p} inputMode="numeric" maxLength={6} value={q.places} onChange={(e) => update((d) => ({ ...d, perCountry: d.perCountry.map((x) => (x.key === q.key ? { ...x, places: e.target.value } : x)) }))} />}
                  </Field>
                  <button type="button" className="button button--secondary" onClick={() => update((d) => ({ ...d, perCountry: d.perCountry.filter((x) => x.key !== q.key) }))}>
                    {t('callEditor.removeCountryQuota', { n: i + 1 })}
                  </button>
                </fieldset>
              ))}
              <button type="button" className="button button--secondary" onClick={() => update((d) => ({ ...d, perCountry: [...d.perCountry, { key: nextKey('quota'), country: '', places: '' }] }))}>
                {t('callEditor.addCountryQuota')}
              </button>
            </fieldset>

            <fieldset>
              <legend>{t('callEditor.dates')}</legend>
              <Field id={`${id}-zone`} label={t('calls.zoneLabel')} error={err('timeZone')}>
                {(p) => <input {...p} maxLength={64} value={draft.timeZone} onChange={(e) => update((d) => ({ ...d, timeZone: e.target.value }))} />}
              </Field>
              <Field id={`${id}-opens`} label={t('calls.opensLabel')} error={err('opensLocal')}>
                {(p) => <input {...p} maxLength={16} placeholder="2026-11-20T09:00" value={draft.opensLocal} onChange={(e) => update((d) => ({ ...d, opensLocal: e.target.value }))} />}
              </Field>
              <Field id={`${id}-closes`} label={t('calls.closesLabel')} error={err('closesLocal')}>
                {(p) => <input {...p} maxLength={16} placeholder="2026-12-14T24:00" value={draft.closesLocal} onChange={(e) => update((d) => ({ ...d, closesLocal: e.target.value }))} />}
              </Field>
              <Field id={`${id}-decision`} label={t('callEditor.decisionOn')} error={err('decisionOn')}>
                {(p) => <input {...p} maxLength={10} placeholder="2026-12-21" value={draft.decisionOn} onChange={(e) => update((d) => ({ ...d, decisionOn: e.target.value }))} />}
              </Field>
              <Field id={`${id}-notify`} label={t('callEditor.notifyOn')} error={err('notifyOn')}>
                {(p) => <input {...p} maxLength={10} placeholder="2026-12-25" value={draft.notifyOn} onChange={(e) => update((d) => ({ ...d, notifyOn: e.target.value }))} />}
              </Field>
            </fieldset>
            <button type="submit" className="button">
              {saved ? t('callEditor.save') : t('calls.create')}
            </button>
          </fieldset>
        </form>

        <section aria-labelledby={`${id}-preview`} className="call-preview">
          <h2 id={`${id}-preview`}>{t('callEditor.preview')}</h2>
          <label htmlFor={`${id}-preview-language`}>{t('callEditor.previewLanguage')}</label>
          <select id={`${id}-preview-language`} value={previewLanguage} onChange={(e) => setPreviewLanguage(e.target.value as UiLanguage)}>
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {langName(l)}
              </option>
            ))}
          </select>
          <div className="panel" data-testid="call-preview">
            <CallDetails
              headingLevel={2}
              language={previewLanguage}
              call={{
                kind: draft.kind,
                phase: saved?.phase ?? 'draft',
                texts: input.texts,
                quotas: { total: Number.isInteger(input.quotas.total) ? input.quotas.total : null, perCountry: {} },
                closes: closesValid ? { local: draft.closesLocal.trim(), timeZone: draft.timeZone, instant } : null,
                decisionOn: /^\d{4}-\d{2}-\d{2}$/.test(draft.decisionOn.trim()) ? draft.decisionOn.trim() : null,
                notifyOn: /^\d{4}-\d{2}-\d{2}$/.test(draft.notifyOn.trim()) ? draft.notifyOn.trim() : null,
              }}
            />
          </div>
        </section>
      </div>
    </>
  );
}

/** One field of the application form: its kind, name, required flag, labels per language, and what its kind needs. */
function FormFieldEditor({
  field: f,
  index,
  count,
  err,
  langName,
  onChange,
  onMove,
  onRemove,
}: {
  field: DraftField;
  index: number;
  count: number;
  err: (rest: string) => string | undefined;
  langName: (l: UiLanguage) => string;
  onChange: (change: (f: DraftField) => DraftField) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('console');
  const id = useId();
  const n = index + 1;
  const setOption = (at: number, change: (o: DraftOption) => DraftOption) => onChange((x) => ({ ...x, options: x.options.map((o, j) => (j === at ? change(o) : o)) }));
  return (
    <fieldset data-testid="form-field">
      <legend>{t('callEditor.fieldN', { n, kind: t(`callEditor.fieldKind.${f.kind}`) })}</legend>
      {err('') && <p className="message message--error field-error">{err('')}</p>}
      <Field id={`${id}-name`} label={t('callEditor.fieldName', { n })} error={err('.name')}>
        {(p) => <input {...p} maxLength={40} value={f.name} onChange={(e) => onChange((x) => ({ ...x, name: e.target.value }))} />}
      </Field>
      <p>
        <input id={`${id}-required`} type="checkbox" checked={f.required} onChange={(e) => onChange((x) => ({ ...x, required: e.target.checked }))} />
        <label htmlFor={`${id}-required`}>{t('callEditor.fieldRequired', { n })}</label>
      </p>
      {UI_LANGUAGES.map((l) => (
        <Field key={l} id={`${id}-label-${l}`} label={t('callEditor.fieldLabelIn', { n, language: langName(l) })} error={err(`.label.${l}`)}>
          {(p) => <input {...p} lang={l} maxLength={CALL_FIELD_LABEL_MAX} value={f.labels[l]} onChange={(e) => onChange((x) => ({ ...x, labels: { ...x.labels, [l]: e.target.value } }))} />}
        </Field>
      ))}
      {(f.kind === 'text' || f.kind === 'textarea') && (
        <Field id={`${id}-max-length`} label={t('callEditor.fieldMaxLength', { n })} error={err('.maxLength')}>
          {(p) => <input {...p} inputMode="numeric" maxLength={6} value={f.maxLength} onChange={(e) => onChange((x) => ({ ...x, maxLength: e.target.value }))} />}
        </Field>
      )}
      {f.kind === 'number' && (
        <>
          <Field id={`${id}-min`} label={t('callEditor.fieldMin', { n })} error={err('.min')}>
            {(p) => <input {...p} inputMode="numeric" maxLength={11} value={f.min} onChange={(e) => onChange((x) => ({ ...x, min: e.target.value }))} />}
          </Field>
          <Field id={`${id}-max`} label={t('callEditor.fieldMax', { n })} error={err('.max')}>
            {(p) => <input {...p} inputMode="numeric" maxLength={11} value={f.max} onChange={(e) => onChange((x) => ({ ...x, max: e.target.value }))} />}
          </Field>
        </>
      )}
      {f.kind === 'select' && (
        <fieldset>
          <legend>{t('callEditor.options', { n })}</legend>
          {err('.options') && <p className="message message--error field-error">{err('.options')}</p>}
          {f.options.map((o, j) => (
            <fieldset key={o.key}>
              <legend>{t('callEditor.optionN', { n: j + 1 })}</legend>
              <Field id={`${id}-option-${j}-value`} label={t('callEditor.optionValue', { n: j + 1 })} error={err(`.options.${j}.value`)}>
                {(p) => <input {...p} maxLength={40} value={o.value} onChange={(e) => setOption(j, (x) => ({ ...x, value: e.target.value }))} />}
              </Field>
              {UI_LANGUAGES.map((l) => (
                <Field key={l} id={`${id}-option-${j}-${l}`} label={t('callEditor.optionLabelIn', { n: j + 1, language: langName(l) })} error={err(`.options.${j}.label.${l}`)}>
                  {(p) => <input {...p} lang={l} maxLength={CALL_FIELD_LABEL_MAX} value={o.labels[l]} onChange={(e) => setOption(j, (x) => ({ ...x, labels: { ...x.labels, [l]: e.target.value } }))} />}
                </Field>
              ))}
              <button type="button" className="button button--secondary" disabled={f.options.length === 1} onClick={() => onChange((x) => ({ ...x, options: x.options.filter((_, k) => k !== j) }))}>
                {t('callEditor.removeOption', { n: j + 1 })}
              </button>
            </fieldset>
          ))}
          <button type="button" className="button button--secondary" onClick={() => onChange((x) => ({ ...x, options: [...x.options, newOption(x.options)] }))}>
            {t('callEditor.addOption')}
          </button>
        </fieldset>
      )}
      <div className="portal-actions">
        <button type="button" className="button button--secondary" disabled={index === 0} onClick={() => onMove(-1)}>
          {t('callEditor.moveUp', { n })}
        </button>
        <button type="button" className="button button--secondary" disabled={index === count - 1} onClick={() => onMove(1)}>
          {t('callEditor.moveDown', { n })}
        </button>
        <button type="button" className="button button--secondary" onClick={onRemove}>
          {t('callEditor.removeField', { n })}
        </button>
      </div>
    </fieldset>
  );
}
