import express from 'express';
import request from 'supertest';
import { loadConfig } from '../config';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './cookies';

/** The Set-Cookie header an Express response carries after `act`. */
async function setCookieOf(env: Record<string, string>, act: 'set' | 'clear'): Promise<string> {
  const config = loadConfig(env);
  const app = express();
  app.get('/', (_req, res) => {
    if (act === 'set') setSessionCookie(res, config, 'S'.repeat(43));
    else clearSessionCookie(res, config);
    res.end();
  });
  const res = await request(app).get('/').expect(200);
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  expect(header).toHaveLength(1);
  return header![0]!;
}

const attributes = (cookie: string) => cookie.split('; ').slice(1).filter((a) => !a.startsWith('Expires=')).sort();

describe('the session cookie', () => {
  it('is __Host-ashar_sid with Secure, Path=/ and no Domain by default', async () => {
    expect(sessionCookieName(loadConfig({}))).toBe('__Host-ashar_sid');
    const cookie = await setCookieOf({}, 'set');
    expect(cookie.startsWith(`__Host-ashar_sid=${'S'.repeat(43)}; `)).toBe(true);
    expect(attributes(cookie)).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
    // Cleared under the same name and attributes, or a browser would keep the old one.
    const cleared = await setCookieOf({}, 'clear');
    expect(cleared.startsWith('__Host-ashar_sid=; ')).toBe(true);
    expect(attributes(cleared)).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
  });

  it('drops the prefix with Secure on plain http (COOKIE_SECURE=false), where a browser would refuse a __Host- cookie', async () => {
    expect(sessionCookieName(loadConfig({ COOKIE_SECURE: 'false' }))).toBe('ashar_sid');
    const cookie = await setCookieOf({ COOKIE_SECURE: 'false' }, 'set');
    expect(cookie.startsWith(`ashar_sid=${'S'.repeat(43)}; `)).toBe(true);
    expect(attributes(cookie)).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
  });
});
