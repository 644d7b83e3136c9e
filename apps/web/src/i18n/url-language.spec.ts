import { describe, expect, it } from '@jest/globals';
import { isStaffPath, languageForLocation, needsLanguageParam, pathWithLanguage, searchWithLanguage } from './url-language';

describe('the language in the URL', () => {
  it('takes a valid lang parameter as it is', () => {
    expect(languageForLocation('/request', '?lang=ky', ['ru-RU'])).toBe('ky');
    expect(languageForLocation('/', '?a=1&lang=uz-Latn', [])).toBe('uz-Latn');
  });

  it('resolves a near lang parameter, then the browser languages, then English', () => {
    expect(languageForLocation('/', '?lang=uz', ['ru'])).toBe('uz-Latn');
    expect(languageForLocation('/', '?lang=xx', ['kk-KZ', 'ru'])).toBe('kk');
    expect(languageForLocation('/', '', ['de-DE', 'tg'])).toBe('tg');
    expect(languageForLocation('/', '', ['de-DE'])).toBe('en');
    expect(languageForLocation('/', '', [])).toBe('en');
  });

  it('keeps staff pages to English and Russian', () => {
    expect(languageForLocation('/staff/console', '?lang=ky', ['ru-RU'])).toBe('ru');
    expect(languageForLocation('/staff', '', ['ky', 'en'])).toBe('en');
    expect(languageForLocation('/staff/cases/1', '?lang=ru', [])).toBe('ru');
  });

  it('writes the parameter on public pages only', () => {
    expect(needsLanguageParam('/', '')).toBe(true);
    expect(needsLanguageParam('/request', '?lang=uz')).toBe(true);
    expect(needsLanguageParam('/request', '?lang=ru')).toBe(false);
    expect(needsLanguageParam('/staff/console', '')).toBe(false);
    expect(isStaffPath('/setup')).toBe(true);
    expect(isStaffPath('/staffing')).toBe(false);
  });

  it('adds or replaces lang and keeps the rest of the address', () => {
    expect(searchWithLanguage('', 'ru')).toBe('?lang=ru');
    expect(searchWithLanguage('?a=1&lang=en', 'kk')).toBe('?a=1&lang=kk');
    expect(pathWithLanguage('/request', 'ky')).toBe('/request?lang=ky');
    expect(pathWithLanguage('/follow-up?x=2#top', 'tg')).toBe('/follow-up?x=2&lang=tg#top');
  });
});
