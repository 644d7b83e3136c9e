import { z } from 'zod';

/** A certificate of a member's keys, as the client signed it; CertificationService checks it. */
export const CertificateBody = z.strictObject({ certificate: z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 2048, 'too large') });
