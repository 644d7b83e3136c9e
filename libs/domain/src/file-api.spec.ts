import { FILE_CHUNK_CIPHERTEXT_BYTES, caseFileCreateSchema, fileChunkCountFor, fileChunkIndexSchema, fileChunkLength, isPossibleFileStream } from './file-api';

/** What libs/crypto makes for a file of `size` bytes (SPEC.md §11): max(1, ceil(size / 64 KiB)) chunks, 17 bytes more each. */
const stream = (size: number) => {
  const chunks = Math.max(1, Math.ceil(size / 65_536));
  return { encryptedSize: size + 17 * chunks, chunkCount: chunks };
};

describe('file stream sizes', () => {
  it('accepts every size the encryptor makes, and the chunk sizes add up', () => {
    for (const size of [0, 1, 65_535, 65_536, 65_537, 2 * 65_536, 5 * 1024 * 1024 + 3]) {
      const { encryptedSize, chunkCount } = stream(size);
      expect(isPossibleFileStream(encryptedSize, chunkCount)).toBe(true);
      expect(fileChunkCountFor(encryptedSize)).toBe(chunkCount);
      let total = 0;
      for (let i = 0; i < chunkCount; i += 1) total += fileChunkLength(encryptedSize, chunkCount, i)!;
      expect(total).toBe(encryptedSize);
      expect(fileChunkLength(encryptedSize, chunkCount, chunkCount)).toBeNull();
    }
  });

  it('refuses sizes no stream has', () => {
    expect(isPossibleFileStream(16, 1)).toBe(false);
    expect(isPossibleFileStream(FILE_CHUNK_CIPHERTEXT_BYTES + 17, 2)).toBe(false); // an empty final chunk after the first
    expect(isPossibleFileStream(FILE_CHUNK_CIPHERTEXT_BYTES + 18, 2)).toBe(true);
    expect(isPossibleFileStream(100, 2)).toBe(false);
    expect(fileChunkLength(100, 1, -1)).toBeNull();
    expect(fileChunkLength(100, 1, 0.5)).toBeNull();
  });

  it('parses chunk indexes without leading zeros or signs', () => {
    expect(fileChunkIndexSchema.parse('0')).toBe(0);
    expect(fileChunkIndexSchema.parse('48')).toBe(48);
    for (const bad of ['01', '-1', '1e3', ' 1', '1.0', '9999999999999']) expect(fileChunkIndexSchema.safeParse(bad).success).toBe(false);
  });

  it('requires a lower-case file id and consistent sizes', () => {
    const body = { fileId: '0f0e0d0c-0b0a-4908-8706-050403020100', header: `x1.${'A'.repeat(22)}.${'B'.repeat(32)}`, meta: `a1.${'C'.repeat(400)}`, wrappedKey: `a1.${'D'.repeat(120)}`, ...stream(10) };
    expect(caseFileCreateSchema.safeParse(body).success).toBe(true);
    expect(caseFileCreateSchema.safeParse({ ...body, fileId: body.fileId.toUpperCase() }).success).toBe(false);
    expect(caseFileCreateSchema.safeParse({ ...body, chunkCount: 2 }).success).toBe(false);
    expect(caseFileCreateSchema.safeParse({ ...body, recordKind: 'photo' }).success).toBe(false);
  });
});
