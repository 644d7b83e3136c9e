/**
 * The libsodium calls of `SodiumApi` in pure JavaScript, on the audited noble libraries
 * (@noble/curves, @noble/hashes, @noble/ciphers), for browsers without WebAssembly (Tor
 * Browser at "Safer"). No new cryptography: each function composes noble's primitives exactly
 * as libsodium's documented construction does (SPEC.md §1 "Without WebAssembly"), and the
 * results are byte-identical to libsodium's — every pinned vector and the cross-backend
 * property tests (test/pure-backend.spec.ts) check it.
 *
 * Loaded only when it is needed (sodium.ts imports it dynamically), so the WebAssembly
 * path's bundle does not carry it.
 */
import { hchacha, chacha20, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { ED25519_TORSION_SUBGROUP, ed25519, x25519 } from '@noble/curves/ed25519.js';
import { argon2id } from '@noble/hashes/argon2.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { type SodiumApi, type SodiumKeyPair, type StreamStateHandle } from '../sodium-api';

/** libsodium.js throws plain Errors; the library maps every throw to its own error codes. */
function fail(message: string): never {
  throw new Error(message);
}

function bytes(value: unknown, length: number | null, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) fail(`invalid ${what} type`);
  if (length !== null && value.length !== length) fail(`invalid ${what} length`);
  return value;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

function equalVartime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Constant-time comparison of equal-length arrays (sodium_memcmp). */
function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

function le64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value), true);
  return out;
}

function words(input: Uint8Array): Uint32Array {
  // noble's core functions take little-endian words; copy to an aligned buffer first.
  const copy = input.slice();
  return new Uint32Array(copy.buffer, copy.byteOffset, copy.length / 4);
}

/** "expand 32-byte k", the constant of Salsa20 and ChaCha20 with 256-bit keys. */
const SIGMA = words(ascii('expand 32-byte k'));

function hchacha20(key: Uint8Array, input16: Uint8Array): Uint8Array {
  const out = new Uint32Array(8);
  hchacha(SIGMA, words(key), words(input16), out);
  return new Uint8Array(out.buffer);
}

function hsalsa20(key: Uint8Array, input16: Uint8Array): Uint8Array {
  const out = new Uint32Array(8);
  hsalsa(SIGMA, words(key), words(input16), out);
  return new Uint8Array(out.buffer);
}

// --- Ed25519 (crypto_sign) -------------------------------------------------------------

const P = ed25519.Point.Fp.ORDER;
const L = ed25519.Point.Fn.ORDER;

function littleEndian(data: Uint8Array): bigint {
  let n = 0n;
  for (let i = data.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(data[i] as number);
  return n;
}

function yOf(encoding: Uint8Array): bigint {
  const copy = encoding.slice();
  copy[31] = (copy[31] as number) & 0x7f;
  return littleEndian(copy);
}

/**
 * The y coordinates (mod p) of the eight points of small order. libsodium's
 * `ge25519_has_small_order` refuses an encoding whose y, sign bit ignored, is one of them,
 * including the non-canonical encodings p and p + 1 of y = 0 and y = 1.
 */
const SMALL_ORDER_Y = new Set(ED25519_TORSION_SUBGROUP.map((hex) => yOf(Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))) % P));

function hasSmallOrder(encoding: Uint8Array): boolean {
  return SMALL_ORDER_Y.has(yOf(encoding) % P);
}

/** libsodium's `ge25519_is_canonical`: y (sign bit ignored) below p. */
function isCanonicalY(encoding: Uint8Array): boolean {
  return yOf(encoding) < P;
}

function signSeedKeypair(seed: Uint8Array): SodiumKeyPair {
  bytes(seed, 32, 'seed');
  const publicKey = ed25519.getPublicKey(seed);
  const privateKey = new Uint8Array(64);
  privateKey.set(seed, 0);
  privateKey.set(publicKey, 32);
  return { keyType: 'ed25519', publicKey, privateKey };
}

/**
 * `crypto_sign_ed25519_verify_detached` of libsodium (ref10 `open.c`), step by step: S below
 * L; R not of small order; A canonical and not of small order; then h = SHA-512(R ‖ A ‖ m)
 * mod L and the cofactorless check that the encoding of [S]B − [h]A is R, byte for byte.
 */
function verifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64 || !(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(message instanceof Uint8Array)) fail('invalid message type');
  const r = signature.subarray(0, 32);
  const s = littleEndian(signature.subarray(32));
  if (s >= L) return false;
  if (hasSmallOrder(r)) return false;
  if (!isCanonicalY(publicKey) || hasSmallOrder(publicKey)) return false;
  let a: InstanceType<typeof ed25519.Point>;
  try {
    a = ed25519.Point.fromBytes(publicKey, true);
  } catch {
    return false;
  }
  const h = littleEndian(sha512.create().update(r).update(publicKey).update(message).digest()) % L;
  const check = ed25519.Point.BASE.multiplyUnsafe(s).subtract(a.multiplyUnsafe(h));
  return equalVartime(check.toBytes(), r);
}

// --- X25519 boxes (crypto_box, crypto_box_seal) ------------------------------------------

function boxSeedKeypair(seed: Uint8Array): SodiumKeyPair {
  bytes(seed, 32, 'seed');
  const privateKey = sha512(seed).slice(0, 32);
  return { keyType: 'x25519', publicKey: x25519.getPublicKey(privateKey), privateKey };
}

/** crypto_box_beforenm: HSalsa20(X25519(sk, pk), 0¹⁶); libsodium refuses an all-zero shared secret. */
function boxKey(publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array {
  bytes(publicKey, 32, 'publicKey');
  bytes(privateKey, 32, 'privateKey');
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(privateKey, publicKey);
  } catch {
    fail('invalid public key');
  }
  if (shared.every((byte) => byte === 0)) fail('invalid public key');
  const key = hsalsa20(shared, new Uint8Array(16));
  shared.fill(0);
  return key;
}

