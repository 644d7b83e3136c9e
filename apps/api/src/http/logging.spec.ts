import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asharLogging, pathOnly, requestLine } from './logging';

describe('request logging', () => {
  it('keeps the path and drops the query string, which may carry tokens', () => {
    expect(pathOnly('/api/v1/setup/check?token=abc')).toBe('/api/v1/setup/check');
    expect(pathOnly(undefined)).toBe('');
  });

  it('serialises a request to its id, method and path only', () => {
    const line = requestLine({
      id: 'r1',
      method: 'POST',
      url: '/api/v1/x?receipt=ABCD',
      headers: { cookie: 'sid=1', 'x-forwarded-for': '203.0.113.9' },
      remoteAddress: '203.0.113.9',
      body: { secret: true },
    } as never);
    expect(line).toEqual({ id: 'r1', method: 'POST', path: '/api/v1/x' });
  });

  it('writes one line per request: id, method, path, status and time, at error for a 5xx, nothing for health checks', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ashar-log-')), 'log.ndjson');
    const logging = asharLogging('info', file);
    const server = createServer((req, res) =>
      logging.requests(req, res, () => {
        // What the policy guard leaves on the request: here, a member of staff on /staff paths.
        if (req.url?.startsWith('/api/v1/cases')) Object.assign(req, { principal: { kind: 'staff', userId: 's1' } });
        if (req.url?.startsWith('/api/v1/requester')) Object.assign(req, { principal: { kind: 'requester', requesterId: 'r1' } });
        res.statusCode = req.url?.startsWith('/fail') ? 503 : 201;
        res.end('{}');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const call = (method: string, path: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, headers: { cookie: 'sid=secret-cookie', 'x-forwarded-for': '203.0.113.9' } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', (e) => reject(new Error(`${method} ${path}: ${e.message}`)));
        req.end(method === 'POST' ? '{"secret":"body-value"}' : undefined);
      });
    await call('POST', '/api/v1/intake?receipt=ABCD-EFGH');
    await call('GET', '/api/health/ready');
    await call('GET', '/fail');
    await call('GET', '/api/v1/cases/c1');
    await call('GET', '/api/v1/requester/case');
    await new Promise((resolve) => server.close(resolve));
    // Info lines are buffered (written within 250 ms, or on close); errors at once.
    await logging.close();
    const text = readFileSync(file, 'utf8');
    // The error line was written at once, before the buffered info line: in request order again.
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .sort((a, b) => Number(a['time']) - Number(b['time']) || Number(a['level']) - Number(b['level']));
    expect(lines).toHaveLength(4);
    const of = (path: string) => lines.find((l) => (l['req'] as { path: string }).path === path)!;
    expect(of('/api/v1/intake')).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'POST', path: '/api/v1/intake' }, res: { status: 201 } });
    expect((of('/api/v1/intake')['req'] as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect(of('/fail')).toMatchObject({ level: 50, msg: 'request completed', req: { method: 'GET', path: '/fail' }, res: { status: 503 } });
    // Requesters and callers not signed in: the time to the minute and no time taken.
    for (const path of ['/api/v1/intake', '/fail', '/api/v1/requester/case']) {
      expect(Number(of(path)['time']) % 60_000).toBe(0);
      expect(of(path)).not.toHaveProperty('responseTime');
    }
    // A member of staff: the time taken is kept.
    expect(of('/api/v1/cases/c1')).toMatchObject({ level: 30, res: { status: 201 } });
    expect(typeof of('/api/v1/cases/c1')['responseTime']).toBe('number');
    for (const secret of ['ABCD', 'secret-cookie', '203.0.113.9', 'body-value']) expect(text).not.toContain(secret);
  });
});
