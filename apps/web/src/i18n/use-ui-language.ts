/**
 * Hooks for the language in the URL: the current language, paths and navigations that keep it.
 * Every link and navigation inside the portal goes through these, so that `lang` follows the
 * requester from page to page (and Back returns to a page in the same language).
 */
import { type UiLanguage, isUiLanguage } from '@ashar/domain';
import { useCallback } from 'react';
import { type NavigateOptions, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { pathWithLanguage } from './url-language';

/** The language the page is shown in now. */
export function useUiLanguage(): UiLanguage {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return isUiLanguage(language) ? language : 'en';
}

/** `to` with the current `lang` ('/request' → '/request?lang=ky'). */
export function useLanguagePath(): (to: string) => string {
  const language = useUiLanguage();
  return useCallback((to: string) => pathWithLanguage(to, language), [language]);
}

/** useNavigate that keeps `lang` in string destinations. */
export function useLanguageNavigate(): (to: string, options?: NavigateOptions) => void | Promise<void> {
  const navigate = useNavigate();
  const withLanguage = useLanguagePath();
  return useCallback((to: string, options?: NavigateOptions) => navigate(withLanguage(to), options), [navigate, withLanguage]);
}
