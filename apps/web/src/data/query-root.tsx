/**
 * The one QueryClient of the page, given to the pages that load with `import()` (the request and
 * follow-up pages, the staff shell) rather than in main.tsx, so that the landing page's script
 * does not carry TanStack Query, which it does not use. Every page gets the same client.
 */
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { type ComponentType } from 'react';
import { createQueryClient } from './query-client';

let shared: QueryClient | null = null;

function sharedQueryClient(): QueryClient {
  shared ??= createQueryClient();
  return shared;
}

/** `Page` inside the page's one QueryClientProvider. */
export function withQueryClient(Page: ComponentType): ComponentType {
  return function WithQueryClient() {
    return (
      <QueryClientProvider client={sharedQueryClient()}>
        <Page />
      </QueryClientProvider>
    );
  };
}
