import { describe, expect, it } from '@jest/globals';
import { checkPortalEntry, describePortalEntry } from './portal-entry';

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
  it('measures the entry and what it imports statically, and nothing loaded later', () => {
    const bundle = {
      'assets/index.js': chunk('assets/index.js', [`${ROOT}/apps/web/src/main.tsx`, `${ROOT}/apps/web/src/features/portal/request-page.tsx`], ['assets/vendor.js'], true, 'a'.repeat(5000)),
      'assets/vendor.js': chunk('assets/vendor.js', [`${ROOT}/node_modules/react-dom/index.js`]),
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
    expect(describePortalEntry(report)).toMatch(/^portal entry \(what \/ and \/request load before Send\): 2 JS files, [\d.]+ KiB gzip, [\d.]+ KiB brotli, [\d.]+ KiB uncompressed$/);
  });

  it('names libsodium, a staff console feature and passkeys when the entry carries them', () => {
    const bundle = {
      'assets/index.js': chunk('assets/index.js', [`${ROOT}/apps/web/src/main.tsx`, `${ROOT}/apps/web/src/features/identity/unlock-panel.tsx`], ['assets/shared.js'], true),
      'assets/shared.js': chunk('assets/shared.js', [
        `${ROOT}/node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs`,
        `${ROOT}/node_modules/@simplewebauthn/browser/esm/index.js`,
        `${ROOT}/apps/web/src/features/portal/portal-frame.tsx`,
      ]),
    };
    const { problems } = checkPortalEntry(bundle);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/features\/identity\/unlock-panel\.tsx in assets\/index\.js — a staff console feature/);
    expect(problems[1]).toMatch(/libsodium-wrappers\.mjs in assets\/shared\.js — libsodium/);
    expect(problems[2]).toMatch(/@simplewebauthn.* — passkeys/);
  });

  it('refuses a bundle without an entry', () => {
    expect(() => checkPortalEntry({ 'assets/a.js': chunk('assets/a.js', []) })).toThrow('the build has no entry chunk');
  });
});
