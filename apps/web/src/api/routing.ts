/**
 * The routing-rule endpoints (apps/api/src/routing, docs/cases-api.md "Routing rules"): the
 * public list in the order the rules apply (priority, then age), and the admin's add, replace
 * and remove. Bodies are `RoutingRule`s as libs/domain's `routingRuleSchema` accepts them; the
 * CSRF token goes with the changes through `api`.
 */
import { type RoutingRule, type RoutingRuleView } from '@ashar/domain';
import { api } from './client';

const rulePath = (id: string) => `/routing-rules/${encodeURIComponent(id)}`;

export const listRoutingRules = () => api<RoutingRuleView[]>('GET', '/routing-rules');
/** Admin. 422 when the desk does not exist, 409 beyond the installation's limit of rules. */
export const createRoutingRule = (rule: RoutingRule) => api<RoutingRuleView>('POST', '/routing-rules', { body: rule });
/** Admin: replaces every criterion of the rule (its place among equal priorities is kept). 404 when it is gone. */
export const updateRoutingRule = (id: string, rule: RoutingRule) => api<RoutingRuleView>('PUT', rulePath(id), { body: rule });
/** Admin. 404 when it is gone already. */
export const deleteRoutingRule = (id: string) => api<void>('DELETE', rulePath(id));
