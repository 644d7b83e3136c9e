/**
 * The rollback memory of desk histories (libs/crypto SPEC.md §8.2): per scope, the newest version
 * verified per desk, never lowered, and nothing trusted from a stored value that is not one. The
 * refusal itself is the worker's (libs/crypto's verifyDeskHistory); Chromium tests it end to end
 * (test/e2e/desk-trust.e2e.ts). Here the browser's localStorage is a Map with its interface.
 */
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { rememberDesks, seenDesk } from './desk-memory';

class MapStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const KID_A = 'A'.repeat(22);
const KID_B = 'B'.repeat(22);

describe('desk rollback memory', () => {
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = new MapStorage();
  });
  afterAll(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('remembers the newest version per desk and scope, and never lowers it', () => {
    expect(seenDesk(null, 'desk-1')).toBeNull();
    rememberDesks(null, { 'desk-1': { version: 3, encKid: KID_A } });
    rememberDesks(null, { 'desk-1': { version: 2, encKid: KID_B } });
    expect(seenDesk(null, 'desk-1')).toEqual({ version: 3, encKid: KID_A });
    rememberDesks(null, { 'desk-1': { version: 4, encKid: KID_B } });
    expect(seenDesk(null, 'desk-1')).toEqual({ version: 4, encKid: KID_B });
    // Each staff member has a memory of their own, apart from the portal's.
    expect(seenDesk('user-1', 'desk-1')).toBeNull();
    rememberDesks('user-1', { 'desk-1': { version: 1, encKid: KID_A } });
    expect(seenDesk('user-1', 'desk-1')).toEqual({ version: 1, encKid: KID_A });
    expect(seenDesk(null, 'desk-1')).toEqual({ version: 4, encKid: KID_B });
  });

  it('ignores stored values that are not a version and a kid', () => {
    const storage = (globalThis as unknown as { localStorage: MapStorage }).localStorage;
    storage.setItem('ashar.desk-versions', JSON.stringify({ a: { version: 0, encKid: KID_A }, b: { version: 2, encKid: 'short' }, c: 'x', d: { version: 5, encKid: KID_A } }));
    expect(seenDesk(null, 'a')).toBeNull();
    expect(seenDesk(null, 'b')).toBeNull();
    expect(seenDesk(null, 'c')).toBeNull();
    expect(seenDesk(null, 'd')).toEqual({ version: 5, encKid: KID_A });
    storage.setItem('ashar.desk-versions', 'not json');
    expect(seenDesk(null, 'd')).toBeNull();
  });

  it('works, without memory, where there is no storage', () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    rememberDesks(null, { 'desk-1': { version: 3, encKid: KID_A } });
    expect(seenDesk(null, 'desk-1')).toBeNull();
  });
});
