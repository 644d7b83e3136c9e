import { loggerParams, pathOnly } from './logging';

describe('request logging', () => {
  it('keeps the path and drops the query string, which may carry tokens', () => {
    expect(pathOnly('/api/v1/setup/check?token=abc')).toBe('/api/v1/setup/check');
    expect(pathOnly(undefined)).toBe('');
  });

  it('serialises a request to its id, method and path only', () => {
    const params = loggerParams('info');
    const [http] = params.pinoHttp as [{ serializers: { req: (r: object) => object } }, unknown];
    const line = http.serializers.req({
      id: 'r1',
      method: 'POST',
      url: '/api/v1/x?receipt=ABCD',
      headers: { cookie: 'sid=1', 'x-forwarded-for': '203.0.113.9' },
      remoteAddress: '203.0.113.9',
      body: { secret: true },
    });
    expect(line).toEqual({ id: 'r1', method: 'POST', path: '/api/v1/x' });
  });
});
