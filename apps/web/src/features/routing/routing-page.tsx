/**
 * Admin: the routing rules (request type, country, language → desk) in the order they apply,
 * added, edited in their row and deleted after a confirmation, with a route tester. Shown when
 * libs/domain's ability lets the person manage RoutingRule (the api checks again). Rules are
 * checked with libs/domain's `routingRuleSchema` before anything is sent; the api's refusals
 * are shown in words, and the list is read again after every change, so it is always the
 * server's order.
 */
import { Trans, useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { type RoutingRuleView, INTAKE_DESK_SLUG, GeneralError } from '@ashar/domain';
import { isApiError } from '../../api/client';
import { createRoutingRule, deleteRoutingRule, updateRoutingRule } from '../../api/routing';
import { describeFailure } from '../../data/describe-failure';
import { deskDirectoryQuery } from '../desks';
import { abilityOf, useIdentity, useFailure, useStepUp } from '../identity';
import { RouteTester } from './route-tester';
import { routingQueryKeys, routingRulesQuery } from './routing-queries';
import { RuleFields } from './rule-fields';
import {
  type DraftErrors,
  type DraftField,
  type RuleDraft,
  DRAFT_FIELDS,
  fieldLabel,
  countryWords,
  deskName,
  draftOf,
  emptyDraft,
  languageWords,
  ruleOf,
  ruleWords,
  shadowedBy,
  typeWords,
} from './routing-model';

interface Outcome {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

const COLUMNS = 7;

interface AddForm {
  readonly draft: RuleDraft;
  readonly errors: DraftErrors;
  readonly problem: string | null;
}

function freshAddForm(rules: readonly RoutingRuleView[]): AddForm {
  return { draft: emptyDraft(rules), errors: {}, problem: null };
}

export function RoutingPage() {
  const id = useId();
  const { t } = useTranslation('console');
  const { session, unlocked } = useIdentity();
  const failure = useFailure();
  // Routing decides which desks new requests are sealed to: each change asks for a passkey confirmation (step-up).
  const stepUp = useStepUp();
  const allowed = Boolean(session && unlocked && abilityOf(session).can('create', 'RoutingRule'));

  const queryClient = useQueryClient();
  const rulesQuery = useQuery({ ...routingRulesQuery(), enabled: allowed });
  const desksQuery = useQuery({ ...deskDirectoryQuery(), enabled: allowed });
  const rules = rulesQuery.data ?? null;
  const desks = desksQuery.data ?? null;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // One change at a time; it is done once the list it changed is read again.
  const change = useMutation({ mutationFn: (work: () => Promise<void>) => work() });
  const busy = change.isPending;
  const [editing, setEditing] = useState<{ id: string; draft: RuleDraft; errors: DraftErrors; problem: string | null } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [addForm, setAdding] = useState<AddForm | null>(null);
  // The add form starts from the first list read: its priority follows the last rule.
  const adding = addForm ?? (rules ? freshAddForm(rules) : null);
  const [added, setAdded] = useState<string | null>(null);
  /** An element to focus once it is rendered (a field, a row's button, a heading); a new object each time. */
  const [focusRequest, setFocusRequest] = useState<{ readonly target: string } | null>(null);
  const setFocusNext = useCallback((target: string) => setFocusRequest({ target }), []);

  /** The api's words, and the fields it named (validation), never the values sent. */
  const refusal = useCallback(
    (error: unknown): string => {
      const text = failure(error);
      if (!isApiError(error)) return text;
      const fields = (error.problem?.errors ?? []).map((e) => `${(DRAFT_FIELDS as readonly string[]).includes(e.path) ? fieldLabel(e.path as DraftField) : e.path}: ${e.message}`);
      if (error.code === GeneralError.Validation || error.code === GeneralError.Conflict) return t('routing.serverRefused', { reasons: [text, ...fields].join('. ') });
      return text;
    },
    [failure, t],
  );

  /** The list read again after a change; null when that failed (the failure then shows as the load's). */
  const reload = useCallback(async (): Promise<RoutingRuleView[] | null> => {
    await queryClient.invalidateQueries({ queryKey: routingQueryKeys.rules() });
    const state = queryClient.getQueryState<RoutingRuleView[]>(routingQueryKeys.rules());
    return state?.status === 'success' ? (state.data ?? null) : null;
  }, [queryClient]);

  const loadFailure = rulesQuery.error ?? desksQuery.error;
  const shown: Outcome | null = outcome ?? (loadFailure ? { kind: 'error', text: describeFailure(loadFailure) } : null);

  useEffect(() => {
    if (focusRequest) document.getElementById(focusRequest.target)?.focus();
  }, [focusRequest]);

  if (!session || !unlocked) return null;
  if (!allowed) {
    return (
      <p className="message message--error" role="alert">
        {t('routing.onlyAdmins')}
      </p>
    );
  }

  const ability = abilityOf(session);
  const rowButton = (ruleId: string, what: 'edit' | 'delete') => `${id}-${what}-${ruleId}`;
  const editPrefix = `${id}-edit`;
  const addPrefix = `${id}-add`;
  const tableTitle = `${id}-rules`;

  function focusFirstError(prefix: string, errors: DraftErrors) {
    const first = DRAFT_FIELDS.find((f) => errors[f] !== undefined);
    if (first) setFocusNext(`${prefix}-${first}`);
  }

  function startEditing(rule: RoutingRuleView) {
    setDeleting(null);
    setOutcome(null);
    setAdded(null);
    setEditing({ id: rule.id, draft: draftOf(rule), errors: {}, problem: null });
    setFocusNext(`${editPrefix}-priority`);
  }

  function stopEditing(ruleId: string) {
    setEditing(null);
    setFocusNext(rowButton(ruleId, 'edit'));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const checked = ruleOf(editing.draft);
    if ('errors' in checked) {
      setEditing({ ...editing, errors: checked.errors, problem: null });
      focusFirstError(editPrefix, checked.errors);
      return;
    }
    const edited = editing;
    await change.mutateAsync(async () => {
      try {
        await stepUp.ensure();
        await updateRoutingRule(edited.id, checked.rule);
        const listed = await reload();
        const place = (listed ?? []).findIndex((r) => r.id === edited.id) + 1;
        setEditing(null);
        setOutcome({ kind: 'ok', text: place > 0 ? t('routing.savedAs', { place }) : t('routing.saved') });
        setFocusNext(place > 0 ? rowButton(edited.id, 'edit') : tableTitle);
      } catch (e) {
        if (isApiError(e, 404)) {
          const text = `${refusal(e)} ${t('routing.maybeDeleted')}`;
          setEditing(null);
          setOutcome((await reload()) ? { kind: 'error', text } : null);
          setFocusNext(tableTitle);
        } else {
          setEditing({ ...edited, errors: {}, problem: refusal(e) });
        }
      }
    });
  }

  async function remove(rule: RoutingRuleView, place: number) {
    await change.mutateAsync(async () => {
      let result: Outcome;
      try {
        await stepUp.ensure();
        await deleteRoutingRule(rule.id);
        result = { kind: 'ok', text: t('routing.deleted', { place }) };
      } catch (e) {
        result = { kind: 'error', text: isApiError(e, 404) ? `${refusal(e)} ${t('routing.upToDate')}` : refusal(e) };
      }
      setDeleting(null);
      // The outcome shows with the list it speaks of (a failed reload shows its own message).
      setOutcome((await reload()) ? result : null);
    });
    setFocusNext(tableTitle);
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!adding) return;
    setAdded(null);
    const checked = ruleOf(adding.draft);
    if ('errors' in checked) {
      setAdding({ ...adding, errors: checked.errors, problem: null });
      focusFirstError(addPrefix, checked.errors);
      return;
    }
    const form = adding;
    await change.mutateAsync(async () => {
      try {
        await stepUp.ensure();
        const created = await createRoutingRule(checked.rule);
        const listed = (await reload()) ?? [];
        const place = listed.findIndex((r) => r.id === created.id) + 1;
        setAdding(freshAddForm(listed));
        setAdded(place > 0 ? t('routing.addedAs', { place, rule: ruleWords(checked.rule, desks ?? []) }) : t('routing.added', { rule: ruleWords(checked.rule, desks ?? []) }));
      } catch (e) {
        setAdding({ ...form, errors: {}, problem: refusal(e) });
      }
    });
  }

  /** A field's new value; its error goes until the form is checked again. */
  const changed = <T extends { draft: RuleDraft; errors: DraftErrors }>(current: T, field: DraftField, value: string): T => {
    const { [field]: _gone, ...errors } = current.errors;
    return { ...current, draft: { ...current.draft, [field]: value }, errors };
  };
  const changeEdited = (field: DraftField, value: string) => setEditing((current) => current && changed(current, field, value));
  const changeAdded = (field: DraftField, value: string) => setAdding((current) => {
    const base = current ?? (rules ? freshAddForm(rules) : null);
    return base && changed(base, field, value);
  });

  return (
    <>
      <h1>{t('layout.routing')}</h1>
      <p>
        {t('routing.intro')}
      </p>
      <p className="panel" id={`${id}-precedence`}>
        <Trans
          t={t}
          i18nKey="routing.precedence"
          values={{ intake: desks ? deskName(desks, INTAKE_DESK_SLUG) : INTAKE_DESK_SLUG }}
          components={{ strong: <strong /> }}
        />
      </p>

      {shown && (
        <p className={`message message--${shown.kind}`} role={shown.kind === 'error' ? 'alert' : 'status'}>
          {shown.text}
        </p>
      )}

      <h2 id={tableTitle} tabIndex={-1} className="focus-target">
        {t('routing.rulesTitle')}
      </h2>
      {(rules === null || desks === null) && !shown && <p className="message">{t('routing.loading')}</p>}
      {rules && desks && rules.length === 0 && <p>{t('routing.noRules')}</p>}
      {rules && desks && rules.length > 0 && (
        <div className="table-scroll">
          <table className="table routing-rules" aria-labelledby={tableTitle} aria-describedby={`${id}-precedence`}>
            <thead>
              <tr>
                <th scope="col">{t('routing.order')}</th>
                <th scope="col">{fieldLabel('priority')}</th>
                <th scope="col">{fieldLabel('requestType')}</th>
                <th scope="col">{fieldLabel('country')}</th>
                <th scope="col">{fieldLabel('language')}</th>
                <th scope="col">{fieldLabel('deskSlug')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('staff.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule, index) => {
                const place = index + 1;
                if (editing?.id === rule.id) {
                  return (
                    <tr key={rule.id} className="routing-rules__editing">
                      <td colSpan={COLUMNS}>
                        <form className="form" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${editPrefix}-title`}>
                          <h3 id={`${editPrefix}-title`} className="routing-rules__edit-title">
                            {t('routing.editRule', { place })}
                          </h3>
                          <RuleFields idPrefix={editPrefix} draft={editing.draft} errors={editing.errors} desks={desks} onChange={changeEdited} />
                          {editing.problem && (
                            <p className="message message--error" role="alert">
                              {editing.problem}
                            </p>
                          )}
                          <div className="actions">
                            <button type="submit" className="button" disabled={busy}>
                              {t('routing.saveRule', { place })}
                            </button>
                            <button type="button" className="button button--secondary" onClick={() => stopEditing(rule.id)} disabled={busy}>
                              {t('common.cancel')}
                            </button>
                          </div>
                        </form>
                      </td>
                    </tr>
                  );
                }
                const desk = desks.find((d) => d.slug === rule.deskSlug);
                const shadow = shadowedBy(rules, index);
                return (
                  <tr key={rule.id}>
                    <th scope="row">{place}</th>
                    <td>{rule.priority}</td>
                    <td>{typeWords(rule.requestType)}</td>
                    <td>{countryWords(rule.country)}</td>
                    <td>{languageWords(rule.language)}</td>
                    <td>
                      {deskName(desks, rule.deskSlug)}
                      {!desk && <span className="badge badge--bad">{t('routing.badgeNoDesk')}</span>}
                      {desk?.key === null && <span className="badge badge--pending">{t('routing.badgeNoKey')}</span>}
                      {shadow !== null && <p className="field__hint">{t('routing.shadowed', { shadow })}</p>}
                    </td>
                    <td>
                      {deleting === rule.id ? (
                        <div className="passkeys__confirm" role="group" aria-label={t('routing.confirmDeleteLabel', { place })}>
                          <span>{t('routing.confirmDelete', { place })}</span>
                          <button type="button" className="button button--danger" onClick={() => void remove(rule, place)} disabled={busy}>
                            {t('routing.deleteRule', { place })}
                          </button>
                          <button
                            type="button"
                            id={`${id}-keep-${rule.id}`}
                            className="button button--secondary"
                            onClick={() => {
                              setDeleting(null);
                              setFocusNext(rowButton(rule.id, 'delete'));
                            }}
                            disabled={busy}
                          >
                            {t('common.cancel')}
                          </button>
                        </div>
                      ) : (
                        <div className="actions">
                          {ability.can('update', 'RoutingRule') && (
                            <button
                              type="button"
                              id={rowButton(rule.id, 'edit')}
                              className="button button--secondary"
                              onClick={() => startEditing(rule)}
                              disabled={busy || editing !== null}
                              aria-label={t('routing.editRule', { place })}
                            >
                              {t('routing.edit')}
                            </button>
                          )}
                          {ability.can('delete', 'RoutingRule') && (
                            <button
                              type="button"
                              id={rowButton(rule.id, 'delete')}
                              className="button button--secondary"
                              onClick={() => {
                                setOutcome(null);
                                setAdded(null);
                                setDeleting(rule.id);
                                setFocusNext(`${id}-keep-${rule.id}`);
                              }}
                              disabled={busy || editing !== null}
                              aria-label={t('routing.deleteRule', { place })}
                            >
                              {t('routing.delete')}
                            </button>
                          )}
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {desks && adding && (
        <form className="form panel" onSubmit={(e) => void add(e)} noValidate aria-labelledby={`${id}-add-title`}>
          <h2 id={`${id}-add-title`}>{t('routing.addTitle')}</h2>
          <RuleFields idPrefix={addPrefix} draft={adding.draft} errors={adding.errors} desks={desks} onChange={changeAdded} />
          {adding.problem && (
            <p className="message message--error" role="alert">
              {adding.problem}
            </p>
          )}
          <button type="submit" className="button" disabled={busy}>
            {t('routing.addButton')}
          </button>
          <div role="status">{added && <p className="message message--ok">{added}</p>}</div>
        </form>
      )}

      {rules && desks && <RouteTester rules={rules} desks={desks} />}
    </>
  );
}
