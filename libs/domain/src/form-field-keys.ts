/**
 * The i18n key of a select field's option, apart from form-fields.ts so that the request forms'
 * words (request-words.ts, which the web app's first page loads) do not bring zod with them.
 */
export function optionLabelKey(field: { readonly labelKey: string }, option: string): string {
  return `${field.labelKey}.option.${option}`;
}
