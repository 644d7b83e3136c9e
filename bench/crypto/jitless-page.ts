/**
 * The page side of bench/crypto/jitless.ts, bundled for Chromium: times, in the page's own
 * thread, what the portal's crypto worker does for a requester, on the backend ready() picks
 * there (libsodium's WebAssembly, or the pure-JavaScript one when WebAssembly is off).
 */
import {
  CHUNK_BYTES,
  type CaseKeyRecipient,
  createFileEncryptor,
  cryptoBackend,
  deriveRequesterKeys,
  encryptRecord,
  generateCaseKey,
  generateDeskKeyPair,
  generateFileKey,
  generateReceiptCode,
  ready,
  requesterPublicKeys,
  sealCaseKey,
} from '@ashar/crypto';

const INSTANCE = 'bench.example.org';
let counter = 0;
/** A fresh id (the page is not a secure context, so crypto.randomUUID is missing). */
const nextId = () => `bench-${(counter += 1)}`;

export type BenchOp = 'receipt-v2' | 'receipt-v1' | 'seal-request' | 'file-1mib';

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

async function run(op: BenchOp): Promise<{ backend: string; ms: number; wasm: string }> {
  await ready();
  const wasm = typeof WebAssembly;
  let ms = 0;
  switch (op) {
    case 'receipt-v2':
      ms = time(() => deriveRequesterKeys(generateReceiptCode(2), INSTANCE));
      break;
    case 'receipt-v1':
      ms = time(() => deriveRequesterKeys(generateReceiptCode(1), INSTANCE));
      break;
    case 'seal-request': {
      // What the portal does once the keys exist: the signed, encrypted form and the case key
      // sealed to the intake desk, the routed desk and the requester (each envelope signed).
      const requester = deriveRequesterKeys(generateReceiptCode(2), INSTANCE);
      const desks = [generateDeskKeyPair('intake-desk', 1), generateDeskKeyPair('legal-desk', 1)];
      const form = { type: 'legal', caseStage: 'charged', courtDetails: 'Almaty district court'.repeat(20), hasLawyer: false, country: 'KZ', preferredLanguage: 'ru', description: 'x'.repeat(2000) };
      ms = time(() => {
        const caseId = nextId();
        const caseKey = generateCaseKey();
        encryptRecord(caseKey, { caseId, recordId: nextId(), recordKind: 'request' }, form, requester);
        for (const desk of desks) sealCaseKey(caseKey, caseId, desk as unknown as CaseKeyRecipient, requester);
        sealCaseKey(caseKey, caseId, requesterPublicKeys(requester) as unknown as CaseKeyRecipient, requester);
      });
      break;
    }
    case 'file-1mib': {
      const chunk = new Uint8Array(CHUNK_BYTES).fill(7);
      ms = time(() => {
        const encryptor = createFileEncryptor(generateFileKey(), { caseId: 'bench-case', fileId: 'bench-file' });
        for (let i = 0; i < 16; i++) encryptor.push(chunk, i === 15);
      });
      break;
    }
  }
  return { backend: cryptoBackend(), ms, wasm };
}

(globalThis as unknown as { asharBench: typeof run }).asharBench = run;