/** crypto_box_easy: MAC ‖ XSalsa20 ciphertext under the box key (secretbox). */
function boxEasy(message: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array {
  bytes(message, null, 'message');
  bytes(nonce, 24, 'nonce');
  const key = boxKey(publicKey, privateKey);
  try {
    return xsalsa20poly1305(key, nonce).encrypt(message);
  } finally {
    key.fill(0);
  }
}

function boxOpenEasy(ciphertext: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array {
  if (ciphertext.length < 16) fail('ciphertext is too short');
  const key = boxKey(publicKey, privateKey);
  try {
    return xsalsa20poly1305(key, nonce).decrypt(ciphertext);
  } catch {
    fail('incorrect key pair for the given ciphertext');
  } finally {
    key.fill(0);
  }
}

const sealNonce = (ephemeralPk: Uint8Array, recipientPk: Uint8Array): Uint8Array => {
  const input = new Uint8Array(64);
  input.set(ephemeralPk, 0);
  input.set(recipientPk, 32);
  return blake2b(input, { dkLen: 24 });
};

/** crypto_box_seal: epk ‖ crypto_box_easy(m, BLAKE2b-192(epk ‖ pk), pk, esk) with a fresh ephemeral key. */
function boxSeal(message: Uint8Array, publicKey: Uint8Array): Uint8Array {
  bytes(message, null, 'message');
  bytes(publicKey, 32, 'publicKey');
  const ephemeralSk = randomBytes(32);
  const ephemeralPk = x25519.getPublicKey(ephemeralSk);
  try {
    const box = boxEasy(message, sealNonce(ephemeralPk, publicKey), publicKey, ephemeralSk);
    const out = new Uint8Array(32 + box.length);
    out.set(ephemeralPk, 0);
    out.set(box, 32);
    return out;
  } finally {
    ephemeralSk.fill(0);
  }
}

function boxSealOpen(ciphertext: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array {
  bytes(ciphertext, null, 'ciphertext');
  bytes(publicKey, 32, 'publicKey');
  if (ciphertext.length < 48) fail('ciphertext is too short');
  const ephemeralPk = ciphertext.subarray(0, 32);
  return boxOpenEasy(ciphertext.subarray(32), sealNonce(ephemeralPk, publicKey), ephemeralPk, privateKey);
}

// --- secretstream_xchacha20poly1305 --------------------------------------------------------

const TAG_REKEY = 0x02;
const STREAM_ABYTES = 17;
const ZERO_PAD = new Uint8Array(16);

/** The state of libsodium's `crypto_secretstream_xchacha20poly1305_state`: k, and nonce = counter (4, LE, from 1) ‖ inonce (8). */
interface PureStreamState extends StreamStateHandle {
  readonly name: 'ashar-pure-secretstream';
  k: Uint8Array;
  readonly nonce: Uint8Array;
}

function asStreamState(handle: StreamStateHandle): PureStreamState {
  if (handle.name !== 'ashar-pure-secretstream') fail('invalid state: made by another backend');
  return handle as PureStreamState;
}

function streamInit(header: Uint8Array, key: Uint8Array): PureStreamState {
  bytes(header, 24, 'header');
  bytes(key, 32, 'key');
  const nonce = new Uint8Array(12);
  nonce.set(header.subarray(16, 24), 4);
  const state: PureStreamState = { name: 'ashar-pure-secretstream', k: hchacha20(key, header.subarray(0, 16)), nonce };
  resetCounter(state);
  return state;
}

/** libsodium's `_crypto_secretstream_xchacha20poly1305_counter_reset`: the counter is 1 (little-endian). */
function resetCounter(state: PureStreamState): void {
  state.nonce.fill(0, 0, 4);
  state.nonce[0] = 1;
}

/** crypto_secretstream_xchacha20poly1305_rekey: (k ‖ inonce) ^= ChaCha20-IETF(k, nonce) keystream; counter reset. */
function rekey(state: PureStreamState): void {
  const next = new Uint8Array(40);
  next.set(state.k, 0);
  next.set(state.nonce.subarray(4, 12), 32);
  chacha20(state.k, state.nonce, next, next);
  state.k.fill(0);
  state.k = next.slice(0, 32);
  state.nonce.set(next.subarray(32, 40), 4);
  resetCounter(state);
  next.fill(0);
}

/** After each chunk: inonce ^= mac[0..8], counter += 1 (little-endian); rekey on TAG_REKEY or a counter back at 0. */
function advance(state: PureStreamState, mac: Uint8Array, tag: number): void {
  for (let i = 0; i < 8; i++) state.nonce[4 + i] = (state.nonce[4 + i] as number) ^ (mac[i] as number);
  let carry = 1;
  for (let i = 0; i < 4; i++) {
    const sum = (state.nonce[i] as number) + carry;
    state.nonce[i] = sum & 0xff;
    carry = sum >> 8;
  }
  if ((tag & TAG_REKEY) !== 0 || state.nonce.subarray(0, 4).every((byte) => byte === 0)) rekey(state);
}

/** Poly1305 over ad ‖ pad16 ‖ block(64) ‖ c ‖ pad16 ‖ le64(adlen) ‖ le64(64 + mlen), keyed by the first keystream block. */
function streamMac(state: PureStreamState, ad: Uint8Array, block: Uint8Array, c: Uint8Array): Uint8Array {
  const macKey = chacha20(state.k, state.nonce, new Uint8Array(64));
  const mac = poly1305.create(macKey.subarray(0, 32));
  macKey.fill(0);
  mac.update(ad).update(ZERO_PAD.subarray(0, (0x10 - ad.length) & 0xf));
  mac.update(block);
  mac.update(c).update(ZERO_PAD.subarray(0, (0x10 - 64 + c.length) & 0xf));
  mac.update(le64(ad.length)).update(le64(64 + c.length));
  return mac.digest();
}

function streamPush(handle: StreamStateHandle, message: Uint8Array, ad: Uint8Array | null, tag: number): Uint8Array {
  const state = asStreamState(handle);
  bytes(message, null, 'message');
  const data = ad ?? new Uint8Array(0);
  const block = new Uint8Array(64);
  block[0] = tag;
  chacha20(state.k, state.nonce, block, block, 1);
  // Encrypted into its own (aligned) array, then copied after the tag byte: noble's ChaCha20 is
  // about a fifth slower writing to an unaligned view, which counts when there is no JIT.
  const c = chacha20(state.k, state.nonce, message, new Uint8Array(message.length), 2);
  const mac = streamMac(state, data, block, c);
  const out = new Uint8Array(STREAM_ABYTES + message.length);
  out[0] = block[0] as number;
  out.set(c, 1);
  out.set(mac, 1 + message.length);
  advance(state, mac, tag);
  return out;
}

function streamPull(handle: StreamStateHandle, ciphertext: Uint8Array, ad: Uint8Array | null): { message: Uint8Array; tag: number } | false {
  const state = asStreamState(handle);
  bytes(ciphertext, null, 'ciphertext');
  if (ciphertext.length < STREAM_ABYTES) return false;
  const data = ad ?? new Uint8Array(0);
  const mlen = ciphertext.length - STREAM_ABYTES;
  const block = new Uint8Array(64);
  block[0] = ciphertext[0] as number;
  chacha20(state.k, state.nonce, block, block, 1);
  const tag = block[0] as number;
  block[0] = ciphertext[0] as number;
  const c = ciphertext.slice(1, 1 + mlen); // aligned, as in push
  const mac = streamMac(state, data, block, c);
  if (!equalConstantTime(mac, ciphertext.subarray(1 + mlen))) return false;
  const message = chacha20(state.k, state.nonce, c, c, 2);
  advance(state, mac, tag);
  return { message, tag };
}

// --- Everything else ---------------------------------------------------------------------

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65 536 bytes per call.
  for (let offset = 0; offset < length; offset += 65536) globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

/** randombytes_buf_deterministic: the ChaCha20-IETF keystream of `seed` with nonce "LibsodiumDRG", from block 0. */
function randomBytesDeterministic(length: number, seed: Uint8Array): Uint8Array {
  bytes(seed, 32, 'seed');
  return chacha20(seed, ascii('LibsodiumDRG'), new Uint8Array(length));
}

/** crypto_kdf_derive_from_key: BLAKE2b(key, salt = le64(id) ‖ 0⁸, personal = ctx ‖ 0⁸), empty message. */
function kdfDerive(length: number, subkeyId: number, context: string, key: Uint8Array): Uint8Array {
  bytes(key, 32, 'key');
  if (typeof context !== 'string' || context.length !== 8) fail('invalid context length');
  if (!Number.isSafeInteger(subkeyId) || subkeyId < 0) fail('invalid subkey id');
  if (length < 16 || length > 64) fail('invalid key length');
  const salt = new Uint8Array(16);
  salt.set(le64(subkeyId), 0);
  const personalization = new Uint8Array(16);
  personalization.set(ascii(context), 0);
  return blake2b(new Uint8Array(0), { dkLen: length, key, salt, personalization });
}

function generichash(length: number, message: Uint8Array, key: Uint8Array | null): Uint8Array {
  bytes(message, null, 'message');
  // libsodium's crypto_generichash checks 1-64 output bytes and at most 64 key bytes (the MIN constants are advice).
  if (!Number.isSafeInteger(length) || length < 1 || length > 64) fail('invalid output length');
  if (key !== null && key !== undefined && key.length > 0) {
    if (key.length > 64) fail('invalid key length');
    return blake2b(message, { dkLen: length, key });
  }
  return blake2b(message, { dkLen: length });
}

function pwhash(length: number, password: Uint8Array, salt: Uint8Array, opsLimit: number, memLimit: number, algorithm: number): Uint8Array {
  if (algorithm !== 2) fail('unsupported algorithm');
  bytes(salt, 16, 'salt');
  if (opsLimit < 1 || memLimit < 8192 || memLimit % 1024 !== 0) fail('invalid parameters');
  return argon2id(password, salt, { t: opsLimit, m: memLimit / 1024, p: 1, dkLen: length, version: 0x13 });
}

/** sodium_pad: ISO/IEC 7816-4 to the next multiple of blockSize (always at least one byte). */
function pad(input: Uint8Array, blockSize: number): Uint8Array {
  bytes(input, null, 'buffer');
  if (!Number.isSafeInteger(blockSize) || blockSize <= 0) fail('invalid block size');
  const padded = new Uint8Array(input.length + blockSize - (input.length % blockSize));
  padded.set(input, 0);
  padded[input.length] = 0x80;
  return padded;
}

/** sodium_unpad: the last non-zero byte among the last blockSize bytes must be 0x80. */
function unpad(input: Uint8Array, blockSize: number): Uint8Array {
  bytes(input, null, 'buffer');
  if (!Number.isSafeInteger(blockSize) || blockSize <= 0 || input.length < blockSize) fail('unsupported/invalid padding');
  for (let i = input.length - 1; i >= input.length - blockSize; i--) {
    if (input[i] === 0) continue;
    if (input[i] === 0x80) return input.slice(0, i);
    break;
  }
  fail('unsupported/invalid padding');
}

const VARIANTS = { ORIGINAL: 1, ORIGINAL_NO_PADDING: 3, URLSAFE: 5, URLSAFE_NO_PADDING: 7 } as const;
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64(input: Uint8Array, variant: number = VARIANTS.URLSAFE_NO_PADDING): string {
  const alphabet = (variant & 4) !== 0 ? URLSAFE : STANDARD;
  let out = '';
  for (let i = 0; i < input.length; i += 3) {
    const n = ((input[i] as number) << 16) | ((input[i + 1] ?? 0) << 8) | (input[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((input.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += alphabet[(n >> (18 - 6 * j)) & 63];
  }
  if ((variant & 2) === 0) while (out.length % 4 !== 0) out += '=';
  return out;
}

function fromBase64(text: string, variant: number = VARIANTS.URLSAFE_NO_PADDING): Uint8Array {
  const alphabet = (variant & 4) !== 0 ? URLSAFE : STANDARD;
  const body = (variant & 2) === 0 ? text.replace(/={0,2}$/, '') : text;
  if (body.length % 4 === 1) fail('incomplete input');
  const out = new Uint8Array(Math.floor((body.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of body) {
    const value = alphabet.indexOf(char);
    if (value < 0) fail('invalid input');
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

function toHex(input: Uint8Array): string {
  let out = '';
  for (const byte of input) out += byte.toString(16).padStart(2, '0');
  return out;
}

export const pureSodium: SodiumApi = {
  crypto_sign_BYTES: 64,
  crypto_sign_PUBLICKEYBYTES: 32,
  crypto_pwhash_ALG_ARGON2ID13: 2,
  base64_variants: VARIANTS,

  crypto_sign_seed_keypair: signSeedKeypair,
  crypto_sign_detached: (message, privateKey) => {
    bytes(message, null, 'message');
    bytes(privateKey, 64, 'privateKey');
    return ed25519.sign(message, privateKey.subarray(0, 32));
  },
  crypto_sign_verify_detached: verifyDetached,
  crypto_sign_ed25519_sk_to_seed: (privateKey) => bytes(privateKey, 64, 'privateKey').slice(0, 32),

  crypto_generichash: generichash,
  crypto_kdf_derive_from_key: kdfDerive,
  crypto_hash_sha256: (message) => sha256(bytes(message, null, 'message')),
  crypto_pwhash: pwhash,

  crypto_box_seed_keypair: boxSeedKeypair,
  crypto_scalarmult_base: (privateKey) => x25519.getPublicKey(bytes(privateKey, 32, 'privateKey')),
  crypto_box_easy: boxEasy,
  crypto_box_seal: boxSeal,
  crypto_box_seal_open: boxSealOpen,

  crypto_aead_xchacha20poly1305_ietf_encrypt: (message, ad, _secretNonce, nonce, key) =>
    xchacha20poly1305(bytes(key, 32, 'key'), bytes(nonce, 24, 'nonce'), ad ?? undefined).encrypt(bytes(message, null, 'message')),
  crypto_aead_xchacha20poly1305_ietf_decrypt: (_secretNonce, ciphertext, ad, nonce, key) => {
    bytes(ciphertext, null, 'ciphertext');
    if (ciphertext.length < 16) fail('ciphertext is too short');
    try {
      return xchacha20poly1305(bytes(key, 32, 'key'), bytes(nonce, 24, 'nonce'), ad ?? undefined).decrypt(ciphertext);
    } catch {
      fail('ciphertext cannot be decrypted using that key');
    }
  },

  crypto_secretstream_xchacha20poly1305_init_push: (key) => {
    const header = randomBytes(24);
    return { state: streamInit(header, key), header };
  },
  crypto_secretstream_xchacha20poly1305_init_pull: streamInit,
  crypto_secretstream_xchacha20poly1305_push: streamPush,
  crypto_secretstream_xchacha20poly1305_pull: streamPull,

  randombytes_buf: randomBytes,
  randombytes_buf_deterministic: randomBytesDeterministic,

  memzero: (input) => {
    input.fill(0);
  },
  memcmp: (a, b) => {
    if (a.length !== b.length) fail('arguments must have the same length');
    return equalConstantTime(a, b);
  },
  pad,
  unpad,
  to_hex: toHex,
  to_base64: toBase64,
  from_base64: fromBase64,
};
