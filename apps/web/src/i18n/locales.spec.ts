/**
 * Every translation has exactly the keys of English, with the plural forms its language needs
 * (uiPluralRule: CLDR's categories, Tajik's explicit rule) and the same placeholders.
 * English: ./locales/en/<ns>.json, except the request forms' words (`forms`), which are
 * REQUEST_FORM_WORDS in @ashar/domain.
 */
import { describe, expect, it } from '@jest/globals';
import { COUNTRY_CODES, REQUEST_FORM_WORDS, REQUEST_LANGUAGES, STAFF_UI_LANGUAGES, UI_LANGUAGES, uiPluralRule } from '@ashar/domain';
import kkNames from './locales/kk/names.json';
import kyNames from './locales/ky/names.json';
import tgNames from './locales/tg/names.json';
import uzLatnNames from './locales/uz-Latn/names.json';
import enCommon from './locales/en/common.json';
import enPortal from './locales/en/portal.json';
import enConsole from './locales/en/console.json';
import ruCommon from './locales/ru/common.json';
import ruPortal from './locales/ru/portal.json';
import ruForms from './locales/ru/forms.json';
import ruConsole from './locales/ru/console.json';
import kyCommon from './locales/ky/common.json';
import kyPortal from './locales/ky/portal.json';
import kyForms from './locales/ky/forms.json';
import kkCommon from './locales/kk/common.json';
import kkPortal from './locales/kk/portal.json';
import kkForms from './locales/kk/forms.json';
import tgCommon from './locales/tg/common.json';
import tgPortal from './locales/tg/portal.json';
import tgForms from './locales/tg/forms.json';
import uzLatnCommon from './locales/uz-Latn/common.json';
import uzLatnPortal from './locales/uz-Latn/portal.json';
import uzLatnForms from './locales/uz-Latn/forms.json';

import enCalls from './locales/en/calls.json';
import ruCalls from './locales/ru/calls.json';
import kyCalls from './locales/ky/calls.json';
import kkCalls from './locales/kk/calls.json';
import tgCalls from './locales/tg/calls.json';
import uzLatnCalls from './locales/uz-Latn/calls.json';

type Resources = Record<string, unknown>;

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Which languages each namespace must be complete in. */
const REQUIRED: Record<string, readonly string[]> = {
  common: UI_LANGUAGES,
  portal: UI_LANGUAGES,
  forms: UI_LANGUAGES,
  console: STAFF_UI_LANGUAGES,
  calls: UI_LANGUAGES,
};

/** Every resource file, imported as it is (a file missing here or on disk fails the build of this test). */
const RESOURCES: Record<string, Record<string, Resources>> = {
  en: { common: enCommon, portal: enPortal, console: enConsole, forms: REQUEST_FORM_WORDS, calls: enCalls },
  ru: { common: ruCommon, portal: ruPortal, forms: ruForms, console: ruConsole, calls: ruCalls },
  ky: { common: kyCommon, portal: kyPortal, forms: kyForms, calls: kyCalls },
  kk: { common: kkCommon, portal: kkPortal, forms: kkForms, calls: kkCalls },
  tg: { common: tgCommon, portal: tgPortal, forms: tgForms, calls: tgCalls },
  'uz-Latn': { common: uzLatnCommon, portal: uzLatnPortal, forms: uzLatnForms, calls: uzLatnCalls },
};

function read(language: string, namespace: string): Resources | undefined {
  return RESOURCES[language]?.[namespace];
}

/** Keys as the English source gives them: plain keys, and plural bases (key without _one/_other). */
function englishShape(english: Resources): { plain: string[]; plural: string[] } {
  const plain: string[] = [];
  const plural = new Set<string>();
  for (const key of Object.keys(english)) {
    const match = PLURAL_SUFFIX.exec(key);
    if (match) plural.add(key.slice(0, match.index));
    else plain.push(key);
  }
  return { plain, plural: [...plural] };
}

