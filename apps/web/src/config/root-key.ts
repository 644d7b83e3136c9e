/**
 * The organisation root public key built into this app at build time (ROOT_PUBLIC_KEY). The
 * client trusts only this copy, never one the api sends; null when the build has none, and
 * then nothing can be certified or trusted as certified.
 */
const configured = import.meta.env.VITE_ROOT_PUBLIC_KEY;

export const ROOT_PUBLIC_KEY: string | null = typeof configured === 'string' && /^[A-Za-z0-9_-]{43}$/.test(configured) ? configured : null;
