import { type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { CHUNK_OVERHEAD, ENCRYPTED_CHUNK_BYTES } from '@ashar/crypto';
import { FILE_CHUNK_CIPHERTEXT_BYTES, FILE_CHUNK_OVERHEAD_BYTES } from '@ashar/domain';
import { type ProblemError } from '../http';
import { checkChunkHeaders, readChunkBody } from './chunk-body';

function fakeRequest(headers: Record<string, string>): IncomingMessage & PassThrough {
  const stream = new PassThrough() as unknown as IncomingMessage & PassThrough;
  Object.assign(stream, { headers });
  return stream;
}

const statusOf = (fn: () => unknown) => {
  try {
    fn();
    return 0;
  } catch (err) {
    return (err as ProblemError).status;
  }
};

describe('chunk bodies', () => {
  it('uses the chunk sizes of libs/crypto', () => {
    expect(FILE_CHUNK_CIPHERTEXT_BYTES).toBe(ENCRYPTED_CHUNK_BYTES);
    expect(FILE_CHUNK_OVERHEAD_BYTES).toBe(CHUNK_OVERHEAD);
  });

  it('checks the media type and the declared length before reading', () => {
    const octets = 'application/octet-stream';
    expect(statusOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets, 'content-length': '100' }), 100))).toBe(0);
    expect(statusOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets }), 100))).toBe(0);
    expect(statusOf(() => checkChunkHeaders(fakeRequest({ 'content-type': 'application/json', 'content-length': '100' }), 100))).toBe(415);
    expect(statusOf(() => checkChunkHeaders(fakeRequest({ 'content-length': '100' }), 100))).toBe(415);
    expect(statusOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets, 'content-length': '99' }), 100))).toBe(422);
    expect(statusOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets, 'content-length': String(ENCRYPTED_CHUNK_BYTES + 1) }), 100))).toBe(413);
  });

  it('reads exactly the expected bytes, and stops at the first byte too many', async () => {
    const ok = fakeRequest({});
    const reading = readChunkBody(ok, 10);
    ok.write(Buffer.from('01234'));
    ok.end(Buffer.from('56789'));
    expect((await reading).toString()).toBe('0123456789');

    const short = fakeRequest({});
    const shortReading = readChunkBody(short, 10);
    short.end(Buffer.from('012'));
    await expect(shortReading).rejects.toMatchObject({ status: 422, code: 'chunk-size' });

    const long = fakeRequest({});
    const longReading = readChunkBody(long, 10);
    long.write(Buffer.from('0123456789A'));
    await expect(longReading).rejects.toMatchObject({ status: 422 });

    const huge = fakeRequest({});
    const hugeReading = readChunkBody(huge, ENCRYPTED_CHUNK_BYTES);
    huge.write(Buffer.alloc(ENCRYPTED_CHUNK_BYTES + 1));
    await expect(hugeReading).rejects.toMatchObject({ status: 413 });
  });
});
