/**
 * Pages the api renders without JavaScript (docs/portal.md "Safest level", "Quick exit
 * languages"): the page that tells a reader at Tor Browser's "Safest" level why JavaScript is
 * needed and how to change the level, the form without JavaScript (only when NOSCRIPT_INTAKE is
 * on) and its answers, and the neutral quick-exit page, each in the reader's language. Plain
 * HTML: no script (inline or not), nothing from outside the deployment, the api's CSP applies;
 * every text and value is HTML-escaped. Words live in page-text.ts.
 */
import { COUNTRY_CODES, CONTACT_DETAILS_MAX, DESCRIPTION_MAX, REQUEST_LANGUAGES, REQUEST_TYPES, type RequestType, UI_LANGUAGE_NAMES, resolveUiLanguage } from '@ashar/domain';
import { PAGE_LANGUAGES, PAGE_TEXT, type PageLanguage, type PageText } from './page-text';

/** The neutral quick-exit page's path (EXIT_URL's default). */
export const EXIT_PAGE_PATH = '/about-weather.html';
/** The "Safest" page and the form's page. */
export const SAFEST_PAGE_PATH = '/no-script';
export const NO_SCRIPT_FORM_PATH = '/no-script/request';
/** Where the form without JavaScript is sent (the intake context's route). */
export const NO_SCRIPT_SUBMIT_PATH = '/api/v1/intake/no-script';
/** The neutral stylesheet of the exit page (apps/web/public), shared by every page here. */
const STYLESHEET = '/about-weather.css';
/** The portal's follow-up page (it needs JavaScript). */
const FOLLOW_UP_PATH = '/follow-up';

/** Countries most requesters write from, listed first. */
const FIRST_COUNTRIES = ['KG', 'KZ', 'TJ', 'UZ'] as const;
/** Names Intl.DisplayNames lacks in some locales (it gives the code back): the language's name in itself. */
const OWN_NAMES: Readonly<Record<string, string>> = { kaa: 'Qaraqalpaq tili' };

/** HTML-escapes text for element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page's language: `?lang=` when it names one of the six, else the browser's
 * Accept-Language ranges by weight, matched as the portal matches them (resolveUiLanguage:
 * `uz` → `uz-Latn`, `ru-RU` → `ru`), else English. Tor Browser sends `en-US,en` whatever its
 * reader speaks, so every page links all six.
 */
export function pageLanguage(query: unknown, acceptLanguage: string | undefined): PageLanguage {
  const ranges = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.range && r.range !== '*' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.range);
  return resolveUiLanguage([...(typeof query === 'string' ? [query.slice(0, 35)] : []), ...ranges]);
}

/** `path?lang=…` (keeping a query `path` already has). */
export function withLanguage(path: string, language: PageLanguage): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(language)}`;
}

/** Where the quick exit of these pages goes: EXIT_URL, with the page's language when it is the local neutral page. */
export function exitTarget(exitUrl: string, language: PageLanguage): string {
  return exitUrl === EXIT_PAGE_PATH ? withLanguage(exitUrl, language) : exitUrl;
}

function fill(template: string, max: number, language: PageLanguage): string {
  return template.replace('{max}', new Intl.NumberFormat(language).format(max));
}

function languageLinks(path: string, current: PageLanguage, label: string): string {
  const items = PAGE_LANGUAGES.map((l) => {
    const current_ = l === current ? ' aria-current="page"' : '';
    return `<li><a href="${escapeHtml(withLanguage(path, l))}" lang="${l}" hreflang="${l}"${current_}>${escapeHtml(UI_LANGUAGE_NAMES[l])}</a></li>`;
  }).join('');
  return `<nav class="languages" aria-label="${escapeHtml(label)}"><ul>${items}</ul></nav>`;
}

interface Shell {
  language: PageLanguage;
  title: string;
  /** The path the language links point to. */
  path: string;
  body: string;
  /** The quick-exit link, absent on the exit page itself. */
  exit?: string;
}

function shell({ language, title, path, body, exit }: Shell): string {
  const t = PAGE_TEXT[language];
  const exitLink = exit === undefined ? '' : `<p class="quick-exit"><a href="${escapeHtml(exit)}" rel="noreferrer">${escapeHtml(t.quickExit)}</a></p>`;
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="${STYLESHEET}">`,
    '</head>',
    '<body>',
    exitLink,
    `<main>${body}</main>`,
    `<footer>${languageLinks(path, language, t.languages)}</footer>`,
    '</body>',
    '</html>',
  ].join('\n');
}

