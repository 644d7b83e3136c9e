/**
 * @ashar/crypto benchmark: `npx tsx bench/crypto/run.ts`. Prints figures, asserts nothing.
 *   1. memory while encrypting then decrypting a 1 GiB attachment as a stream (target: flat,
 *      < 100 MiB above the start);
 *   2. secretstream throughput through the library vs raw libsodium in this process (target
 *      ratio ≥ 0.8);
 *   3. Argon2id time of the vault (ops 3, 64 MiB) and receipt (ops 2, 64 MiB) parameters.
 * Memory runs first, before Argon2id grows libsodium's WASM heap (which it never gives back).
 */
import sodium from 'libsodium-wrappers-sumo';
import {
  CHUNK_BYTES,
  RECEIPT_ARGON2,
  VAULT_ARGON2,
  createFileEncryptor,
  createVault,
  decryptFile,
  deriveRequesterKeys,
  encryptFile,
  generateFileKey,
  generateIdentityKeys,
  ready,
  wrapVaultKey,
} from '@ashar/crypto';

const MIB = 1024 * 1024;
const file = { caseId: 'bench-case', fileId: 'bench-file' };
const TAG_MESSAGE = 0;
const TAG_FINAL = 3;

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function* plaintextChunks(total: number, chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
}

async function* ciphertextOf(chunks: AsyncIterable<{ bytes: Uint8Array }>): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) yield chunk.bytes;
}

async function memoryOfOneGiB(): Promise<void> {
  const total = 1024 * MIB;
  const key = generateFileKey();
  const source = sodium.randombytes_buf(CHUNK_BYTES);
  const start = process.memoryUsage();
  const peak = { rss: start.rss, heapPlusExternal: start.heapUsed + start.external, arrayBuffers: start.arrayBuffers };
  const sample = (): void => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapPlusExternal = Math.max(peak.heapPlusExternal, now.heapUsed + now.external);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
  };
  const began = performance.now();
  const { header, chunks } = encryptFile(key, file, plaintextChunks(total, source));
  let received = 0;
  let mismatches = 0;
  let count = 0;
  const marks: string[] = [];
  for await (const plain of decryptFile(key, file, header, ciphertextOf(chunks))) {
    if (!Buffer.from(plain.buffer, plain.byteOffset, plain.length).equals(source)) mismatches += 1;
    received += plain.length;
    count += 1;
    if (count % 256 === 0) sample();
    // RSS at each quarter: flat means it does not follow the amount processed.
    if (received % (256 * MIB) === 0) marks.push(`${mib(received)}: ${mib(process.memoryUsage().rss - start.rss)}`);
  }
  sample();
  const seconds = (performance.now() - began) / 1000;
  console.log('1 GiB attachment, encrypted then decrypted as one pipelined stream (64 KiB chunks)');
  console.log(`  round trip: ${mib(received)} in ${seconds.toFixed(1)} s (${((2 * received) / MIB / seconds).toFixed(0)} MiB/s of crypto), ${mismatches} mismatching chunks`);
  console.log(`  RSS            start ${mib(start.rss)}  peak ${mib(peak.rss)}  growth ${mib(peak.rss - start.rss)}`);
  console.log(`  heap+external  start ${mib(start.heapUsed + start.external)}  peak ${mib(peak.heapPlusExternal)}  growth ${mib(peak.heapPlusExternal - start.heapUsed - start.external)}`);
  console.log(`  RSS growth at  ${marks.join(', ')}`);
  console.log(`  arrayBuffers   start ${mib(start.arrayBuffers)}  peak ${mib(peak.arrayBuffers)}  growth ${mib(peak.arrayBuffers - start.arrayBuffers)}`);
}

function rawEncrypt(key: Uint8Array, source: Uint8Array, chunks: number): number {
  const { state } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  let bytes = 0;
  for (let i = 0; i < chunks; i += 1) bytes += sodium.crypto_secretstream_xchacha20poly1305_push(state, source, null, i === chunks - 1 ? TAG_FINAL : TAG_MESSAGE).length;
  return bytes;
}

function rawDecrypt(key: Uint8Array, header: Uint8Array, ciphertexts: readonly Uint8Array[]): number {
  const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
  let bytes = 0;
  for (const ciphertext of ciphertexts) {
    const result = sodium.crypto_secretstream_xchacha20poly1305_pull(state, ciphertext, null);
    if (result === false) throw new Error('raw pull failed');
    bytes += result.message.length;
  }
  return bytes;
}

