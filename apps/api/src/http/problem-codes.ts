import { AccessError, AuthError, CallError, CallReviewError, CaseError, CohortError, type DomainError, type ErrorCode, FileError, GeneralError, GrantError, KeyError, RuleError, problemType } from '@ashar/domain';
import { type ProblemDetails } from './problem';

/** How the api answers one error code: a status and a title, or exactly as another code. */
export type ProblemMapping =
  | { readonly status: number; readonly title: string }
  /** A refusal that must look like a missing record, or a bug whose words are not the client's business: no detail. */
  | { readonly answerAs: ErrorCode };

/** Every error code of libs/domain and its answer; the type checker refuses a code left out. */
export const PROBLEM_MAPPINGS: Readonly<Record<ErrorCode, ProblemMapping>> = {
  [GeneralError.BadRequest]: { status: 400, title: 'The request is malformed' },
  [GeneralError.Unauthenticated]: { status: 401, title: 'Sign-in is required' },
  [GeneralError.Forbidden]: { status: 403, title: 'This action is not allowed' },
  [GeneralError.NotFound]: { status: 404, title: 'Nothing was found here' },
  [GeneralError.MethodNotAllowed]: { status: 405, title: 'This method is not allowed here' },
  [GeneralError.Conflict]: { status: 409, title: 'The request conflicts with the current state' },
  [GeneralError.PayloadTooLarge]: { status: 413, title: 'The request body is too large' },
  [GeneralError.UnsupportedMediaType]: { status: 415, title: 'This content type is not accepted' },
  [GeneralError.Validation]: { status: 422, title: 'The request did not pass validation' },
  [GeneralError.RateLimited]: { status: 429, title: 'Too many requests; try again later' },
  [GeneralError.PowRequired]: { status: 428, title: 'This action needs a solved proof-of-work challenge' },
  [GeneralError.PowInvalid]: { status: 403, title: 'The proof of work was not accepted; solve a new challenge' },
  [GeneralError.Busy]: { status: 503, title: 'Too many requests of this kind right now; try again shortly' },
  [GeneralError.Internal]: { status: 500, title: 'Something went wrong on our side' },
  [GeneralError.Unavailable]: { status: 503, title: 'A service the system needs is unavailable' },

  [AuthError.SignInFailed]: { status: 401, title: 'Sign-in failed' },
  [AuthError.CeremonyExpired]: { status: 400, title: 'This sign-in attempt expired or was already used; start again' },
  [AuthError.PasskeyRegistrationFailed]: { status: 400, title: 'The passkey could not be registered; try again' },
  [AuthError.LastPasskey]: { status: 409, title: 'This is your last passkey' },
  [AuthError.Csrf]: { status: 403, title: 'The request did not come from this application' },
  [AuthError.StepUpRequired]: { status: 403, title: 'Confirm with your passkey first' },

  [CaseError.InvalidTransition]: { status: 409, title: 'This status change is not possible' },
  [CaseError.TransitionForbidden]: { status: 403, title: 'This status change is not yours to make' },

  [FileError.Incomplete]: { status: 409, title: 'The file is not complete' },
  [FileError.FileTooLarge]: { status: 413, title: 'The file is too large' },
  [FileError.TooManyFiles]: { status: 422, title: 'The case has as many files as it may have' },
  [FileError.StorageQuota]: { status: 413, title: 'Your files have reached the storage you may use' },
  [FileError.ChunkConflict]: { status: 409, title: 'A different chunk with this index is already stored' },
  [FileError.ChunkOrder]: { status: 409, title: 'Chunks are accepted in order' },
  [FileError.ChunkSize]: { status: 422, title: 'The chunk does not have the size its index needs' },
  [FileError.Aborted]: { status: 400, title: 'The upload was interrupted' },

  [KeyError.NoRoot]: { status: 409, title: 'No organisation root key is configured' },
  [KeyError.CertificateRejected]: { status: 422, title: 'The certificate was not accepted' },
  [KeyError.ContinuityRejected]: { status: 422, title: 'The desk key version does not continue the desk’s key history' },
  [KeyError.SecondAdminRequired]: { status: 409, title: 'Another administrator must do this' },
  [KeyError.Revoked]: { status: 409, title: 'This key was revoked' },
  [KeyError.RevocationRejected]: { status: 422, title: 'The revocation was not accepted' },

  [AccessError.AdminExclusive]: { status: 422, title: 'The admin role is not combined with case work or desk places' },
  [AccessError.DeskLeadOnly]: { status: 403, title: 'Only a lead of this desk changes its members' },
  [AccessError.LastDeskLead]: { status: 409, title: 'The desk would be left without a lead' },

  [GrantError.BudgetExhausted]: { status: 409, title: 'The budget line or fund has no room left for this amount' },
  [GrantError.OverAllocated]: { status: 409, title: 'The budget lines would be allocated past the fund total' },
  [GrantError.ApprovalRefused]: { status: 403, title: 'You may not approve this grant' },
  [GrantError.BadApprovalSignature]: { status: 422, title: 'The approval signature does not match the grant terms' },
  [GrantError.StaleTerms]: { status: 409, title: 'The grant terms changed since you read them; reload and check them again' },
  [GrantError.TrancheRefused]: { status: 409, title: 'This tranche does not fit the grant' },
  [GrantError.FundUnavailable]: { status: 409, title: 'The fund does not accept this grant' },
  [GrantError.GrantNotReady]: { status: 409, title: 'The grant is not ready for this step' },

  [CallError.CallClosed]: { status: 409, title: 'This call is closed: its deadline has passed' },
  [CallError.CallNotOpen]: { status: 409, title: 'This call is not open for applications yet' },
  [CallError.UnknownTimeZone]: { status: 422, title: 'The time zone is not an IANA time-zone id' },
  [CallError.AmbiguousLocalTime]: { status: 422, title: 'This local time occurs twice in the time zone' },
  [CallError.NonexistentLocalTime]: { status: 422, title: 'This local time does not exist in the time zone' },
  [CallError.CallState]: { status: 409, title: 'The call’s state does not allow this change' },

  [CallReviewError.RubricMismatch]: { status: 422, title: 'The scores do not fit the call’s rubric' },
  [CallReviewError.RubricLocked]: { status: 409, title: 'The rubric is fixed once a review is submitted' },
  [CallReviewError.ExternalOneCall]: { status: 409, title: 'An external reviewer reviews one call only' },
  [CallReviewError.ConflictOfInterest]: { status: 403, title: 'You declared a conflict of interest on this application' },
  [CallReviewError.ReviewState]: { status: 409, title: 'The review cannot change now' },
  [CallReviewError.DecisionState]: { status: 409, title: 'The decision’s state does not allow this step' },
  [CallReviewError.SecondPersonRequired]: { status: 403, title: 'A second person must confirm this decision' },
  [CallReviewError.QuotaFull]: { status: 409, title: 'Accepting this application would pass the call’s quota' },
  [CallReviewError.NotificationNotYet]: { status: 409, title: 'Decisions reach applicants from the notification date' },

  [CohortError.HostFull]: { status: 409, title: 'The host organisation has no free place' },
  [CohortError.PlacementRefused]: { status: 409, title: 'This fellow cannot be placed here' },
  [CohortError.PlacementState]: { status: 409, title: 'The placement’s state does not allow this step' },
  [CohortError.LogisticsState]: { status: 409, title: 'The logistics item’s state does not allow this step' },

  [RuleError.AccessDenied]: { answerAs: GeneralError.NotFound },
  [RuleError.InvalidInput]: { answerAs: GeneralError.Validation },
  [RuleError.UnsupportedCondition]: { answerAs: GeneralError.Internal },
  [RuleError.UnmappedField]: { answerAs: GeneralError.Internal },
};

