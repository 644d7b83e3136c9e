/** The checkpoint directory and key file on a real filesystem: only ever added to, newest by seq, never a file replaced. */
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditCheckpointKeys, generateAuditCheckpointKeys, ready, signAuditCheckpoint } from '@ashar/crypto';
import { CheckpointDirectory, checkpointFileName, loadCheckpointKey, selfSignedCheckpoint } from './audit-checkpoints';

const head = 'ab'.repeat(32);
let dir: string;
let keys: AuditCheckpointKeys;
const sign = (seq: string, at = '2030-06-01T00:00:00Z') => signAuditCheckpoint(keys, { instance: 'ashar', seq, head, at });

beforeAll(async () => {
  await ready();
  keys = generateAuditCheckpointKeys();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ashar-checkpoints-spec-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('CheckpointDirectory', () => {
  it('is empty before it exists, then names files by seq and time so that the newest sorts last', async () => {
    const directory = new CheckpointDirectory(join(dir, 'missing'));
    expect(await directory.names()).toEqual([]);
    expect(await directory.latest()).toBeNull();
    expect(await directory.changedAt()).toBeNull();
    expect(checkpointFileName({ seq: '42', at: '2030-06-01T12:34:56Z' })).toBe('00000000000000000042-20300601T123456Z.json');
    for (const seq of ['9', '10', '100']) await directory.write(sign(seq));
    expect(await directory.names()).toEqual(['00000000000000000009-20300601T000000Z.json', '00000000000000000010-20300601T000000Z.json', '00000000000000000100-20300601T000000Z.json']);
    expect((await directory.latest())?.seq).toBe('100');
  });

  it('writes read-only files, keeps an existing file as it is, and leaves no temporary file behind', async () => {
    const directory = new CheckpointDirectory(dir);
    const first = sign('5');
    const path = await directory.write(first);
    expect((await stat(path)).mode & 0o777).toBe(0o444);
    const again = signAuditCheckpoint(generateAuditCheckpointKeys(), { instance: 'ashar', seq: '5', head: 'cd'.repeat(32), at: first.at });
    expect(await directory.write(again)).toBe(path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(first);
    expect(await readdir(dir)).toEqual([checkpointFileName(first)]);
  });

  it('skips newer files that are not checkpoints signed by the key they name', async () => {
    const directory = new CheckpointDirectory(dir);
    await directory.write(sign('7'));
    await writeFile(join(dir, checkpointFileName({ seq: '8', at: '2030-06-01T00:00:00Z' })), JSON.stringify({ ...sign('8'), head: 'cd'.repeat(32) }));
    await writeFile(join(dir, checkpointFileName({ seq: '9', at: '2030-06-01T00:00:00Z' })), 'not json');
    await writeFile(join(dir, 'notes.json'), JSON.stringify(sign('99')));
    expect((await directory.latest())?.seq).toBe('7');
    expect(selfSignedCheckpoint(JSON.stringify(sign('7')))?.seq).toBe('7');
    expect(selfSignedCheckpoint('{}')).toBeNull();
  });
});

describe('loadCheckpointKey', () => {
  it('makes the key once (0600 in a 0700 directory), then reads the same key; refuses a file that is not one', async () => {
    const file = join(dir, 'keys', 'checkpoint.key');
    await expect(loadCheckpointKey(file, { create: false })).rejects.toMatchObject({ code: 'ENOENT' });
    const made = await loadCheckpointKey(file, { create: true });
    expect(made.created).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
    const loaded = await loadCheckpointKey(file, { create: true });
    expect(loaded).toMatchObject({ created: false });
    expect(loaded.keys.signPk).toEqual(made.keys.signPk);
    await writeFile(join(dir, 'bad.key'), 'rk1.AAAA\n');
    await expect(loadCheckpointKey(join(dir, 'bad.key'), { create: true })).rejects.toMatchObject({ code: 'bad_prefix' });
  });
});
