/** Routing rules: the public list in the order they apply, and the admin's add, replace and remove. */
import { z } from 'zod';
import { idSchema, routingRuleViewSchema } from '../case-api';
import { routingRuleSchema } from '../routing';
import { defineEndpoint, noContent } from './endpoint';

const ruleParams = z.strictObject({ id: idSchema });

export const routingContract = {
  list: defineEndpoint({ method: 'GET', path: '/api/v1/routing-rules', status: 200, response: z.array(routingRuleViewSchema) }),
  create: defineEndpoint({ method: 'POST', path: '/api/v1/routing-rules', status: 201, body: routingRuleSchema, response: routingRuleViewSchema }),
  update: defineEndpoint({ method: 'PUT', path: '/api/v1/routing-rules/:id', status: 200, params: ruleParams, body: routingRuleSchema, response: routingRuleViewSchema }),
  delete: defineEndpoint({ method: 'DELETE', path: '/api/v1/routing-rules/:id', status: 204, params: ruleParams, response: noContent }),
} as const;
