import { createRequire } from 'node:module';
import { type SignatureVerifier, useSignatureVerifier } from '@ashar/crypto';

/** The part of sodium-native (libsodium built for this machine) the api uses. */
interface SodiumNative {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/**
 * Has @ashar/crypto check Ed25519 signatures with sodium-native, the same libsodium built
 * natively, instead of its slower WebAssembly build (docs/decisions.md, "Signature checks").
 * @ashar/crypto first makes it agree with the WebAssembly build on good and bad signatures, and
 * refuses it otherwise. Returns which build checks signatures; when sodium-native cannot load
 * (no build for this platform) the WebAssembly build stays.
 */
export function useNativeSignatureChecks(load: () => SodiumNative = loadSodiumNative): 'sodium-native' | 'libsodium.js' {
  let native: SodiumNative;
  try {
    native = load();
  } catch {
    return 'libsodium.js';
  }
  const verify: SignatureVerifier = (signature, message, publicKey) => native.crypto_sign_verify_detached(signature, message, publicKey);
  useSignatureVerifier(verify);
  return 'sodium-native';
}

function loadSodiumNative(): SodiumNative {
  // Loaded at run time, not imported: a missing native build leaves the WebAssembly one in use.
  return createRequire(__filename)('sodium-native') as SodiumNative;
}
