/** Liveness and readiness probes (no version prefix: load balancers call them). */
import { z } from 'zod';
import { defineEndpoint } from './endpoint';

/** Per service: its status (`up`, `down`) and what the indicator adds. */
const indicators = z.record(z.string(), z.unknown());

export const healthContract = {
  live: defineEndpoint({ method: 'GET', path: '/api/health', status: 200, response: z.object({ status: z.literal('ok') }) }),
  /** @nestjs/terminus's result; a 503 problem names what is down. */
  ready: defineEndpoint({
    method: 'GET',
    path: '/api/health/ready',
    status: 200,
    response: z.object({ status: z.string(), info: indicators.optional(), error: indicators.optional(), details: indicators }),
  }),
} as const;
