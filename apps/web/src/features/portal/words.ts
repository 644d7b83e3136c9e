/**
 * Words that code outside components decides on (an error, a refusal, a field's problem): a key
 * of the `portal` namespace and its values, put into the reader's language where they are shown,
 * so that a switch of language changes them too.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type Words } from '../../request-values/field-values';

export { type Words, words } from '../../request-values/field-values';

/** The portal's t, and `say` for Words. */
export function usePortalWords() {
  const { t } = useTranslation('portal');
  const say = useCallback((w: Words) => t(w.key, { ...w.values }), [t]);
  return { t, say };
}
