/**
 * The one place that touches the libsodium module object. libsodium-wrappers fills its
 * functions in only after `ready` resolves, so callers go through `lib()`, which refuses
 * to run before initialisation instead of failing with "x is not a function".
 */
import sodium from 'libsodium-wrappers-sumo';
import { NotReadyError } from './errors';

export type Sodium = typeof sodium;

let initialised = false;
let pending: Promise<void> | undefined;

/**
 * Initialises libsodium (WASM) once; safe to call many times and from Node, a page or a
 * Web Worker. Every other function of the library throws NotReadyError until it resolved.
 */
export function ready(): Promise<void> {
  pending ??= sodium.ready.then(() => {
    initialised = true;
  });
  return pending;
}

/** True once `ready()` has resolved. */
export function isReady(): boolean {
  return initialised;
}

/** The initialised libsodium object. Throws NotReadyError before `ready()` resolved. */
export function lib(): Sodium {
  if (!initialised) throw new NotReadyError('call and await ready() before using @ashar/crypto');
  return sodium;
}