async function throughput(): Promise<void> {
  const total = 256 * MIB;
  const chunks = total / CHUNK_BYTES;
  const key = generateFileKey();
  const source = sodium.randombytes_buf(CHUNK_BYTES);
  const rounds = 3;
  const raw: number[] = [];
  const lib: number[] = [];
  const libChunkApi: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    let began = performance.now();
    rawEncrypt(key, source, chunks);
    raw.push(total / MIB / ((performance.now() - began) / 1000));

    began = performance.now();
    const { chunks: encrypted } = encryptFile(key, file, plaintextChunks(total, source));
    for await (const chunk of encrypted) void chunk;
    lib.push(total / MIB / ((performance.now() - began) / 1000));

    began = performance.now();
    const encryptor = createFileEncryptor(key, file);
    for (let i = 0; i < chunks; i += 1) encryptor.push(source, i === chunks - 1);
    libChunkApi.push(total / MIB / ((performance.now() - began) / 1000));
  }
  // Decryption: 64 MiB of ciphertext kept in memory for both sides.
  const decChunks = 1024;
  const decTotal = decChunks * CHUNK_BYTES;
  const rawPush = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const rawCiphertexts = Array.from({ length: decChunks }, (_, i) => sodium.crypto_secretstream_xchacha20poly1305_push(rawPush.state, source, null, i === decChunks - 1 ? TAG_FINAL : TAG_MESSAGE));
  const { header, chunks: libEncrypted } = encryptFile(key, file, plaintextChunks(decTotal, source));
  const libCiphertexts: Uint8Array[] = [];
  for await (const chunk of libEncrypted) libCiphertexts.push(chunk.bytes);
  const rawDec: number[] = [];
  const libDec: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    let began = performance.now();
    rawDecrypt(key, rawPush.header, rawCiphertexts);
    rawDec.push(decTotal / MIB / ((performance.now() - began) / 1000));
    began = performance.now();
    for await (const plain of decryptFile(key, file, header, libCiphertexts)) void plain;
    libDec.push(decTotal / MIB / ((performance.now() - began) / 1000));
  }
  const line = (name: string, values: number[], base: number[]): string =>
    `  ${name.padEnd(44)} ${median(values).toFixed(0).padStart(5)} MiB/s   ratio ${(median(values) / median(base)).toFixed(2)}`;
  console.log(`secretstream throughput, 64 KiB chunks (median of ${rounds})`);
  console.log(line('encrypt, raw libsodium push (no AD)', raw, raw));
  console.log(line('encrypt, library encryptFile (async iterable)', lib, raw));
  console.log(line('encrypt, library FileEncryptor.push (chunks)', libChunkApi, raw));
  console.log(line('decrypt, raw libsodium pull (no AD)', rawDec, rawDec));
  console.log(line('decrypt, library decryptFile (async iterable)', libDec, rawDec));
}

function argon2(): void {
  const runs = 5;
  const vault: number[] = [];
  const receipt: number[] = [];
  const identity = generateIdentityKeys();
  const { vaultKey } = createVault(identity, 'bench-user');
  for (let run = 0; run < runs; run += 1) {
    let began = performance.now();
    wrapVaultKey(vaultKey, { userId: 'bench-user', unlockMethodId: 'bench-method' }, { method: 'passphrase', passphrase: 'bench passphrase' });
    vault.push(performance.now() - began);
    began = performance.now();
    deriveRequesterKeys('ABCD-EFGH-JKMN-PQRS-TV01', 'bench.example.org');
    receipt.push(performance.now() - began);
  }
  const fmt = (values: number[]): string => `median ${median(values).toFixed(0)} ms, min ${Math.min(...values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;
  console.log(`Argon2id (${runs} runs each)`);
  console.log(`  vault passphrase wrap, ops ${VAULT_ARGON2.opsLimit}, ${mib(VAULT_ARGON2.memLimitBytes)}: ${fmt(vault)}`);
  console.log(`  receipt key derivation, ops ${RECEIPT_ARGON2.opsLimit}, ${mib(RECEIPT_ARGON2.memLimitBytes)}: ${fmt(receipt)}`);
}

async function main(): Promise<void> {
  await ready();
  console.log(`@ashar/crypto bench — Node ${process.version}, libsodium ${sodium.sodium_version_string()}`);
  await memoryOfOneGiB();
  await throughput();
  argon2();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
