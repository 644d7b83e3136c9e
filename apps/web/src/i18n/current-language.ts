/**
 * The UI language now, for code outside components (formatters, display names, option order):
 * set by i18n.ts whenever i18next changes language. Kept apart from the i18next instance so that
 * these helpers load without it (and without the lazy resource loader).
 */
import { type UiLanguage, DEFAULT_UI_LANGUAGE } from '@ashar/domain';

let current: UiLanguage = DEFAULT_UI_LANGUAGE;

/** The language i18next speaks now (one of UI_LANGUAGES). */
export function currentUiLanguage(): UiLanguage {
  return current;
}

export function setCurrentUiLanguage(language: UiLanguage): void {
  current = language;
}
