/**
 * The decrypted request, field by field as libs/domain describes its form (requestFormFields):
 * the same descriptors the portal renders as inputs are rendered here as a description list.
 * Only a body that verified (the requester's signature) and parsed as a form gets here.
 */
import { type AnyRequestForm, type FieldDescriptor, NO_SCRIPT_CHANNEL, requestFormFields } from '@ashar/domain';
import { fieldLabel, optionLabel } from './case-labels';
import { TYPE_LABELS } from '../../request-values/names';

function valueText(field: FieldDescriptor, value: unknown): string {
  switch (field.kind) {
    case 'boolean':
      return value === true ? 'Yes' : 'No';
    case 'select':
      return optionLabel(field, String(value));
    case 'date': {
      const date = new Date(`${String(value)}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? String(value) : `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date)}`;
    }
    default:
      return String(value);
  }
}

export function RequestView({ form, typeMismatch, clearType }: { form: AnyRequestForm; typeMismatch: boolean; clearType: string }) {
  const values = form as unknown as Readonly<Record<string, unknown>>;
  const fields = requestFormFields(form.type).filter((field) => values[field.name] !== undefined && values[field.name] !== '');
  return (
    <>
      {typeMismatch && (
        <p className="message message--error" role="alert">
          The requester signed a {TYPE_LABELS[form.type].toLowerCase()} request, but the server files this case as {clearType}. Tell your administrator.
        </p>
      )}
      {'channel' in form && form.channel === NO_SCRIPT_CHANNEL && (
        <p className="message">
          Sent through the form without JavaScript: the server encrypted this text when it arrived, so it saw it for a moment. The kind’s own questions were not asked.
        </p>
      )}
      <dl className="facts-list request-fields" aria-label="Request">
        <dt>Type</dt>
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