/** The bare problem of a code (no detail), following answerAs; an unknown code is an internal error. */
export function problemOfCode(code: string): ProblemDetails {
  const mapping = PROBLEM_MAPPINGS[code as ErrorCode] ?? { answerAs: GeneralError.Internal };
  if ('answerAs' in mapping) return problemOfCode(mapping.answerAs);
  return { type: problemType(code), title: mapping.title, status: mapping.status };
}

/**
 * The problem for a DomainError: its code's type, status and title, its message as `detail`
 * and its details as extension members (e.g. `errors`, `nextVersion`). A 500 or a code
 * answered as another says nothing more than the bare problem.
 */
export function problemOfError(error: DomainError): ProblemDetails {
  const bare = problemOfCode(error.code);
  if (bare.type !== problemType(error.code) || bare.status === 500) return bare;
  return { ...error.details, ...bare, ...(error.message ? { detail: error.message } : {}) };
}

/** The general code a bare HTTP status (a Nest or body-parser error) is answered with. */
export function codeOfStatus(status: number): ErrorCode {
  const general = Object.values(GeneralError).find((code) => (PROBLEM_MAPPINGS[code] as { status?: number }).status === status);
  return general ?? (status >= 500 ? GeneralError.Internal : GeneralError.BadRequest);
}
