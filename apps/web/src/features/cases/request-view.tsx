/**
 * The decrypted request, field by field as libs/domain describes its form (requestFormFields):
 * the same descriptors the portal renders as inputs are rendered here as a description list.
 * Only a body that verified (the requester's signature) and parsed as a form gets here.
 */
import { formatIsoDate } from '../../i18n';
import { ct } from '../../ui/console-t';
import { useTranslation } from 'react-i18next';
import { type FieldDescriptor, type RequestForm, requestFormFields } from '@ashar/domain';
import { fieldLabel, optionLabel } from './case-labels';
import { TYPE_LABELS } from '../../request-values/names';

function valueText(field: FieldDescriptor, value: unknown): string {
  switch (field.kind) {
    case 'boolean':
      return value === true ? ct('common.yes') : ct('common.no');
    case 'select':
      return optionLabel(field, String(value));
    case 'date': {
      const date = new Date(`${String(value)}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? String(value) : formatIsoDate(String(value));
    }
    default:
      return String(value);
  }
}

export function RequestView({ form, typeMismatch, clearType }: { form: RequestForm; typeMismatch: boolean; clearType: string }) {
  const { t } = useTranslation('console');
  const values = form as unknown as Readonly<Record<string, unknown>>;
  const fields = requestFormFields(form.type).filter((field) => values[field.name] !== undefined && values[field.name] !== '');
  return (
    <>
      {typeMismatch && (
        <p className="message message--error" role="alert">
          {t('requestView.typeMismatch', { signed: TYPE_LABELS[form.type].toLowerCase(), filed: clearType })}
        </p>
      )}
      <dl className="facts-list request-fields" aria-label={t('casePage.request')}>
        <dt>{t('inbox.type')}</dt>
        <dd>{TYPE_LABELS[form.type]}</dd>
        {fields.map((field) => (
          <div key={field.name} className="request-fields__item">
            <dt>{fieldLabel(field)}</dt>
            <dd className={field.kind === 'textarea' ? 'request-fields__text' : undefined}>{valueText(field, values[field.name])}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
