/**
 * The pinned vectors (vectors/v1.json) through the same runner the browser test uses, on one
 * backend (libsodium.js's WebAssembly or the pure-JavaScript one, SPEC.md §1): every vector must
 * pass byte-exactly, the file must cover every format and error code, and the runner must be able
 * to fail. Each backend has a spec file of its own (vectors-libsodium.spec.ts, vectors-pure.spec.ts)
 * so that the two run side by side.
 */
import { CRYPTO_ERROR_CODES } from '../src/errors';
import { cryptoBackend, ready } from '../src/sodium';
import { type Vector, type VectorFile, runVectors } from './vector-runner';
import { POSITIVE_KINDS } from './vectors/positive-kinds';
import { REJECT_OPS } from './vectors/reject-ops';
import vectorFile from './vectors/v1.json';

const file = vectorFile as unknown as VectorFile;

export function describePinnedVectors(backend: 'libsodium' | 'pure'): void {
  afterAll(async () => {
    await ready({ backend: 'libsodium' });
  });

  describe(`pinned vectors v1 on the ${backend} backend`, () => {
    let results: Awaited<ReturnType<typeof runVectors>> = [];

    beforeAll(async () => {
      await ready({ backend });
      results = await runVectors(file);
    });

    it('runs on that backend', () => {
      expect(cryptoBackend()).toBe(backend);
    });

    it('returns one result per vector, in order', () => {
      expect(results.map((result) => result.id)).toEqual(file.vectors.map((vector) => vector.id));
    });

    it.each(file.vectors.map((vector) => [vector.id, vector] as const))('%s passes', (id) => {
      const result = results.find((candidate) => candidate.id === id);
      expect(result).toEqual(expect.objectContaining({ id, pass: true }));
    });

    it('covers every positive kind and every reject op', () => {
      expect(new Set(file.vectors.map((vector) => vector.kind))).toEqual(new Set([...Object.keys(POSITIVE_KINDS), 'reject']));
      expect(new Set(file.vectors.flatMap((vector) => (vector.op ? [vector.op] : [])))).toEqual(new Set(Object.keys(REJECT_OPS)));
    });

    it('expects every error code a reader can raise', () => {
      const expected = new Set(file.vectors.map((vector) => vector.expectedError));
      const readerCodes = CRYPTO_ERROR_CODES.filter((code) => code !== 'not_ready' && code !== 'invalid_input');
      for (const code of readerCodes) expect(expected).toContain(code);
    });

    it('has unique ids', () => {
      expect(new Set(file.vectors.map((vector) => vector.id)).size).toBe(file.vectors.length);
    });

    it('fails a vector whose pinned output was altered', async () => {
      const record = file.vectors.find((vector) => vector.id === 'record') as Vector;
      const altered: Vector = { ...record, expected: { ...record.expected, authorKid: 'AAAAAAAAAAAAAAAAAAAAAA' } };
      const [result] = await runVectors({ ...file, vectors: [altered] });
      expect(result).toEqual(expect.objectContaining({ pass: false, detail: 'output differs from the pinned one' }));
    });

    it('fails a vector whose draws were altered', async () => {
      const stream = file.vectors.find((vector) => vector.id === 'file-stream-1000') as Vector;
      const draws = (stream.draws ?? []).map((draw) => ({ ...draw, bytes: 'A'.repeat(31) + 'B' }));
      const [result] = await runVectors({ ...file, vectors: [{ ...stream, draws }] });
      expect(result?.pass).toBe(false);
    });

    it('fails a reject vector whose input is valid', async () => {
      const record = file.vectors.find((vector) => vector.id === 'record') as Vector;
      const rejectRecord = file.vectors.find((vector) => vector.id === 'record-flip-tag') as Vector;
      const inputs = { ...rejectRecord.inputs, ciphertext: record.expected?.['ciphertext'] ?? '' };
      const [result] = await runVectors({ ...file, vectors: [{ ...rejectRecord, inputs }] });
      expect(result).toEqual(expect.objectContaining({ pass: false, observed: 'none' }));
    });
  });
}
