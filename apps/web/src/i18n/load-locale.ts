/**
 * Loads one resource file, ./locales/<lang>/<namespace>.json, as a chunk of its own: Vite turns
 * each match of the glob below into a separate file fetched only when asked for.
 */
type Resources = Record<string, string>;

const files = import.meta.glob<Resources>('./locales/*/*.json', { import: 'default' });

export async function loadLocale(language: string, namespace: string): Promise<Resources> {
  const load = files[`./locales/${language}/${namespace}.json`];
  // A namespace a language does not have yet (e.g. `console` in Kyrgyz) falls back to English.
  return load ? load() : {};
}
