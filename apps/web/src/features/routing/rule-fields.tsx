/**
 * The fields of one routing rule, for adding a rule and for editing one in its table row:
 * priority, request type, country and language ("any" = the criterion is left out) and the
 * desk, each with its error tied to it. Choices come from libs/domain's lists; desks from the
 * directory, those without a certified key marked (the portal cannot send requests to them).
 */
import { useTranslation } from 'react-i18next';
import { type DeskDirectoryEntry } from '../../api/desks';
import { type RequestType, ROUTING_PRIORITY_MAX } from '@ashar/domain';
import { languageName } from '../../request-values/names';
import { CountryOptions, LanguageOptions, RequestTypeOptions } from './choice-options';
import { type DraftErrors, type DraftField, LANGUAGE_CHOICES, type RuleDraft, fieldLabel } from './routing-model';

export interface RuleFieldsProps {
  /** Prefix of the fields' ids; the priority field is `${idPrefix}-priority`. */
  readonly idPrefix: string;
  readonly draft: RuleDraft;
  readonly errors: DraftErrors;
  readonly desks: readonly DeskDirectoryEntry[];
  readonly onChange: (field: DraftField, value: string) => void;
}

export function RuleFields({ idPrefix, draft, errors, desks, onChange }: RuleFieldsProps) {
  const { t } = useTranslation('console');
  const fieldId = (field: DraftField) => `${idPrefix}-${field}`;
  const errorId = (field: DraftField) => `${idPrefix}-${field}-error`;
  const hintId = (field: DraftField) => `${idPrefix}-${field}-hint`;
  const invalid = (field: DraftField) => errors[field] !== undefined;
  const describedBy = (field: DraftField, hint: boolean) => [hint ? hintId(field) : null, invalid(field) ? errorId(field) : null].filter(Boolean).join(' ') || undefined;
  const error = (field: DraftField) =>
    errors[field] && (
      <p className="field__error" id={errorId(field)}>
        {errors[field]}
      </p>
    );
  const fieldClass = (field: DraftField) => (invalid(field) ? 'field field--invalid' : 'field');

  const chosenDesk = desks.find((d) => d.slug === draft.deskSlug);
  const unknownDesk = draft.deskSlug !== '' && !chosenDesk;
  const unknownLanguage = draft.language !== '' && !LANGUAGE_CHOICES.includes(draft.language);

  return (
    <div className="rule-fields">
      <div className={fieldClass('priority')}>
        <label htmlFor={fieldId('priority')}>{fieldLabel('priority')}</label>
        <input
          id={fieldId('priority')}
          type="number"
          inputMode="numeric"
          min={0}
          max={ROUTING_PRIORITY_MAX}
          step={1}
          value={draft.priority}
          onChange={(e) => onChange('priority', e.target.value)}
          aria-invalid={invalid('priority') || undefined}
          aria-describedby={describedBy('priority', true)}
        />
        <p className="field__hint" id={hintId('priority')}>
          {t('routing.priorityHint')}
        </p>
        {error('priority')}
      </div>

      <div className={fieldClass('requestType')}>
        <label htmlFor={fieldId('requestType')}>{fieldLabel('requestType')}</label>
        <select
          id={fieldId('requestType')}
          value={draft.requestType}
          onChange={(e) => onChange('requestType', e.target.value as RequestType | '')}
          aria-invalid={invalid('requestType') || undefined}
          aria-describedby={describedBy('requestType', false)}
        >
          <option value="">{t('routing.anyType')}</option>
          <RequestTypeOptions />
        </select>
        {error('requestType')}
      </div>

      <div className={fieldClass('country')}>
        <label htmlFor={fieldId('country')}>{fieldLabel('country')}</label>
        <select
          id={fieldId('country')}
          value={draft.country}
          onChange={(e) => onChange('country', e.target.value)}
          aria-invalid={invalid('country') || undefined}
          aria-describedby={describedBy('country', false)}
        >
          <option value="">{t('routing.anyCountry')}</option>
          <CountryOptions />
        </select>
        {error('country')}
      </div>

      <div className={fieldClass('language')}>
        <label htmlFor={fieldId('language')}>{fieldLabel('language')}</label>
        <select
          id={fieldId('language')}
          value={draft.language}
          onChange={(e) => onChange('language', e.target.value)}
          aria-invalid={invalid('language') || undefined}
          aria-describedby={describedBy('language', true)}
        >
          <option value="">{t('routing.anyLanguage')}</option>
          <LanguageOptions />
          {unknownLanguage && <option value={draft.language}>{languageName(draft.language)}</option>}
        </select>
        <p className="field__hint" id={hintId('language')}>
          {t('routing.languageHint')}
        </p>
        {error('language')}
      </div>

      <div className={fieldClass('deskSlug')}>
        <label htmlFor={fieldId('deskSlug')}>{fieldLabel('deskSlug')}</label>
        <select
          id={fieldId('deskSlug')}
          value={draft.deskSlug}
          onChange={(e) => onChange('deskSlug', e.target.value)}
          aria-invalid={invalid('deskSlug') || undefined}
          aria-describedby={describedBy('deskSlug', chosenDesk?.key === null || unknownDesk)}
        >
          <option value="">{t('routing.chooseDesk')}</option>
          {desks.map((desk) => (
            <option key={desk.id} value={desk.slug}>
              {desk.key ? desk.name : t('routing.deskNoKey', { desk: desk.name })}
            </option>
          ))}
          {unknownDesk && <option value={draft.deskSlug}>{t('routing.deskUnknown', { desk: draft.deskSlug })}</option>}
        </select>
        {(chosenDesk?.key === null || unknownDesk) && (
          <p className="field__hint" id={hintId('deskSlug')}>
            {unknownDesk
              ? t('routing.deskGone')
              : t('routing.deskNoKeyHint')}
          </p>
        )}
        {error('deskSlug')}
      </div>
    </div>
  );
}
