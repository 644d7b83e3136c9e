/** The routing screen's load (TanStack Query): the rules in the order the api applies them. */
import { queryOptions } from '@tanstack/react-query';
import { listRoutingRules } from '../../api/routing';

export const routingQueryKeys = {
  rules: () => ['routing', 'rules'] as const,
};

export const routingRulesQuery = () => queryOptions({ queryKey: routingQueryKeys.rules(), queryFn: () => listRoutingRules() });
