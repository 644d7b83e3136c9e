/**
 * The web's one QueryClient: how pages load what the api (and the crypto worker's checks on it)
 * say, and how they refresh it after a change. Why these defaults: docs/decisions.md.
 */
import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';

/** At most this many more tries of a load the network or a not-yet-ready server failed. */
const LOAD_RETRIES = 2;

/** A load that failed before the api could answer (or while it was starting) may work a moment later; any answer is final. */
function shouldRetryLoad(failures: number, error: unknown): boolean {
  return failures < LOAD_RETRIES && (isApiError(error, 'network') || isApiError(error, 'unavailable'));
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetryLoad,
        // Decrypted and verified data lives as long as the page that shows it, and is loaded anew on each visit.
        gcTime: 0,
        staleTime: 0,
        // A page changes only by what the person does on it or opens anew; never behind their back.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      // A change is sent once: the person decides whether to send it again.
      mutations: { retry: false },
    },
  });
}
