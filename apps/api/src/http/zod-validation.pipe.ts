import { type PipeTransform } from '@nestjs/common';
import { type z } from 'zod';
import { ProblemError } from './problem';

/**
 * Validates a body, query or param with a zod schema. Failures become a 422
 * problem listing the paths and messages, never the values sent.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new ProblemError(
      422,
      'validation',
      'The request did not pass validation',
      undefined,
      result.error.issues.slice(0, 50).map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })),
    );
  }
}
