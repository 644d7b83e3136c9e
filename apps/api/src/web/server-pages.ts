import { type Express, type Request, type Response } from 'express';
import { EXIT_PAGE_PATH, NO_SCRIPT_FORM_PATH, SAFEST_PAGE_PATH, exitPage, noScriptFormPage, pageLanguage, safestPage } from './pages';

/** Sends a page rendered here: HTML, never cached or stored (the api's security headers are already set). */
export function sendPage(res: Response, status: number, html: string): void {
  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  res.type('text/html; charset=utf-8');
  res.send(html);
}

/**
 * Mounts the pages that work without JavaScript, before the web app's files and shell: the
 * "Safest" page, the neutral quick-exit page (EXIT_URL's default) in every language, and the
 * form without JavaScript when NOSCRIPT_INTAKE is on (404 otherwise, as any missing page). Like
 * the web app's own files they are public pages that read nothing and change nothing, so they
 * are served beside them rather than as api routes; the form is sent to the api's
 * POST /api/v1/intake/no-script, which has its policy, contract and budget.
 */
export function mountServerPages(server: Express, options: { exitUrl: string; formEnabled: boolean }): void {
  const language = (req: Request) => pageLanguage(req.query['lang'], req.header('accept-language'));
  server.get(SAFEST_PAGE_PATH, (req: Request, res: Response) => sendPage(res, 200, safestPage(language(req), options)));
  server.get(EXIT_PAGE_PATH, (req: Request, res: Response) => sendPage(res, 200, exitPage(language(req))));
  // Off: not mounted at all, so the path is as missing as any other.
  if (options.formEnabled) server.get(NO_SCRIPT_FORM_PATH, (req: Request, res: Response) => sendPage(res, 200, noScriptFormPage(language(req), { exitUrl: options.exitUrl })));
}
