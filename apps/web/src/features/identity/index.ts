/** The identity feature's public surface: the session, passkeys, the vault, step-up and error wording every staff feature uses. */
export { describeError } from './describe-error';
export { EnrolmentFlow } from './enrolment-flow';
export { captureFragmentToken, fragmentToken } from '../../data/fragment-token';
export { IdentityProvider, abilityOf, principalOf, roleLabel, useIdentity } from './identity-context';
export { authenticateWithPasskey, browserSupportsWebAuthn, createPasskey, evaluatePrf, mayHavePrf } from './passkeys';
export { type StaffDirectory, createStaffDirectory } from './staff-directory';
export { type PseudonymProblem, PSEUDONYM_MAX_LENGTH, checkPseudonym } from './pseudonym';
export { PseudonymField } from './pseudonym-field';
export { StaffShell } from './staff-shell';
export { ensureSteppedUp, type StepUpActions, useStepUp } from './step-up';
export { UnlockPanel } from './unlock-panel';
export { useFailure } from './use-failure';
