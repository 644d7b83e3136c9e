/** Routing rules. What other contexts may use of them: the rules intake applies. */
export { RoutingModule } from './routing.module';
export { ROUTING_RULES_MAX, type RoutingRuleRow, RULES_SQL } from './routing.repository';
export { routeOver } from './routing.service';