const p = (text: string, className?: string) => `<p${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</p>`;

/** The "Safest" page: why JavaScript is needed, how to change Tor Browser's level, and the form's link when it is on. */
export function safestPage(language: PageLanguage, options: { exitUrl: string; formEnabled: boolean }): string {
  const t = PAGE_TEXT[language];
  const steps = t.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('');
  const form = options.formEnabled
    ? `<section aria-labelledby="no-script-form"><h2 id="no-script-form">${escapeHtml(t.formHeading)}</h2>${p(t.formAbout)}<p><a href="${escapeHtml(withLanguage(NO_SCRIPT_FORM_PATH, language))}">${escapeHtml(t.formLink)}</a></p></section>`
    : '';
  const body = [
    `<h1>${escapeHtml(t.safestHeading)}</h1>`,
    p(t.safestWhy, 'lead'),
    p(t.safestTor),
    `<h2>${escapeHtml(t.howHeading)}</h2>`,
    `<ol>${steps}</ol>`,
    p(t.levelNote),
    p(t.otherBrowser),
    form,
  ].join('\n');
  return shell({ language, title: t.neutralTitle, path: SAFEST_PAGE_PATH, body, exit: exitTarget(options.exitUrl, language) });
}

/** The neutral quick-exit page: a short guide to weather forecasts, in the reader's language. */
export function exitPage(language: PageLanguage): string {
  const t = PAGE_TEXT[language];
  const sections = t.weather.map((s) => `<h2>${escapeHtml(s.heading)}</h2>${p(s.text)}`).join('\n');
  return shell({ language, title: t.weatherTitle, path: EXIT_PAGE_PATH, body: `<h1>${escapeHtml(t.weatherTitle)}</h1>\n${p(t.weatherLead, 'lead')}\n${sections}` });
}

/** What the person typed, kept when the form comes back with an error (never stored: the page is no-store). */
export interface NoScriptValues {
  readonly type?: string;
  readonly country?: string;
  readonly preferredLanguage?: string;
  readonly description?: string;
  readonly contactDetails?: string;
}

export type NoScriptError = 'invalid' | 'tooLong' | 'busy' | 'unavailable';

function errorText(t: PageText, error: NoScriptError, language: PageLanguage): string {
  switch (error) {
    case 'invalid':
      return t.errorInvalid;
    case 'tooLong':
      return fill(t.errorTooLong, DESCRIPTION_MAX, language);
    case 'busy':
      return t.errorBusy;
    case 'unavailable':
      return t.errorUnavailable;
  }
}

function displayNames(language: PageLanguage, type: 'region' | 'language'): (code: string) => string {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([language, 'en'], { type, fallback: 'code' });
  } catch {
    names = undefined;
  }
  return (code) => {
    const name = names?.of(code);
    return !name || name === code ? (OWN_NAMES[code] ?? code) : name;
  };
}

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

function select(name: string, label: string, choose: string, options: readonly (readonly [string, string])[], value: string | undefined): string {
  const chosen = options.some(([v]) => v === value) ? value : undefined;
  const items = [`<option value=""${chosen === undefined ? ' selected' : ''} disabled>${escapeHtml(choose)}</option>`, ...options.map(([v, l]) => option(v, l, v === chosen))].join('');
  return `<p class="field"><label for="${name}">${escapeHtml(label)}</label><br><select id="${name}" name="${name}" required>${items}</select></p>`;
}

