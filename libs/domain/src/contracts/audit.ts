/**
 * The audit log's anchor for auditors: the newest signed checkpoint of its head (libs/crypto
 * SPEC.md §16, docs/audit.md). Public: it reveals an event count, a hash and a time, nothing
 * about what the events are, and anyone outside the organisation may keep copies, which is the point.
 */
import { z } from 'zod';
import { defineEndpoint } from './endpoint';

/** A signed checkpoint, exactly as in the checkpoint files; its signature is the reader's to check with the key they pinned. */
export const auditCheckpointSchema = z.strictObject({
  v: z.literal(1),
  instance: z.string().max(2048),
  seq: z.string().regex(/^(0|[1-9][0-9]{0,18})$/),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
  publicKey: z.string().length(43),
  signature: z.string().length(86),
});
export type AuditCheckpointAnswer = z.infer<typeof auditCheckpointSchema>;

export const auditContract = {
  /** 404 until the worker has written the first checkpoint. */
  latestCheckpoint: defineEndpoint({ method: 'GET', path: '/api/v1/audit/checkpoints/latest', status: 200, response: auditCheckpointSchema }),
} as const;
