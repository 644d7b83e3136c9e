/** Every pinned vector of v1.json on libsodium.js's WebAssembly backend (vectors-suite.ts). */
import { describePinnedVectors } from './vectors-suite';

describePinnedVectors('libsodium');
