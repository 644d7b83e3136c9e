/** The encrypted case files endpoints (docs/files-api.md), for staff and the requester alike. */
import { z } from 'zod';
import { idSchema } from '../case-api';
import { caseFileCreateSchema, caseFileViewSchema, fileChunkIndexSchema } from '../file-api';
import { defineEndpoint, noContent, octetStream } from './endpoint';

const caseParams = z.strictObject({ caseId: idSchema });
const fileParams = z.strictObject({ caseId: idSchema, fileId: idSchema });

export const filesContract = {
  create: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:caseId/files', status: 201, params: caseParams, body: caseFileCreateSchema, response: z.object({ fileId: z.string() }) }),
  list: defineEndpoint({ method: 'GET', path: '/api/v1/cases/:caseId/files', status: 200, params: caseParams, response: z.array(caseFileViewSchema) }),
  view: defineEndpoint({ method: 'GET', path: '/api/v1/cases/:caseId/files/:fileId', status: 200, params: fileParams, response: caseFileViewSchema }),
  /** One encrypted chunk, raw bytes; the api reads and checks the stream itself (length, digest). */
  putChunk: defineEndpoint({
    method: 'PUT',
    path: '/api/v1/cases/:caseId/files/:fileId/chunks/:index',
    status: 204,
    params: fileParams.extend({ index: fileChunkIndexSchema }),
    body: octetStream,
    response: noContent,
  }),
  complete: defineEndpoint({ method: 'POST', path: '/api/v1/cases/:caseId/files/:fileId/complete', status: 204, params: fileParams, response: noContent }),
  /** The ciphertext of a complete file, streamed. */
  content: defineEndpoint({ method: 'GET', path: '/api/v1/cases/:caseId/files/:fileId/content', status: 200, params: fileParams, response: octetStream }),
} as const;
