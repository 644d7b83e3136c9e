/**
 * The uploads of one page: FileUpload tasks run one after another; their states feed the
 * progress bars. Paused uploads resume on demand, and by themselves when the browser says it
 * is online again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { cryptoWorker } from '../../crypto/crypto-client';
import { type ChosenFile } from './file-picker';
import { FileUpload, type UploadSender, type UploadState } from './file-upload';
import { describePortalError } from './portal-errors';

/** A requester's files, encrypted under their open case's key; `reauthenticate` signs in again with the held receipt keys. */
export function requesterSender(recordKind: 'request' | 'message', reauthenticate: () => Promise<void>): UploadSender {
  return { begin: (file) => cryptoWorker().beginFileUpload(file, file.name, recordKind), encryptor: cryptoWorker, describe: describePortalError, reauthenticate };
}

export interface Uploads {
  readonly states: readonly UploadState[];
  /** Uploads `files` to the case; resolves when each is sent, paused or failed. */
  start(caseId: string, files: readonly ChosenFile[], sender: UploadSender): Promise<void>;
  resume(): Promise<void>;
  clear(): void;
}

export function useUploads(): Uploads {
  const tasks = useRef<FileUpload[]>([]);
  const runningAll = useRef(false);
  const [states, setStates] = useState<readonly UploadState[]>([]);

  const update = useCallback((state: UploadState) => {
    setStates((previous) => previous.map((s) => (s.key === state.key ? state : s)));
  }, []);

  const runAll = useCallback(async () => {
    if (runningAll.current) return;
    runningAll.current = true;
    try {
      for (const task of tasks.current) await task.run();
    } finally {
      runningAll.current = false;
    }
  }, []);

  const start = useCallback(
    async (caseId: string, files: readonly ChosenFile[], sender: UploadSender) => {
      const added = files.map((f) => new FileUpload(f.key, f.file, caseId, sender, update));
      tasks.current = [...tasks.current.filter((t) => t.state.phase !== 'done'), ...added];
      setStates(tasks.current.map((t) => t.state));
      await runAll();
    },
    [runAll, update],
  );

  const clear = useCallback(() => {
    tasks.current = [];
    setStates([]);
  }, []);

  useEffect(() => {
    const onOnline = () => {
      if (tasks.current.some((t) => t.state.phase === 'paused')) void runAll();
    };
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [runAll]);

  return { states, start, resume: runAll, clear };
}
