/**
 * The routing-rule endpoints through libs/domain's contracts (docs/cases-api.md "Routing
 * rules"): the public list in the order the rules apply (priority, then age), and the admin's
 * add, replace and remove. Bodies are `RoutingRule`s as `routingRuleSchema` accepts them.
 */
import { type RoutingRule, routingContract } from '@ashar/domain';
import { call } from './client';

export const listRoutingRules = () => call(routingContract.list);
/** Admin. 422 when the desk does not exist, 409 beyond the installation's limit of rules. */
export const createRoutingRule = (rule: RoutingRule) => call(routingContract.create, { body: rule });
/** Admin: replaces every criterion of the rule (its place among equal priorities is kept). 404 when it is gone. */
export const updateRoutingRule = (id: string, rule: RoutingRule) => call(routingContract.update, { params: { id }, body: rule });
/** Admin. 404 when it is gone already. */
export const deleteRoutingRule = (id: string) => call(routingContract.delete, { params: { id } });
