/**
 * The one place that touches the libsodium module object, or the pure-JavaScript
 * implementation of the same calls where WebAssembly is missing (SPEC.md §1, "Without
 * WebAssembly"). libsodium-wrappers fills its functions in only after `ready` resolves, so
 * callers go through `lib()`, which refuses to run before initialisation instead of failing
 * with "x is not a function".
 */
import sodium from 'libsodium-wrappers-sumo';
import { InvalidInputError, NotReadyError } from './errors';
import { type CryptoBackend, type SodiumApi } from './sodium-api';

export type Sodium = SodiumApi;
export type { CryptoBackend } from './sodium-api';

// Without WebAssembly libsodium.js rejects its own `ready` as soon as it is imported; the
// rejection is handled in ready() below, and must not surface as an unhandled one before that.
sodium.ready.catch(() => undefined);

/** libsodium.js, seen through the calls the library makes. */
const libsodium: SodiumApi = sodium;

export interface ReadyOptions {
  /**
   * `auto` (the default): libsodium.js when WebAssembly works, else the pure-JavaScript
   * backend. `libsodium` or `pure` loads that one and makes it the backend from now on (tests
   * and benchmarks compare them; a stream state made by one backend is unusable by the other).
   * In Node, ASHAR_CRYPTO_BACKEND=pure|libsodium sets what `auto` means.
   */
  readonly backend?: CryptoBackend | 'auto';
}

let current: { readonly api: SodiumApi; readonly backend: CryptoBackend } | undefined;
let pending: Promise<void> | undefined;

function fromEnvironment(): CryptoBackend | 'auto' {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['ASHAR_CRYPTO_BACKEND'];
  return env === 'pure' || env === 'libsodium' ? env : 'auto';
}

async function loadLibsodium(): Promise<SodiumApi> {
  if (typeof WebAssembly !== 'object') throw new NotReadyError('WebAssembly is not available');
  await sodium.ready;
  return libsodium;
}

async function loadPure(): Promise<SodiumApi> {
  // Loaded only where it is used, so that the WebAssembly path's bundles do not carry it.
  const { pureSodium } = await import('./pure/sodium-pure.js');
  return pureSodium;
}

async function load(choice: CryptoBackend | 'auto'): Promise<void> {
  if (choice === 'pure') {
    current = { api: await loadPure(), backend: 'pure' };
    return;
  }
  if (choice === 'libsodium') {
    current = { api: await loadLibsodium(), backend: 'libsodium' };
    return;
  }
  let api: SodiumApi;
  try {
    api = await loadLibsodium();
  } catch {
    current = { api: await loadPure(), backend: 'pure' };
    return;
  }
  current = { api, backend: 'libsodium' };
}

/**
 * Initialises the backend once (libsodium.js's WebAssembly, or the pure-JavaScript backend
 * where WebAssembly is missing or refuses to load); safe to call many times and from Node, a
 * page, a Web Worker or a service worker. Every other function of the library throws
 * NotReadyError until it resolved. `options.backend` picks a backend explicitly.
 */
