/**
 * Shared helpers of the vector kinds: typed access to JSON inputs, seeded test identities,
 * and the result digest that Node and the browser compare.
 */
import { type DeskKeyPair, type IdentityKeys, type JsonValue, type RequesterKeys, type RootKeys } from '../../src/brands';
import { deskKeyPairFromSeed } from '../../src/desk-keys';
import { canonicalJson } from '../../src/canonical-json';
import { type RandomDraw } from '../../src/internal/deterministic-random';
import { fromBase64Url, toBase64Url, utf8 } from '../../src/encoding';
import { boxKeyPairFromSeed, signKeyPairFromSeed } from '../../src/keys';
import { lib } from '../../src/sodium';

export type Json = JsonValue;
/** Finds another vector of the same file by id (reject vectors re-make their inputs from it). */
export type VectorLookup = (id: string) => { readonly inputs: JsonObject; readonly draws: readonly RandomDraw[] };
export type JsonObject = { readonly [key: string]: JsonValue };

/** The string member `name` of a JSON object; throws if absent. */
export function str(object: JsonObject, name: string): string {
  const value = object[name];
  if (typeof value !== 'string') throw new Error(`vector input ${name} must be a string`);
  return value;
}

/** The number member `name`; throws if absent. */
export function num(object: JsonObject, name: string): number {
  const value = object[name];
  if (typeof value !== 'number') throw new Error(`vector input ${name} must be a number`);
  return value;
}

/** The object member `name`; throws if absent. */
export function obj(object: JsonObject, name: string): JsonObject {
  const value = object[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`vector input ${name} must be an object`);
  return value as JsonObject;
}

/** The array member `name`; throws if absent. */
export function arr(object: JsonObject, name: string): readonly JsonValue[] {
  const value = object[name];
  if (!Array.isArray(value)) throw new Error(`vector input ${name} must be an array`);
  return value as readonly JsonValue[];
}

/** The bytes of base64url member `name`. */
export function bytes(object: JsonObject, name: string): Uint8Array {
  return fromBase64Url(str(object, name), name);
}

export const b64 = toBase64Url;

/** A 32-byte test seed named `name` (BLAKE2b-256 of a label): stable across runs. */
export function namedSeed(name: string): string {
  return b64(lib().crypto_generichash(32, utf8(`ashar/v1|test-seed|${name}`), null));
}

/** A staff identity from `{ encSeed, signSeed }`. */
export function identityFrom(seeds: JsonObject): IdentityKeys {
  return { kind: 'identity', ...boxKeyPairFromSeed(bytes(seeds, 'encSeed')), ...signKeyPairFromSeed(bytes(seeds, 'signSeed')) };
}

/** Requester keys from `{ encSeed, signSeed }` (tests only; real ones come from a receipt). */
export function requesterFrom(seeds: JsonObject): RequesterKeys {
  return { kind: 'requester', ...boxKeyPairFromSeed(bytes(seeds, 'encSeed')), ...signKeyPairFromSeed(bytes(seeds, 'signSeed')) };
}

/** Desk version `version` of `deskId` from a box seed (base64url), with its derived signing key. */
export function deskFrom(deskId: string, version: number, seed: string): DeskKeyPair {
  return deskKeyPairFromSeed(deskId, version, fromBase64Url(seed, 'desk seed'));
}

/** The root key from `{ signSeed }`. */
export function rootFrom(seeds: JsonObject): RootKeys {
  return { kind: 'root', ...signKeyPairFromSeed(bytes(seeds, 'signSeed')) };
}

/** Identity seeds named after `name`. */
export function seedsFor(name: string): JsonObject {
  return { encSeed: namedSeed(`${name}/enc`), signSeed: namedSeed(`${name}/sign`) };
}

/** BLAKE2b-128 of the canonical JSON of a value, base64url: what result lists compare. */
export function digest(value: JsonValue): string {
  return b64(lib().crypto_generichash(16, utf8(canonicalJson(value)), null));
}

/** Turns undefined members into omissions and Uint8Arrays into base64url, for output. */
export function toJson(value: unknown): JsonValue {
  if (value instanceof Uint8Array) return b64(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, JsonValue> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = toJson(member);
    return out;
  }
  return value as JsonValue;
}
