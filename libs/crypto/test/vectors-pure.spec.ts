/** Every pinned vector of v1.json on the pure-JavaScript backend (vectors-suite.ts). */
import { describePinnedVectors } from './vectors-suite';

describePinnedVectors('pure');
