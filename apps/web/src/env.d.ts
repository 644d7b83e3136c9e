/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The organisation root public key (base64url Ed25519), set at build time from ROOT_PUBLIC_KEY; empty when none. */
  readonly VITE_ROOT_PUBLIC_KEY: string;
  /** "true" when built with ASHAR_RELEASE_UNSIGNED_OK=true: the console runs without a signed release (development only). */
  readonly VITE_RELEASE_UNSIGNED_OK: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
