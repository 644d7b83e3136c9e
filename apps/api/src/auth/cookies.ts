import { type Response } from 'express';
import { type AsharConfig } from '../config';
import { SESSION_COOKIE } from './session.store';

/** Sets the session cookie: httpOnly, Secure, SameSite=Strict, whole site, no Max-Age (the server times it out). */
export function setSessionCookie(res: Response, config: AsharConfig, sid: string): void {
  res.cookie(SESSION_COOKIE, sid, { httpOnly: true, secure: config.COOKIE_SECURE, sameSite: 'strict', path: '/' });
}

export function clearSessionCookie(res: Response, config: AsharConfig): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: config.COOKIE_SECURE, sameSite: 'strict', path: '/' });
}
