/**
 * The baseline of bench/intake: a bare node:http server with a pg pool that writes the rows an
 * intake writes (requester, case — whose trigger fills case_desks —, request record, key
 * envelopes) in one transaction, with the api's own INSERT statements, on the same tables, as the
 * same database role and with the same pool size. No framework, no validation, no routing, no
 * rate limit, no outbox, no audit: what "just storing it" costs. Started by run.ts as a child
 * process (so that, like the api, it has an event loop of its own); prints its port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

interface Body {
  caseId: string;
  requestType: string;
  country: string;
  language: string;
  requester: { encPk: string; signPk: string };
  record: { id: string; ciphertext: string; authorKid: string };
  envelopes: { recipient: { kind: 'desk'; deskId: string; version: number } | { kind: 'requester' }; sealedKey: string; sealerKid: string; signature: string }[];
}

const MAX_BODY = 192 * 1024;
const NORMAL_DUE_MS = 72 * 3600_000;
const databaseUrl = process.env['DATABASE_URL'];
const intakeDeskId = process.env['INTAKE_DESK_ID'];
if (!databaseUrl || !intakeDeskId) throw new Error('DATABASE_URL and INTAKE_DESK_ID are required');

const pool = new Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000, application_name: 'bench-bare', options: '-c role=ashar_app' });

async function store(body: Body): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const kid = body.record.authorKid;
    const { rows } = await client.query<{ id: string }>(`INSERT INTO requesters (sign_kid, enc_pk, sign_pk) VALUES ($1, $2, $3) RETURNING id`, [kid, body.requester.encPk, body.requester.signPk]);
    const requesterId = rows[0]!.id;
    const desks = body.envelopes.flatMap((g) => (g.recipient.kind === 'desk' ? [g.recipient.deskId] : []));
    const owner = desks.find((d) => d !== intakeDeskId) ?? intakeDeskId!;
    const createdAt = new Date();
    await client.query(
      `INSERT INTO aid_cases (id, request_type, country, language, urgency, status, owner_desk_id, collaborator_desk_ids, requester_id, created_at, updated_at, first_response_due_at)
       VALUES ($1, $2, $3, $4, $5, 'new', $6, $7, $8, $9, $9, $10)`,
      [body.caseId, body.requestType, body.country, body.language, 'normal', owner, desks.filter((d) => d !== owner), requesterId, createdAt, new Date(createdAt.getTime() + NORMAL_DUE_MS)],
    );
    await client.query(`INSERT INTO case_records (id, case_id, kind, author_kind, author_id, author_kid, ciphertext) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      body.record.id,
      body.caseId,
      'request',
      'requester',
      requesterId,
      kid,
      body.record.ciphertext,
    ]);
    for (const envelope of body.envelopes) {
      const desk = envelope.recipient.kind === 'desk' ? envelope.recipient : null;
      await client.query(
        `INSERT INTO case_key_envelopes (case_id, recipient_kind, recipient_id, desk_key_version, sealed_key, sealer_kind, sealer_id, sealer_kid, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [body.caseId, desk ? 'desk' : 'requester', desk ? desk.deskId : requesterId, desk ? desk.version : null, envelope.sealedKey, 'requester', requesterId, envelope.sealerKid, envelope.signature],
      );
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST' || req.url !== '/intake') return answer(res, 404, { error: 'not found' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return answer(res, 413, { error: 'too large' });
    chunks.push(chunk);
  }
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
  await store(body);
  answer(res, 201, { caseId: body.caseId });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    console.error(err);
    if (!res.headersSent) answer(res, 500, { error: 'failed' });
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
  void pool.end().finally(() => process.exit(0));
});
