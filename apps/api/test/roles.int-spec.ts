import { type INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { startAshar } from '../src/ashar';
import { loadConfig } from '../src/config/config';
import { OutboxService } from '../src/jobs/outbox.service';
import { QUEUES } from '../src/jobs/queues';
import { testEnv } from './app';

async function sentAt(dataSource: DataSource, id: string): Promise<Date | null> {
  const [row] = await dataSource.query(`SELECT sent_at FROM outbox WHERE id = $1`, [id]);
  return row.sent_at;
}

describe('one build, three roles', () => {
  it('as api, serves HTTP but relays nothing; as worker, relays without serving HTTP', async () => {
    const base = { ...testEnv(), NODE_ENV: 'test', LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '100' };
    const api = await startAshar(loadConfig({ ...base, ASHAR_ROLE: 'api', PORT: '0', HOST: '127.0.0.1' }));
    let worker: Awaited<ReturnType<typeof startAshar>> | undefined;
    try {
      expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${api.url}/api/health`);
      expect(health.status).toBe(200);

      const dataSource = (api.app as INestApplicationContext).get<DataSource>(getDataSourceToken());
      const outbox = api.app.get(OutboxService);
      const id = await dataSource.transaction((m) => outbox.enqueue(m, { queue: QUEUES.maintenance, name: 'outbox-cleanup', payload: { role: 'test' } }));
      await new Promise((r) => setTimeout(r, 600));
      expect(await sentAt(dataSource, id)).toBeNull();

      worker = await startAshar(loadConfig({ ...base, ASHAR_ROLE: 'worker' }));
      expect(worker.url).toBeUndefined();
      const deadline = Date.now() + 10_000;
      while (!(await sentAt(dataSource, id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await sentAt(dataSource, id)).toBeInstanceOf(Date);
    } finally {
      await worker?.close();
      await api.close();
    }
  });
});
