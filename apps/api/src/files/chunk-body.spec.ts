import { type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { CHUNK_OVERHEAD, ENCRYPTED_CHUNK_BYTES } from '@ashar/crypto';
import { DomainError, FILE_CHUNK_CIPHERTEXT_BYTES, FILE_CHUNK_OVERHEAD_BYTES, FileError, GeneralError } from '@ashar/domain';
import { checkChunkHeaders, readChunkBody } from './chunk-body';

function fakeRequest(headers: Record<string, string>): IncomingMessage & PassThrough {
  const stream = new PassThrough() as unknown as IncomingMessage & PassThrough;
  Object.assign(stream, { headers });
  return stream;
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof DomainError ? err.code : err;
  }
};

describe('chunk bodies', () => {
  it('uses the chunk sizes of libs/crypto', () => {
    expect(FILE_CHUNK_CIPHERTEXT_BYTES).toBe(ENCRYPTED_CHUNK_BYTES);
    expect(FILE_CHUNK_OVERHEAD_BYTES).toBe(CHUNK_OVERHEAD);
  });

  it('checks the media type and the declared length before reading', () => {
    const octets = 'application/octet-stream';
    expect(codeOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets, 'content-length': '100' }), 100))).toBe(null);
    expect(codeOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets }), 100))).toBe(null);
    expect(codeOf(() => checkChunkHeaders(fakeRequest({ 'content-type': 'application/json', 'content-length': '100' }), 100))).toBe(GeneralError.UnsupportedMediaType);
    expect(codeOf(() => checkChunkHeaders(fakeRequest({ 'content-length': '100' }), 100))).toBe(GeneralError.UnsupportedMediaType);
    expect(codeOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets, 'content-length': '99' }), 100))).toBe(FileError.ChunkSize);
    expect(codeOf(() => checkChunkHeaders(fakeRequest({ 'content-type': octets, 'content-length': String(ENCRYPTED_CHUNK_BYTES + 1) }), 100))).toBe(GeneralError.PayloadTooLarge);
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
    await expect(shortReading).rejects.toMatchObject({ code: FileError.ChunkSize });

    const long = fakeRequest({});
    const longReading = readChunkBody(long, 10);
    long.write(Buffer.from('0123456789A'));
    await expect(longReading).rejects.toMatchObject({ code: FileError.ChunkSize });

    const huge = fakeRequest({});
    const hugeReading = readChunkBody(huge, ENCRYPTED_CHUNK_BYTES);
    huge.write(Buffer.alloc(ENCRYPTED_CHUNK_BYTES + 1));
    await expect(hugeReading).rejects.toMatchObject({ code: GeneralError.PayloadTooLarge });
  });
});
