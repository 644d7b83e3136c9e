import { ConfigError, loadConfig, ServiceUnavailableError } from './config';
import { startAshar } from './ashar';

/* eslint-disable no-console -- the entry point reports start-up failures before any logger exists */
async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startAshar(config);
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
