import { createServer } from 'node:net';
import { type AsharConfig, ConfigError, loadConfig, ServiceUnavailableError } from './config';
import { startAshar } from './ashar';

/** The one line for a port another process holds (a first server still running, most often). */
function portInUse(config: Pick<AsharConfig, 'PORT' | 'HOST'>): string {
  return `Port ${config.PORT} on ${config.HOST} is already in use: another Ashar (or another program) is listening there. Stop it (Ctrl+C in its terminal) or set PORT to a free port.`;
}

/** Fails at once, before any database work, when the api's port is taken. */
function checkPortFree(config: Pick<AsharConfig, 'PORT' | 'HOST'>): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new ServiceUnavailableError(portInUse(config)) : err));
    probe.listen(config.PORT, config.HOST, () => probe.close(() => resolve()));
  });
}

/* eslint-disable no-console -- the entry point reports start-up failures before any logger exists */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.ASHAR_ROLE !== 'worker') await checkPortFree(config);
  const running = await startAshar(config).catch((err: NodeJS.ErrnoException) => {
    throw err?.code === 'EADDRINUSE' ? new ServiceUnavailableError(portInUse(config)) : err;
  });
  // Nest closes the app on these signals; if a service hangs the close, leave anyway.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS).unref());
  }
  if (running.url) console.log(`Ashar ${config.ASHAR_ROLE} listening on ${config.PUBLIC_URL} (bound to ${running.url})`);
  else console.log(`Ashar worker running`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ServiceUnavailableError) {
    console.error(err.message);
  } else {
    console.error(`Ashar failed to start: ${(err as Error)?.stack ?? String(err)}`);
  }
  process.exit(1);
});
