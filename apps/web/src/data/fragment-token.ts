/**
 * One-time tokens (setup and enrolment links) travel in the URL fragment, which browsers never
 * send to a server. The app takes the token out of the address bar before anything renders,
 * so it lands in neither the history nor a screenshot of the address bar, and keeps it in
 * memory for the page that needs it.
 */
const TOKEN_PATHS = ['/setup', '/enrol'] as const;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
const captured = new Map<string, string>();

/** Moves a token from the fragment of a setup or enrolment URL into memory. Call first thing. */
export function captureFragmentToken(): void {
  const { pathname, hash } = window.location;
  if (!(TOKEN_PATHS as readonly string[]).includes(pathname) || hash.length <= 1) return;
  captured.set(pathname, hash.slice(1));
  window.history.replaceState(null, '', pathname);
}

/** The token captured for this path: null when there was none, '' when it is malformed. */
export function fragmentToken(path: (typeof TOKEN_PATHS)[number]): string | null {
  captureFragmentToken();
  const token = captured.get(path);
  if (token === undefined) return null;
  return TOKEN.test(token) ? token : '';
}
