/** Route authorization metadata (read by the policy guard of auth/) and the principal of a request: every controller's vocabulary. */
export { CurrentCaller, CurrentPrincipal, CurrentRequester, CurrentStaff, type PrincipalRequest } from './principals';
export {
  type CallerKind,
  Policy,
  type PolicyCheck,
  POLICY_KEY,
  type PolicyRequirement,
  Public,
  PUBLIC_KEY,
  routeAuthorization,
  SignedIn,
  StaffPolicy,
  StepUp,
  StepUpAfter,
  type StepUpBudget,
  STEP_UP_AFTER_KEY,
  STEP_UP_KEY,
} from './route-policy';
