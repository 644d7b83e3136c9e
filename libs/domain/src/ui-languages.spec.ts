import { STAFF_UI_LANGUAGES, UI_LANGUAGES, isUiLanguage, pluralCategory, resolveUiLanguage, uiPluralRule } from './ui-languages';

describe('resolveUiLanguage', () => {
  it('takes an exact match, whatever the case', () => {
    expect(resolveUiLanguage(['ky'])).toBe('ky');
    expect(resolveUiLanguage(['UZ-latn'])).toBe('uz-Latn');
    expect(resolveUiLanguage(['tg', 'ru'])).toBe('tg');
  });

  it('falls back to the base language of a regional tag', () => {
    expect(resolveUiLanguage(['ru-RU'])).toBe('ru');
    expect(resolveUiLanguage(['kk-KZ', 'en'])).toBe('kk');
    expect(resolveUiLanguage(['ky_KG'])).toBe('ky');
    expect(resolveUiLanguage(['en-US', 'en'])).toBe('en');
  });

  it('serves Uzbek in Latin script to a plain uz, never to uz-Cyrl', () => {
    expect(resolveUiLanguage(['uz'])).toBe('uz-Latn');
    expect(resolveUiLanguage(['uz-UZ'])).toBe('uz-Latn');
    expect(resolveUiLanguage(['uz-Latn-UZ'])).toBe('uz-Latn');
    expect(resolveUiLanguage(['uz-Cyrl', 'ru'])).toBe('ru');
    expect(resolveUiLanguage(['uz-Cyrl-UZ'])).toBe('en');
  });

  it('keeps the order of preference: an earlier base language beats a later exact match', () => {
    expect(resolveUiLanguage(['ru-KZ', 'kk'])).toBe('ru');
    expect(resolveUiLanguage(['de-DE', 'fr', 'ky'])).toBe('ky');
  });

  it('falls back to the first allowed language when nothing matches, or on junk', () => {
    expect(resolveUiLanguage([])).toBe('en');
    expect(resolveUiLanguage(['de', 'fr-FR'])).toBe('en');
    expect(resolveUiLanguage(['', '*', '12', 'x-klingon', '<script>'])).toBe('en');
  });

  it('limits staff to English and Russian', () => {
    expect(resolveUiLanguage(['ky', 'ru'], STAFF_UI_LANGUAGES)).toBe('ru');
    expect(resolveUiLanguage(['kk-KZ'], STAFF_UI_LANGUAGES)).toBe('en');
    expect(resolveUiLanguage(['ru-RU'], STAFF_UI_LANGUAGES)).toBe('ru');
  });
});

describe('isUiLanguage', () => {
  it('accepts only the exact tags', () => {
    for (const lang of UI_LANGUAGES) expect(isUiLanguage(lang)).toBe(true);
    expect(isUiLanguage('uz')).toBe(false);
    expect(isUiLanguage('RU')).toBe(false);
    expect(isUiLanguage(undefined)).toBe(false);
  });
});

describe('plural rules', () => {
  it('gives Tajik an explicit one/other rule instead of a silent fallback', () => {
    expect(uiPluralRule('tg').categories).toEqual(['one', 'other']);
    expect(pluralCategory('tg', 1)).toBe('one');
    expect(pluralCategory('tg', 0)).toBe('other');
    expect(pluralCategory('tg', 2)).toBe('other');
    expect(pluralCategory('tg', 21)).toBe('other');
    expect(pluralCategory('tg', 1.5)).toBe('other');
  });

  it('follows CLDR for Russian: one, few, many, other', () => {
    expect(uiPluralRule('ru').categories).toEqual(['one', 'few', 'many', 'other']);
    expect([1, 21, 101].map((n) => pluralCategory('ru', n))).toEqual(['one', 'one', 'one']);
    expect([2, 3, 24].map((n) => pluralCategory('ru', n))).toEqual(['few', 'few', 'few']);
    expect([0, 5, 11, 12, 111].map((n) => pluralCategory('ru', n))).toEqual(['many', 'many', 'many', 'many', 'many']);
    expect(pluralCategory('ru', 1.5)).toBe('other');
  });

  it('follows CLDR for Kyrgyz, Kazakh, Uzbek and English: one and other', () => {
    for (const lang of ['ky', 'kk', 'uz-Latn', 'en']) {
      expect(uiPluralRule(lang).categories).toEqual(['one', 'other']);
      expect(pluralCategory(lang, 1)).toBe('one');
      expect(pluralCategory(lang, 5)).toBe('other');
    }
  });
});
