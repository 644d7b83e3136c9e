/**
 * The pages the service worker answers itself, without asking the server: the warning when
 * the release was refused, and the notice when it could not be checked. They load nothing,
 * run no script, and their own CSP allows only their inline style.
 */
import { CHECK_AGAIN_PARAMETER, REFUSAL_EXPLANATION, type Refusal } from '../protocol';

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1b1b1b}
main{max-width:40rem;margin:3rem auto;padding:2rem;background:#fff;border-left:6px solid #b00020}
h1{font-size:1.6rem;margin-top:0;color:#b00020}code{word-break:break-all}a{color:#0b4f9c}`;

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}


function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escape(title)} – Ashar</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  return new Response(html, { status, headers: HEADERS });
}

/** The address that asks the worker to check the release again, on the same page. */
function checkAgainHref(url: URL): string {
  return `${url.pathname}?${CHECK_AGAIN_PARAMETER}=1`;
}

/** The warning: what failed, that no key was unlocked, what to do. */
export function warningPage(refusal: Refusal, url: URL): Response {
  return page(
    200,
    'Stop: this console failed its release check',
    `<h1>Stop: this console failed its release check</h1>
<p><strong>${escape(REFUSAL_EXPLANATION[refusal.reason])}</strong></p>
<p>This browser did not run that code. Your keys stay locked, and this browser will not unlock them on this site until the check passes.</p>
<p>What failed: <code>${escape(refusal.detail)}</code></p>
<h2>What to do</h2>
<ul>
<li>Do not type your passphrase or recovery code on this site, and do not sign in from another browser to “try again”.</li>
<li>Tell your administrator and the root custodians now. They can check what this server publishes with <code>ashar release verify ${escape(url.origin)}</code>.</li>
<li>When they say the server is fixed, <a href="${escape(checkAgainHref(url))}">check the release again</a>.</li>
</ul>`,
  );
}

/** The notice when the release could not be checked (server unreachable, a file not served). */
export function unavailablePage(detail: string, url: URL): Response {
  return page(
    503,
    'The console could not be checked',
    `<h1>The console could not be checked</h1>
<p>Before it runs, this console checks every file it loads against the release your organisation’s root key signed. That check could not be completed: <code>${escape(detail)}</code></p>
<p>Nothing was run and your keys stay locked. <a href="${escape(url.pathname)}">Try again</a> in a moment.</p>`,
  );
}
