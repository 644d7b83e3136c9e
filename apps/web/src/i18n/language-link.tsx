import { type LinkProps, Link } from 'react-router';
import { useLanguagePath } from './use-ui-language';

/** A react-router Link whose string `to` keeps the current `lang`. */
export function LanguageLink({ to, ...props }: Omit<LinkProps, 'to'> & { readonly to: string }) {
  const withLanguage = useLanguagePath();
  return <Link to={withLanguage(to)} {...props} />;
}
