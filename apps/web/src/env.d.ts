/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The organisation root public key (base64url Ed25519), set at build time from ROOT_PUBLIC_KEY; empty when none. */
  readonly VITE_ROOT_PUBLIC_KEY: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
