import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived its last full collection before
 * it collects again, in percent. Left to itself V8 picks a factor between 1.1 and 4 from how
 * fast the program allocated lately; right after start-up, when little was allocated, it picks
 * about 3, so the first sustained load after a start (bench/upload: a 1 GiB upload) let the
 * heap grow by some 110 MiB of garbage before the first full collection, and steady load by 20
 * to 70 MiB. Ashar's working set is small (about 50 MiB), so a fixed 60 % bounds the growth to
 * about 30 MiB at the cost of more frequent full collections of that small heap (each takes
 * about 10 ms; bench/upload measures no change in CPU time per chunk).
 */
export const HEAP_GROWING_PERCENT = 60;

// Applied when main.ts imports this module, first, for the api and the worker alike.
setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