function expectedKeys(english: Resources, language: string): string[] {
  const { plain, plural } = englishShape(english);
  const categories = uiPluralRule(language).categories;
  return [...plain, ...plural.flatMap((base) => categories.map((c) => `${base}_${c}`))].sort();
}

const placeholders = (text: string) => new Set([...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]));
const tags = (text: string) => [...text.matchAll(/<\/?(\w+)\s*\/?>/g)].map((m) => m[0]).sort();

const namespaces = Object.keys(REQUIRED);

describe('translation resources', () => {
  it('has every UI language', () => {
    expect(Object.keys(RESOURCES).sort()).toEqual([...UI_LANGUAGES].sort());
  });

  for (const namespace of namespaces) {
    const english = read('en', namespace) ?? {};
    const others = UI_LANGUAGES.filter((l) => l !== 'en' && (REQUIRED[namespace]?.includes(l) || read(l, namespace) !== undefined));

    it(`${namespace}: English has each plural in every English category, and only strings`, () => {
      for (const base of englishShape(english).plural) {
        for (const category of uiPluralRule('en').categories) expect(Object.keys(english)).toContain(`${base}_${category}`);
      }
      for (const [key, value] of Object.entries(english)) {
        expect([key, typeof value]).toEqual([key, 'string']);
        expect([key, (value as string).trim().length > 0]).toEqual([key, true]);
      }
    });

    for (const language of others) {
      it(`${namespace}: ${language} has exactly the keys of English, with its plural forms`, () => {
        const resources = read(language, namespace);
        expect(resources).toBeDefined();
        expect(Object.keys(resources ?? {}).sort()).toEqual(expectedKeys(english, language));
      });

      it(`${namespace}: ${language} says something for every key, with the same placeholders and markup`, () => {
        const resources = read(language, namespace) ?? {};
        for (const [key, value] of Object.entries(resources)) {
          expect([key, typeof value === 'string' && value.trim().length > 0]).toEqual([key, true]);
          const match = PLURAL_SUFFIX.exec(key);
          const base = match ? key.slice(0, match.index) : key;
          const sources = match
            ? Object.entries(english).filter(([k]) => k.startsWith(`${base}_`) && PLURAL_SUFFIX.test(k.slice(base.length)))
            : [[key, english[key]] as const];
          const sourceTexts = sources.map(([, v]) => String(v));
          const allowed = new Set(sourceTexts.flatMap((t) => [...placeholders(t)]));
          const translated = placeholders(String(value));
          // A translation uses no placeholder English lacks; it may leave out {{count}} in a form
          // that names the number in words ("one file"), never another placeholder.
          for (const name of translated) expect([key, name, allowed.has(name)]).toEqual([key, name, true]);
          for (const name of allowed) if (name !== 'count') expect([key, name, translated.has(name)]).toEqual([key, name, true]);
          expect([key, tags(String(value))]).toEqual([key, tags(sourceTexts[0] ?? '')]);
        }
      });
    }
  }

  it('names no <Trans> component after an HTML void element (its parser would leave the text outside: "<link>…</link>" came out as an empty link)', () => {
    const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
    const found: string[] = [];
    for (const [language, files] of Object.entries(RESOURCES)) {
      for (const [namespace, words] of Object.entries(files)) {
        for (const [key, text] of Object.entries(words)) {
          for (const m of String(text).matchAll(/<(\w+)>/g)) if (VOID.has(m[1] as string)) found.push(`${language}/${namespace}: ${key} <${m[1]}>`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('names every country and every request language in Kyrgyz, Kazakh, Tajik and Uzbek, never by a code', () => {
    const expected = [...COUNTRY_CODES.map((c) => `country.${c}`), ...REQUEST_LANGUAGES.map((l) => `language.${l}`)].sort();
    for (const names of [kyNames, kkNames, tgNames, uzLatnNames] as Record<string, string>[]) {
      expect(Object.keys(names).sort()).toEqual(expected);
      for (const [key, name] of Object.entries(names)) expect([key, name.trim() !== '' && name !== key.split('.')[1]]).toEqual([key, true]);
    }
  });
});
