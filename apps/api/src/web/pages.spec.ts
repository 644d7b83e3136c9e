import { PAGE_LANGUAGES, PAGE_TEXT, type PageText } from './page-text';
import { escapeHtml, exitTarget, noScriptFormPage, pageLanguage, safestPage } from './pages';

/** Every text of a language, flattened with its key. */
function texts(text: PageText): [string, string][] {
  const out: [string, string][] = [];
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') out.push([key, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${key}.${i}`));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
  };
  walk(text, '');
  return out;
}

describe('the words of the pages without JavaScript', () => {
  const english = new Map(texts(PAGE_TEXT.en));

  it.each(PAGE_LANGUAGES.filter((l) => l !== 'en'))('has every text in %s, none empty and none left in English', (lang) => {
    const own = texts(PAGE_TEXT[lang]);
    expect(own.map(([key]) => key)).toEqual([...english.keys()]);
    for (const [key, value] of own) {
      expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, sameAsEnglish: value === english.get(key) }).toEqual({ key, sameAsEnglish: false });
      // Placeholders survive translation.
      expect({ key, max: value.includes('{max}') }).toEqual({ key, max: english.get(key)!.includes('{max}') });
    }
  });
});

describe('pageLanguage', () => {
  it('takes ?lang= first, then Accept-Language by weight, then English', () => {
    expect(pageLanguage('ky', 'ru')).toBe('ky');
    expect(pageLanguage('UZ-latn', undefined)).toBe('uz-Latn');
    expect(pageLanguage('xx', 'tg-TJ, ru;q=0.5')).toBe('tg');
    expect(pageLanguage(undefined, 'de, kk;q=0.2, ru;q=0.9')).toBe('ru');
    expect(pageLanguage(undefined, 'uz')).toBe('uz-Latn');
    expect(pageLanguage(undefined, 'uz-Cyrl')).toBe('en');
    expect(pageLanguage(['ru'], 'en-US,en')).toBe('en');
    expect(pageLanguage(undefined, '*')).toBe('en');
  });
});

describe('escaping and links', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('sends the quick exit to the neutral page in the language, and an external EXIT_URL as it is', () => {
    expect(exitTarget('/about-weather.html', 'tg')).toBe('/about-weather.html?lang=tg');
    expect(exitTarget('https://weather.example/today', 'tg')).toBe('https://weather.example/today');
    expect(exitTarget('/elsewhere', 'kk')).toBe('/elsewhere');
    expect(safestPage('kk', { exitUrl: 'https://x.example/?a="b"', formEnabled: false })).toContain('href="https://x.example/?a=&#34;b&#34;"');
  });

  it('writes what was typed back into the form escaped, never as markup', () => {
    const html = noScriptFormPage('ru', { exitUrl: '/about-weather.html', error: 'invalid', values: { description: '</textarea><script>x()</script>', type: '"><b>' } });
    expect(html).toContain('&#60;/textarea&#62;&#60;script&#62;x()&#60;/script&#62;</textarea>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"><b>');
  });
});
