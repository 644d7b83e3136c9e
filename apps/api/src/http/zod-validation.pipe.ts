import { type PipeTransform } from '@nestjs/common';
import { DomainError, GeneralError } from '@ashar/domain';
import { type z } from 'zod';

/**
 * Validates a body, query or param with a zod schema. Failures become a `validation`
 * problem listing the paths and messages, never the values sent.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = result.error.issues.slice(0, 50).map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
    throw new DomainError(GeneralError.Validation, '', { errors });
  }
}
