/**
 * A console page's changes: one at a time, "Working…" while one runs (and while the loads it
 * affects refresh), then its outcome in words. Built on a TanStack mutation, never retried.
 */
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { type PageMessage } from '../ui/status-messages';
import { describeFailure } from './describe-failure';

/** A change: resolves to the sentence that reports its success (null: nothing to report), throws on failure (a Refusal says why in the page's words). */
export type Action = () => Promise<string | null>;

export interface PageAction {
  /** Runs `action`, then, when it succeeded, refreshes the loads under `refresh` before reporting. True when it succeeded. */
  run(action: Action, refresh?: readonly QueryKey[]): Promise<boolean>;
  readonly busy: boolean;
  /** The last change's outcome, null before any or after `clear`. */
  readonly message: PageMessage;
  clear(): void;
}

interface Variables {
  readonly action: Action;
  readonly refresh: readonly QueryKey[];
}

export function usePageAction(): PageAction {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ action }: Variables) => action(),
    // A refresh that fails fails the change's report, as the page cannot show what is now true.
    onSuccess: (_data, { refresh }) => Promise.all(refresh.map((queryKey) => queryClient.invalidateQueries({ queryKey }, { throwOnError: true }))),
  });
  const { mutateAsync, reset } = mutation;

  const run = useCallback(
    (action: Action, refresh: readonly QueryKey[] = []) =>
      mutateAsync({ action, refresh }).then(
        () => true,
        () => false,
      ),
    [mutateAsync],
  );

  let message: PageMessage = null;
  if (mutation.isSuccess && mutation.data !== null) message = { kind: 'ok', text: mutation.data };
  else if (mutation.isError) message = { kind: 'error', text: describeFailure(mutation.error) };
  return { run, busy: mutation.isPending, message, clear: reset };
}
