import { expect, test } from '@playwright/test';
import { collectPageProblems, guardLocalOnly, systemLog, systemUrl } from './support';

test.describe('the system in production mode', () => {
  test('serves the public portal and the staff sign-in page with a strict CSP and nothing from outside', async ({ browser }) => {
    const context = await browser.newContext();
    const outside = await guardLocalOnly(context);
    const problems = collectPageProblems(context);
    const page = await context.newPage();

    const portal = await page.goto(`${systemUrl()}/`);
    expect(portal?.status()).toBe(200);
    const csp = (await portal!.allHeaders())['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ask for help, safely');
    await expect(page.getByText('encrypted in this browser')).toBeVisible();

    const staff = await page.goto(`${systemUrl()}/staff`);
    expect(staff?.status()).toBe(200);
    expect((await staff!.allHeaders())['content-security-policy']).toBe(csp);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
    await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();

    // Nothing inline: every script the pages run comes from this origin.
    const inlineScripts = await page.locator('script:not([src])').count();
    expect(inlineScripts).toBe(0);

    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('opens the first-run setup link from the log, checks it and clears it from the address bar', async ({ browser }) => {
    const match = /\/setup#([A-Za-z0-9_-]{43})/.exec(systemLog());
    expect(match).not.toBeNull();
    const context = await browser.newContext();
    const outside = await guardLocalOnly(context);
    const page = await context.newPage();
    await page.goto(`${systemUrl()}/setup#${match![1]}`);
    await expect(page.getByRole('status')).toHaveText(/This setup link is valid/);
    expect(page.url()).toBe(`${systemUrl()}/setup`);

    const other = await context.newPage();
    await other.goto(`${systemUrl()}/setup#${'A'.repeat(43)}`);
    await expect(other.getByRole('alert')).toHaveText(/not valid/);
    expect(outside).toEqual([]);
    await context.close();
  });
});
