/** The routing feature's surface: the routing rules page. */
export { RoutingPage } from './routing-page';
