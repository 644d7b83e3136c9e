/**
 * load-locale.ts for the unit tests (jest, Node): the same files, read with require instead of
 * Vite's import.meta.glob (apps/web/jest.config.cjs maps one to the other).
 */
type Resources = Record<string, string>;

export async function loadLocale(language: string, namespace: string): Promise<Resources> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (await Promise.resolve(require(`./locales/${language}/${namespace}.json`))) as Resources;
  } catch {
    return {};
  }
}