export function ready(options: ReadyOptions = {}): Promise<void> {
  const wanted = options.backend ?? 'auto';
  if (wanted === 'auto') {
    pending ??= load(fromEnvironment()).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  }
  const switching = (pending ?? Promise.resolve()).catch(() => undefined).then(() => (current?.backend === wanted ? undefined : load(wanted)));
  pending = switching.catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/** True once `ready()` has resolved. */
export function isReady(): boolean {
  return current !== undefined;
}

/** The backend in use: `libsodium` (WebAssembly) or `pure` (JavaScript). Throws NotReadyError before `ready()`. */
export function cryptoBackend(): CryptoBackend {
  if (!current) throw new NotReadyError('call and await ready() before using @ashar/crypto');
  return current.backend;
}

/** The initialised backend. Throws NotReadyError before `ready()` resolved. */
export function lib(): Sodium {
  if (!current) throw new NotReadyError('call and await ready() before using @ashar/crypto');
  return current.api;
}

/**
 * An Ed25519 detached-signature check with libsodium's semantics
 * (`crypto_sign_verify_detached`: canonical S, no small-order A or R, 64-byte signature,
 * 32-byte key): true when `signature` over `message` verifies under `publicKey`.
 */
export type SignatureVerifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

let nativeVerifier: SignatureVerifier | undefined;

/**
 * Checks every signature this library checks with `verifier` instead of the backend's: for a server, a native build of the same libsodium (sodium-native) checks
 * a signature in less than half the time (SPEC.md §1, "Native signature checks"). `verifier`
 * must first agree with the WebAssembly build on `SELF_TEST` cases (a good signature and a
 * set of bad ones, each of which libsodium refuses for its own reason); otherwise this throws
 * InvalidInputError and nothing changes. `null` goes back to the WebAssembly build. Call
 * after `ready()`.
 */
export function useSignatureVerifier(verifier: SignatureVerifier | null): void {
  const s = lib();
  if (verifier === null) {
    nativeVerifier = undefined;
    return;
  }
  for (const [name, signature, message, publicKey] of selfTestCases(s)) {
    const expected = s.crypto_sign_verify_detached(signature, message, publicKey);
    let got: boolean;
    try {
      got = verifier(signature, message, publicKey) === true;
    } catch {
      got = false;
    }
    if (got !== expected) throw new InvalidInputError(`the signature verifier disagrees with libsodium on ${name}`);
  }
  nativeVerifier = verifier;
}

/** True when a verifier given to useSignatureVerifier checks signatures. */
export function usesNativeVerifier(): boolean {
  return nativeVerifier !== undefined;
}

/**
 * `crypto_sign_verify_detached` through the verifier in use. Lengths are checked here, so a
 * verifier never sees a signature that is not 64 bytes or a key that is not 32.
 */
export function verifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const s = lib();
  if (signature.length !== s.crypto_sign_BYTES || publicKey.length !== s.crypto_sign_PUBLICKEYBYTES) return false;
  return nativeVerifier ? nativeVerifier(signature, message, publicKey) : s.crypto_sign_verify_detached(signature, message, publicKey);
}

/**
 * The cases a verifier must decide as libsodium does: one good signature, then a flipped
 * message bit, a flipped signature bit, another key, a non-canonical S (S + L), an all-zero
 * signature, a small-order public key (the identity) and a small-order R.
 */
function selfTestCases(s: Sodium): [string, Uint8Array, Uint8Array, Uint8Array][] {
  const { publicKey, privateKey } = s.crypto_sign_seed_keypair(new Uint8Array(32).fill(7));
  const other = s.crypto_sign_seed_keypair(new Uint8Array(32).fill(8)).publicKey;
  const message = new TextEncoder().encode('ashar/v1|verifier self-test');
  const good = s.crypto_sign_detached(message, privateKey);
  const flip = (bytes: Uint8Array, index: number) => {
    const copy = bytes.slice();
    copy[index] = (copy[index] as number) ^ 1;
    return copy;
  };
  // S + L, where L is the order of the base point (little-endian): the same point equation holds,
  // and only the canonical-S check refuses it.
  const L = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
  const nonCanonical = good.slice();
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = (good[32 + i] as number) + (L[i] as number) + carry;
    nonCanonical[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  const identity = new Uint8Array(32);
  identity[0] = 1;
  const smallOrderR = good.slice();
  smallOrderR.set(identity, 0);
  return [
    ['a good signature', good, message, publicKey],
    ['a changed message', good, flip(message, 3), publicKey],
    ['a changed signature', flip(good, 40), message, publicKey],
    ['another key', good, message, other],
    ['a non-canonical S', nonCanonical, message, publicKey],
    ['an all-zero signature', new Uint8Array(64), message, publicKey],
    ['a small-order public key', good, message, identity],
    ['a small-order R', smallOrderR, message, publicKey],
  ];
}
