/**
 * The baseline of bench/upload: a bare node:http server that takes the same chunk PUTs and
 * writes the bytes to disk, without a framework, session, database or checks. Started by
 * run.ts as a child process; prints its port. BARE_MODE:
 * - `blob`: each chunk the way the fs blob store writes one (a temporary file, flushed to disk
 *   with fsync, renamed into place): the disk work of the api's upload, and nothing else;
 * - `append`: every chunk appended to one file, flushed once on completion.
 * Routes: PUT /files/:fileId/chunks/:index, POST /files/:fileId/complete.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const directory = process.env['BARE_DIR'];
const mode = process.env['BARE_MODE'] === 'append' ? 'append' : 'blob';
if (!directory) throw new Error('BARE_DIR is required');
const MAX_CHUNK = 65_553;
const appendTo = new Map<string, FileHandle>();

async function body(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of req as AsyncIterable<Buffer>) {
    size += piece.length;
    if (size > MAX_CHUNK) throw new Error('too large');
    parts.push(piece);
  }
  return Buffer.concat(parts, size);
}

async function putChunk(fileId: string, index: number, req: IncomingMessage): Promise<void> {
  const bytes = await body(req);
  if (mode === 'blob') {
    const folder = join(directory!, fileId);
    await mkdir(folder, { recursive: true });
    const temp = join(folder, `.tmp-${randomUUID()}`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, join(folder, String(index)));
    return;
  }
  let handle = appendTo.get(fileId);
  if (!handle) {
    await mkdir(directory!, { recursive: true });
    handle = await open(join(directory!, fileId), 'a', 0o600);
    appendTo.set(fileId, handle);
  }
  await handle.write(bytes);
}

async function complete(fileId: string): Promise<void> {
  const handle = appendTo.get(fileId);
  if (!handle) return;
  appendTo.delete(fileId);
  await handle.sync();
  await handle.close();
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunk = /^\/files\/([0-9a-f-]{36})\/chunks\/(\d+)$/.exec(req.url ?? '');
  const done = /^\/files\/([0-9a-f-]{36})\/complete$/.exec(req.url ?? '');
  if (req.method === 'PUT' && chunk) await putChunk(chunk[1]!, Number(chunk[2]), req);
  else if (req.method === 'POST' && done) await complete(done[1]!);
  else return answer(res, 404);
  answer(res, 204);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) answer(res, 500);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening ${address.port}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
