import { IncomingMessage, type Server, ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Express, type Request, type Response, json } from 'express';
import { AsharExpressAdapter, isClass, withPrototype } from './express-adapter';

describe('AsharExpressAdapter', () => {
  let adapter: AsharExpressAdapter;
  let server: Server;
  let base: string;
  const seen: { request: boolean; response: boolean; nodeTypes: boolean }[] = [];

  beforeAll(async () => {
    adapter = new AsharExpressAdapter();
    const app = adapter.getInstance<Express>();
    app.use(json({ limit: '1kb' }));
    app.post('/echo', (req: Request, res: Response) => {
      res.status(201).json({ header: req.get('x-test'), body: req.body as unknown, path: req.path });
    });
    adapter.initHttpServer({});
    server = adapter.getHttpServer() as Server;
    // Runs before Express sees the request: what the server itself made.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.push({
        request: Object.getPrototypeOf(req) === app.request,
        response: Object.getPrototypeOf(res) === app.response,
        nodeTypes: req instanceof IncomingMessage && res instanceof ServerResponse,
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("makes requests and responses with Express's prototypes, which still are node:http's", async () => {
    for (const n of [1, 2]) {
      const res = await fetch(`${base}/echo?q=1`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test': `t${n}` }, body: JSON.stringify({ n }) });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ header: `t${n}`, body: { n }, path: '/echo' });
    }
    expect(seen).toEqual([
      { request: true, response: true, nodeTypes: true },
      { request: true, response: true, nodeTypes: true },
    ]);
  });

  it('answers what Express answers for a route that does not exist and a body that is too large', async () => {
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const res = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big: 'x'.repeat(2000) }) });
    expect(res.status).toBe(413);
  });

  it("builds node:http's objects by calling its constructors on an object of the given prototype, or by Reflect.construct for a class", () => {
    expect(isClass(IncomingMessage)).toBe(false);
    expect(isClass(ServerResponse)).toBe(false);
    expect(isClass(class {})).toBe(true);
    expect(isClass(class Named extends IncomingMessage {})).toBe(true);
    const proto = Object.create(IncomingMessage.prototype) as object;
    const Made = withPrototype(IncomingMessage, proto);
    const made = new Made(null as never);
    expect(Object.getPrototypeOf(made)).toBe(proto);
    expect(made).toBeInstanceOf(IncomingMessage);
    // Initialised by IncomingMessage itself, Readable part included.
    expect(made.headers).toEqual({});
    expect(made.readable).toBe(true);
    made.push('x');
    made.push(null);
    expect(String(made.read())).toBe('x');
    // A class (as a later Node.js may make them) is constructed with the prototype instead.
    class Later extends IncomingMessage {
      readonly later = true;
    }
    const laterProto = Object.create(Later.prototype) as object;
    const MadeLater = withPrototype(Later as unknown as typeof IncomingMessage, laterProto);
    const late = new MadeLater(null as never) as IncomingMessage & { later?: boolean };
    expect(Object.getPrototypeOf(late)).toBe(laterProto);
    expect(late.later).toBe(true);
    expect(late.headers).toEqual({});
  });
});