/** The form without JavaScript, empty or with what was typed and why it was not sent. */
export function noScriptFormPage(language: PageLanguage, options: { exitUrl: string; values?: NoScriptValues; error?: NoScriptError }): string {
  const t = PAGE_TEXT[language];
  const values = options.values ?? {};
  const collator = new Intl.Collator(language);
  const region = displayNames(language, 'region');
  const rest = COUNTRY_CODES.filter((c) => !(FIRST_COUNTRIES as readonly string[]).includes(c))
    .map((c) => [c, region(c)] as const)
    .sort((a, b) => collator.compare(a[1], b[1]));
  const countries = [...FIRST_COUNTRIES.map((c) => [c, region(c)] as const), ...rest];
  const languageName = displayNames(language, 'language');
  const ownLanguage = language.split('-')[0];
  const languages = REQUEST_LANGUAGES.map((l) => [l, languageName(l)] as const);
  const kinds = REQUEST_TYPES.map((k: RequestType) => [k, t.kinds[k]] as const);
  const error = options.error
    ? `<div class="error" role="alert"><h2>${escapeHtml(t.errorTitle)}</h2>${p(errorText(t, options.error, language))}</div>`
    : '';
  const body = [
    `<h1>${escapeHtml(t.formTitle)}</h1>`,
    error,
    `<p class="warning"><strong>${escapeHtml(t.weakerWarning)}</strong></p>`,
    p(t.noFiles),
    `<form method="post" action="${escapeHtml(withLanguage(NO_SCRIPT_SUBMIT_PATH, language))}" accept-charset="utf-8">`,
    select('type', t.kindLabel, t.choose, kinds, values.type),
    select('country', t.countryLabel, t.choose, countries, values.country),
    select('preferredLanguage', t.languageLabel, t.choose, languages, values.preferredLanguage ?? ownLanguage),
    `<p class="field"><label for="description">${escapeHtml(t.textLabel)}</label><br><span id="description-help">${escapeHtml(fill(t.textHelp, DESCRIPTION_MAX, language))}</span><br>`,
    `<textarea id="description" name="description" rows="12" maxlength="${DESCRIPTION_MAX}" required aria-describedby="description-help">${escapeHtml(values.description ?? '')}</textarea></p>`,
    `<p class="field"><label for="contactDetails">${escapeHtml(t.contactLabel)}</label><br><span id="contact-help">${escapeHtml(t.contactHelp)}</span><br>`,
    `<textarea id="contactDetails" name="contactDetails" rows="3" maxlength="${CONTACT_DETAILS_MAX}" aria-describedby="contact-help">${escapeHtml(values.contactDetails ?? '')}</textarea></p>`,
    `<p><button type="submit">${escapeHtml(t.submit)}</button></p>`,
    '</form>',
  ].join('\n');
  return shell({ language, title: t.neutralTitle, path: NO_SCRIPT_FORM_PATH, body, exit: exitTarget(options.exitUrl, language) });
}

/** The answer to a form that was sent: the receipt code, once, and how to follow up. */
export function noScriptSentPage(language: PageLanguage, options: { exitUrl: string; code: string }): string {
  const t = PAGE_TEXT[language];
  const body = [
    `<h1>${escapeHtml(t.sentTitle)}</h1>`,
    `<h2 id="receipt-code-label">${escapeHtml(t.codeLabel)}</h2>`,
    `<p class="receipt-code" aria-labelledby="receipt-code-label"><strong><code>${escapeHtml(options.code)}</code></strong></p>`,
    p(t.codeKeep),
    p(t.followUp),
    `<p><a href="${escapeHtml(withLanguage(FOLLOW_UP_PATH, language))}">${escapeHtml(t.followUpLink)}</a></p>`,
  ].join('\n');
  return shell({ language, title: t.neutralTitle, path: SAFEST_PAGE_PATH, body, exit: exitTarget(options.exitUrl, language) });
}
