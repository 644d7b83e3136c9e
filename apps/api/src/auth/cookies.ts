import { type Response } from 'express';
import { type AsharConfig } from '../config';

/** The session cookie's name without its prefix. */
export const SESSION_COOKIE_BASE = 'ashar_sid';

/**
 * The session cookie's name: `__Host-ashar_sid` whenever the cookie is Secure (COOKIE_SECURE,
 * the default). The `__Host-` prefix makes the browser refuse the cookie unless it is Secure,
 * has Path=/ and no Domain, so no sibling host or plain-http page can set or shadow it
 * (RFC 6265bis §4.1.3.2). Browsers take Secure and `__Host-` cookies from http://localhost
 * and http://127.0.0.1 too (secure contexts), so local runs and the tests keep the prefix;
 * only COOKIE_SECURE=false (plain http on another host, where no Secure cookie can be set)
 * drops both the prefix and Secure (docs/identity-api.md, "Session cookie").
 */
export function sessionCookieName(config: Pick<AsharConfig, 'COOKIE_SECURE'>): string {
  return config.COOKIE_SECURE ? `__Host-${SESSION_COOKIE_BASE}` : SESSION_COOKIE_BASE;
}

/** Sets the session cookie: httpOnly, Secure, SameSite=Strict, Path=/, no Domain, no Max-Age (the server times it out). */
export function setSessionCookie(res: Response, config: AsharConfig, sid: string): void {
  res.cookie(sessionCookieName(config), sid, { httpOnly: true, secure: config.COOKIE_SECURE, sameSite: 'strict', path: '/' });
}

export function clearSessionCookie(res: Response, config: AsharConfig): void {
  res.clearCookie(sessionCookieName(config), { httpOnly: true, secure: config.COOKIE_SECURE, sameSite: 'strict', path: '/' });
}
