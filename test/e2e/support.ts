import { readFileSync } from 'node:fs';
import { type BrowserContext, type Locator, type Page, expect } from '@playwright/test';

/** The URL of the system that global-setup started. */
export function systemUrl(): string {
  const url = process.env['ASHAR_E2E_URL'];
  if (!url) throw new Error('run through test/e2e/playwright.config.ts');
  return url;
}

/** Everything the system has logged so far. */
export function systemLog(): string {
  const file = process.env['ASHAR_E2E_LOG'];
  if (!file) throw new Error('run through test/e2e/playwright.config.ts');
  return readFileSync(file, 'utf8');
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** A host that stays on this machine: loopback, or a name under .localhost (Chromium resolves those to loopback itself). */
const isLocalHost = (host: string) => LOCAL_HOSTS.has(host) || host.endsWith('.localhost');

/**
 * Records every request the pages of a context make and aborts any that would
 * leave this machine; the test then asserts the list of outside requests is empty.
 */
export async function guardLocalOnly(context: BrowserContext): Promise<string[]> {
  const outside: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || isLocalHost(url.hostname)) return route.continue();
    outside.push(`${url.protocol}//${url.host}`);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!(url.protocol === 'data:' || url.protocol === 'blob:' || isLocalHost(url.hostname))) outside.push(`${url.protocol}//${url.host}`);
  });
  return outside;
}

/**
 * Chromium logs every 4xx/5xx answer as a console error. For api calls that is an answer the
 * app handles (401 "not signed in", 404 "link used"), which tests assert on themselves; for
 * anything else (a missing script or style) it stays a problem.
 */
function isHandledApiAnswer(text: string, url: string): boolean {
  if (!/^Failed to load resource: the server responded with a status of \d{3}/.test(text)) return false;
  try {
    return new URL(url).pathname.startsWith('/api/');
  } catch {
    return false;
  }
}

/** Collects CSP violations, page errors and console errors, which a working page must not have. */
export function collectPageProblems(context: BrowserContext): string[] {
  const problems: string[] = [];
  context.on('page', (page) => {
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !isHandledApiAnswer(msg.text(), msg.location().url)) problems.push(`console: ${msg.text()}`);
    });
  });
  return problems;
}

/** JSON from the api with the page's own cookies (and the session's CSRF token for writes). */
export async function apiFrom(page: Page, method: string, path: string, body?: unknown, csrfToken?: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ method, path, body, csrfToken }) => {
      const response = await fetch(`/api/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    { method, path, body, csrfToken },
  );
}

/**
 * A certificate end (`notAfter`, whole seconds as certificates hold it) a moment from now: what
 * is stored before it was signed while the certificate was valid. `passed()` waits until it is over.
 */
export function endingShortly(): { notAfter: Date; passed(): Promise<void> } {
  const notAfter = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000);
  return { notAfter, passed: () => new Promise((resolve) => setTimeout(resolve, Math.max(0, notAfter.getTime() + 50 - Date.now()))) };
}

/**
 * What a locator shows, read once it matches `pattern` (a web-first wait): never a value read
 * mid-render, before the page put it there.
 */
export async function shownText(locator: Locator, pattern: RegExp): Promise<string> {
  await expect(locator).toHaveText(pattern);
  return (await locator.textContent()) ?? '';
}

/** The value of a field, read once it matches `pattern` (a web-first wait). */
export async function shownValue(locator: Locator, pattern: RegExp): Promise<string> {
  await expect(locator).toHaveValue(pattern);
  return locator.inputValue();
}
