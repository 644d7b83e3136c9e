/**
 * Solves proof-of-work challenges (ALTCHA v2, SHA-256) off the page's thread, with altcha-lib's
 * own solver and WebCrypto's SHA-256: no WebAssembly, so it runs where Tor Browser turned it off.
 * Messages as altcha-lib's worker handler defines them (`work`, `abort`).
 */
import { handler } from 'altcha-lib/workers/shared';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';

handler({ deriveKey });
