import { Body, Param, Query } from '@nestjs/common';
import { type Endpoint } from '@ashar/domain';
import { type z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * Route arguments validated with an endpoint's contract (libs/domain/src/contracts): the whole
 * path, query or body through its schema, so a handler reads `ParamsOf<E>`, `QueryOf<E>`,
 * `BodyOf<E>`. The router check (test/contracts.int-spec.ts) finds these pipes by their schema.
 */
export const ContractParams = <E extends Endpoint & { params: z.ZodType }>(endpoint: E) => Param(new ZodValidationPipe(endpoint.params));
export const ContractQuery = <E extends Endpoint & { query: z.ZodType }>(endpoint: E) => Query(new ZodValidationPipe(endpoint.query));
export const ContractBody = <E extends Endpoint & { body: z.ZodType }>(endpoint: E) => Body(new ZodValidationPipe(endpoint.body));
