import { Foundation1763700000000 } from './1763700000000-foundation';

/** Every migration, in order. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [Foundation1763700000000];
