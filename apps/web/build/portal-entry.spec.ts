import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PORTAL_ENTRY_BUDGET, checkPortalEntry, describePortalEntry, portalEntryFailure } from './portal-entry';

const chunk = (fileName: string, moduleIds: string[], imports: string[] = [], isEntry = false, code = `export const x = ${JSON.stringify(fileName)};`) => ({
  type: 'chunk' as const,
  fileName,
  isEntry,
  imports,
  moduleIds,
  code,
});

const ROOT = '/work/ashar';

describe('the check of the portal entry', () => {
  it('measures the entry and what it imports statically, and beside it what the request page adds, and nothing loaded later', () => {
    const bundle = {
      'assets/index.js': chunk('assets/index.js', [`${ROOT}/apps/web/src/main.tsx`, `${ROOT}/apps/web/src/routes/portal-home.tsx`], ['assets/vendor.js'], true, 'a'.repeat(5000)),
      'assets/vendor.js': chunk('assets/vendor.js', [`${ROOT}/node_modules/react-dom/index.js`]),
      'assets/portal.js': chunk('assets/portal.js', [`${ROOT}/apps/web/src/features/portal/index.ts`, `${ROOT}/apps/web/src/features/portal/request-page.tsx`], ['assets/vendor.js', 'assets/zod.js']),
      'assets/zod.js': chunk('assets/zod.js', [`${ROOT}/node_modules/zod/v4/classic/schemas.js`]),
      'assets/follow-up-page.js': chunk('assets/follow-up-page.js', [`${ROOT}/apps/web/src/features/portal/follow-up-page.tsx`], ['assets/portal.js']),
      'assets/console.js': chunk('assets/console.js', [`${ROOT}/apps/web/src/features/console/console-layout.tsx`, `${ROOT}/node_modules/@simplewebauthn/browser/index.js`]),
      'assets/crypto.worker.js': { type: 'asset', fileName: 'assets/crypto.worker.js' },
      'assets/index.css': { type: 'asset', fileName: 'assets/index.css' },
    };
    const report = checkPortalEntry(bundle);
    expect(report.files).toEqual(['assets/index.js', 'assets/vendor.js']);
    expect(report.problems).toEqual([]);
    expect(report.rawBytes).toBe(5000 + bundle['assets/vendor.js'].code.length);
    expect(report.gzipBytes).toBeLessThan(report.rawBytes);
    expect(report.brotliBytes).toBeGreaterThan(0);
    expect(report.beforeSend.files).toEqual(['assets/index.js', 'assets/portal.js', 'assets/vendor.js', 'assets/zod.js']);
    expect(report.beforeSend.brotliBytes).toBeGreaterThan(report.brotliBytes);
    expect(portalEntryFailure(report)).toBeNull();
    expect(describePortalEntry(report)).toMatch(
      /^portal landing page \(what \/ loads\): 2 JS files, [\d.]+ KiB brotli, [\d.]+ KiB gzip, [\d.]+ KiB uncompressed; with the request page \(before Send\): 4 JS files, [\d.]+ KiB brotli, [\d.]+ KiB gzip$/,
    );
  });

  it('fails a landing page above its budget, compressed as sent', () => {
    // Random bytes do not compress: 121 KiB of them is above the 120 KiB budget whatever the compressor.
    const heavy = randomBytes(121 * 1024).toString('latin1');
    const report = checkPortalEntry({ 'assets/index.js': chunk('assets/index.js', [`${ROOT}/apps/web/src/main.tsx`], [], true, heavy) });
    expect(report.brotliBytes).toBeGreaterThan(PORTAL_ENTRY_BUDGET);
    expect(portalEntryFailure(report)).toMatch(/^the portal's landing page loads [\d.]+ KiB of JavaScript \(brotli\), above its 120\.0 KiB budget: assets\/index\.js$/);
    // The same amount that compresses well is within it.
    const light = checkPortalEntry({ 'assets/index.js': chunk('assets/index.js', [`${ROOT}/apps/web/src/main.tsx`], [], true, 'a'.repeat(121 * 1024)) });
    expect(portalEntryFailure(light)).toBeNull();
  });

  it('names libsodium, a staff console feature, passkeys, the portal pages, zod and TanStack Query when the entry carries them', () => {
    const bundle = {
      'assets/index.js': chunk('assets/index.js', [`${ROOT}/apps/web/src/main.tsx`, `${ROOT}/apps/web/src/features/identity/unlock-panel.tsx`], ['assets/shared.js'], true),
      'assets/shared.js': chunk('assets/shared.js', [
        `${ROOT}/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs`,
        `${ROOT}/node_modules/@simplewebauthn/browser/esm/index.js`,
        `${ROOT}/apps/web/src/features/portal/request-page.tsx`,
        `${ROOT}/node_modules/zod/v4/core/schemas.js`,
        `${ROOT}/node_modules/@tanstack/query-core/build/modern/queryClient.js`,
        `${ROOT}/apps/web/src/portal-shell/portal-frame.tsx`,
      ]),
    };
    const report = checkPortalEntry(bundle);
    const { problems } = report;
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/features\/identity\/unlock-panel\.tsx in assets\/index\.js — a staff console feature/);
    expect(problems[1]).toMatch(/libsodium-wrappers\.mjs in assets\/shared\.js — libsodium/);
    expect(problems[2]).toMatch(/@simplewebauthn.* — passkeys/);
    expect(problems[3]).toMatch(/features\/portal\/request-page\.tsx in assets\/shared\.js — the request and follow-up pages/);
    expect(problems[4]).toMatch(/zod\/v4\/core\/schemas\.js .* — zod and the api contracts/);
    expect(problems[5]).toMatch(/@tanstack\/query-core.* — TanStack Query/);
    expect(portalEntryFailure(report)).toMatch(/^the public portal's entry carries code it must not:\n {2}/);
  });

  it('refuses a bundle without an entry', () => {
    expect(() => checkPortalEntry({ 'assets/a.js': chunk('assets/a.js', []) })).toThrow('the build has no entry chunk');
  });
});
