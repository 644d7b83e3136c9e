/**
 * The part of libsodium.js this library uses, as one interface with two implementations:
 * libsodium.js itself (WebAssembly) and `pure/sodium-pure.ts` (the audited noble libraries,
 * pure JavaScript, for browsers without WebAssembly: Tor Browser at "Safer", SPEC.md §1
 * "Without WebAssembly"). Only the calls and argument shapes the library makes are listed;
 * every one returns bytes (never libsodium.js's string output formats).
 */

/** An opaque secretstream state; a state belongs to the backend that made it. */
export interface StreamStateHandle {
  readonly name?: string;
}

export interface SodiumKeyPair {
  readonly keyType: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

export interface SodiumApi {
  readonly crypto_sign_BYTES: number;
  readonly crypto_sign_PUBLICKEYBYTES: number;
  readonly crypto_pwhash_ALG_ARGON2ID13: number;
  readonly base64_variants: { readonly ORIGINAL: number; readonly ORIGINAL_NO_PADDING: number; readonly URLSAFE: number; readonly URLSAFE_NO_PADDING: number };

  crypto_sign_seed_keypair(seed: Uint8Array): SodiumKeyPair;
  crypto_sign_detached(message: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  crypto_sign_ed25519_sk_to_seed(privateKey: Uint8Array): Uint8Array;

  crypto_generichash(length: number, message: Uint8Array, key: Uint8Array | null): Uint8Array;
  crypto_kdf_derive_from_key(length: number, subkeyId: number, context: string, key: Uint8Array): Uint8Array;
  crypto_hash_sha256(message: Uint8Array): Uint8Array;
  crypto_pwhash(length: number, password: Uint8Array, salt: Uint8Array, opsLimit: number, memLimit: number, algorithm: number): Uint8Array;

  crypto_box_seed_keypair(seed: Uint8Array): SodiumKeyPair;
  crypto_scalarmult_base(privateKey: Uint8Array): Uint8Array;
  crypto_box_easy(message: Uint8Array, nonce: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array;
  crypto_box_seal(message: Uint8Array, publicKey: Uint8Array): Uint8Array;
  crypto_box_seal_open(ciphertext: Uint8Array, publicKey: Uint8Array, privateKey: Uint8Array): Uint8Array;

  crypto_aead_xchacha20poly1305_ietf_encrypt(message: Uint8Array, ad: Uint8Array | null, secretNonce: null, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_aead_xchacha20poly1305_ietf_decrypt(secretNonce: null, ciphertext: Uint8Array, ad: Uint8Array | null, nonce: Uint8Array, key: Uint8Array): Uint8Array;

  crypto_secretstream_xchacha20poly1305_init_push(key: Uint8Array): { state: StreamStateHandle; header: Uint8Array };
  crypto_secretstream_xchacha20poly1305_init_pull(header: Uint8Array, key: Uint8Array): StreamStateHandle;
  crypto_secretstream_xchacha20poly1305_push(state: StreamStateHandle, message: Uint8Array, ad: Uint8Array | null, tag: number): Uint8Array;
  /** `false` when the chunk does not authenticate (libsodium.js's wrapper does the same). */
  crypto_secretstream_xchacha20poly1305_pull(state: StreamStateHandle, ciphertext: Uint8Array, ad: Uint8Array | null): { message: Uint8Array; tag: number } | false;

  randombytes_buf(length: number): Uint8Array;
  randombytes_buf_deterministic(length: number, seed: Uint8Array): Uint8Array;

  memzero(bytes: Uint8Array): void;
  memcmp(a: Uint8Array, b: Uint8Array): boolean;
  pad(bytes: Uint8Array, blockSize: number): Uint8Array;
  unpad(bytes: Uint8Array, blockSize: number): Uint8Array;
  to_hex(bytes: Uint8Array): string;
  to_base64(bytes: Uint8Array, variant?: number): string;
  from_base64(text: string, variant?: number): Uint8Array;
}

/** Which implementation of SodiumApi runs: libsodium.js (WebAssembly) or the pure-JavaScript one. */
export type CryptoBackend = 'libsodium' | 'pure';
