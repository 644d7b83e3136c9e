import { ACCESS_TTL_MS, AccessCache, type AccessListener, type AccessSource } from './staff-access.cache';
import { type StaffAccess } from './staff.repository';

const access = (deskIds: string[]): StaffAccess => ({ roles: ['caseworker'], deskIds, leadDeskIds: [], status: 'active' });

/** A source whose reads the test answers one by one, in the order it chooses. */
class ControlledSource implements AccessSource {
  readonly pending: { staffId: string; answer: (a: StaffAccess | null) => void }[] = [];
  reads = 0;
  access(staffId: string): Promise<StaffAccess | null> {
    this.reads += 1;
    return new Promise((resolve) => this.pending.push({ staffId, answer: resolve }));
  }
}

/** A listener the test drives: it delivers notifications and losses, and answers pings or not. */
class ControlledListener implements AccessListener {
  onChange: (id: string) => void = () => undefined;
  onLost: (err?: Error) => void = () => undefined;
  starts = 0;
  failStart = false;
  answerPings = true;
  async start(onChange: (id: string) => void, onLost: (err?: Error) => void): Promise<void> {
    this.starts += 1;
    if (this.failStart) throw new Error('refused');
    this.onChange = onChange;
    this.onLost = onLost;
  }
  ping(): Promise<void> {
    return this.answerPings ? Promise.resolve() : new Promise(() => undefined);
  }
  async stop(): Promise<void> {}
}

const quiet = { warn: () => undefined, log: () => undefined };
const flush = () => new Promise((r) => setImmediate(r));

describe('AccessCache', () => {
  let source: ControlledSource;
  let listener: ControlledListener;
  let cache: AccessCache;
  let now: number;

  /** get() whose read the test answers with `answer` (when it reaches the source). */
  async function read(staffId: string, answer: StaffAccess | null): Promise<StaffAccess | null> {
    const before = source.reads;
    const result = cache.get(staffId);
    await flush();
    if (source.reads > before) source.pending.shift()!.answer(answer);
    return result;
  }

  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    source = new ControlledSource();
    listener = new ControlledListener();
    now = 1_000_000;
    cache = new AccessCache(source, listener, quiet, () => now);
    cache.start();
    await flush();
    expect(cache.isListening).toBe(true);
  });
  afterEach(async () => {
    await cache.stop();
    jest.useRealTimers();
  });

  it('reads once, then answers from memory until the entry is ACCESS_TTL_MS old', async () => {
    expect(await read('a', access(['d1']))).toEqual(access(['d1']));
    expect(await read('a', access(['never']))).toEqual(access(['d1']));
    expect(source.reads).toBe(1);
    now += ACCESS_TTL_MS + 1;
    expect(await read('a', access(['d2']))).toEqual(access(['d2']));
    expect(source.reads).toBe(2);
  });

  it('drops a member on their notification, and an empty one drops everyone', async () => {
    await read('a', access(['d1']));
    await read('b', access(['d1']));
    listener.onChange('a');
    expect(cache.holds('a')).toBe(false);
    expect(cache.holds('b')).toBe(true);
    expect(await read('a', access(['d2']))).toEqual(access(['d2']));
    listener.onChange('');
    expect(cache.holds('a')).toBe(false);
    expect(cache.holds('b')).toBe(false);
  });

  it('does not keep a read that was under way when a change was notified', async () => {
    const result = cache.get('a');
    await flush();
    // The read saw the old desks; the change commits and is notified before it answers.
    listener.onChange('a');
    source.pending.shift()!.answer(access(['old']));
    expect(await result).toEqual(access(['old']));
    expect(cache.holds('a')).toBe(false);
    expect(await read('a', access(['new']))).toEqual(access(['new']));
    expect(cache.holds('a')).toBe(true);
  });

  it('does not keep a read that was under way when the api itself invalidated the member', async () => {
    const result = cache.get('a');
    await flush();
    cache.invalidate('a');
    source.pending.shift()!.answer(access(['old']));
    await result;
    expect(cache.holds('a')).toBe(false);
  });

  it('keeps no one who is not there', async () => {
    expect(await read('ghost', null)).toBeNull();
    expect(await read('ghost', null)).toBeNull();
    expect(source.reads).toBe(2);
  });

  it('reads every time while the connection is lost, forgets what it held, and listens again', async () => {
    await read('a', access(['d1']));
    const inFlight = cache.get('b');
    await flush();
    listener.onLost(new Error('connection reset'));
    expect(cache.isListening).toBe(false);
    expect(cache.holds('a')).toBe(false);
    source.pending.shift()!.answer(access(['d1']));
    await inFlight;
    expect(cache.holds('b')).toBe(false);
    await read('a', access(['d1']));
    await read('a', access(['d1']));
    expect(source.reads).toBe(4);
    // Listening again after the first back-off; what was read before is not kept.
    await jest.advanceTimersByTimeAsync(100);
    expect(cache.isListening).toBe(true);
    expect(listener.starts).toBe(2);
    expect(cache.holds('a')).toBe(false);
    await read('a', access(['d1']));
    await read('a', access(['d1']));
    expect(source.reads).toBe(5);
  });

  it('does not keep a read that began while not listening and ended after listening again', async () => {
    listener.onLost();
    const result = cache.get('a');
    await flush();
    await jest.advanceTimersByTimeAsync(100);
    expect(cache.isListening).toBe(true);
    source.pending.shift()!.answer(access(['before']));
    await result;
    expect(cache.holds('a')).toBe(false);
  });

  it('stops serving from memory when the connection stops answering, and backs off while it cannot listen', async () => {
    await read('a', access(['d1']));
    listener.answerPings = false;
    listener.failStart = true;
    await jest.advanceTimersByTimeAsync(5_000); // heartbeat sent
    expect(cache.isListening).toBe(true);
    await jest.advanceTimersByTimeAsync(5_000); // no answer within its time
    expect(cache.isListening).toBe(false);
    expect(cache.holds('a')).toBe(false);
    const starts = listener.starts;
    await jest.advanceTimersByTimeAsync(100 + 500 + 1_000);
    expect(listener.starts).toBe(starts + 3);
    expect(cache.isListening).toBe(false);
    listener.failStart = false;
    listener.answerPings = true;
    await jest.advanceTimersByTimeAsync(2_000);
    expect(cache.isListening).toBe(true);
  });
});
