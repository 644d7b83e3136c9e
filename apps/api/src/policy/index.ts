/** Route authorization metadata (read by the policy guard of auth/) and the principal of a request: every controller's vocabulary. */
export { CurrentPrincipal, Policy, POLICY_KEY, Public, PUBLIC_KEY, routeAuthorization, SignedIn, StepUp, STEP_UP_KEY, type PolicyRequirement, type PrincipalRequest } from './route-policy';
