import { type Logger } from '@nestjs/common';

interface ErrorEmitter {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

const EVERY_MS = 30_000;

/**
 * Turns the connection errors a BullMQ queue or worker emits while Redis is
 * away into one short warning per 30 s, instead of a stack trace per retry.
 */
export function reportRedisErrors(emitter: ErrorEmitter, logger: Logger, label: string): void {
  let last = 0;
  emitter.on('error', (err: Error) => {
    const now = Date.now();
    if (now - last < EVERY_MS) return;
    last = now;
    const code = (err as { code?: string }).code;
    logger.warn(`${label}: Redis connection problem (${code ?? err.message.split('\n')[0]}); retrying`);
  });
}
