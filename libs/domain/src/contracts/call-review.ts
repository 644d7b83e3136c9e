/**
 * The panel review of a call (issue 17, docs/calls.md "Review"): the wire shapes and the
 * endpoints (`programmeReviewContract`, in API_CONTRACTS: the api's contract test checks every
 * registered endpoint has its route). Served by apps/api/src/reviews.
 *
 * Every field is bounded. Scores are numbers the server reads (it ranks by them); a reviewer's
 * comment is ciphertext made in the browser (`a1.`), never plaintext.
 */
import { z } from 'zod';
import { idSchema } from '../case-api';
import {
  CRITERION_ID_PATTERN,
  DECISION_ACTIONS,
  DECISION_OUTCOMES,
  DECISION_STATUSES,
  RANKING_SKIPS,
  RANKING_SUGGESTIONS,
  REVIEWER_KINDS,
  REVIEW_STATUSES,
  RUBRIC_CRITERIA_MAX,
  RUBRIC_SCORE_MAX,
  RUBRIC_SCORE_MIN,
  RUBRIC_WEIGHT_MAX,
} from '../call-review';
import { countryCodeSchema } from '../countries';
import { fieldLabelsSchema } from './calls';
import { defineEndpoint, noContent } from './endpoint';

/** Most applications one assignment names (a call's whole field, in practice far fewer). */
export const REVIEW_ASSIGNMENT_APPLICATIONS_MAX = 2_000;
/** Longest sealed review comment: 32 KiB of text, padded and encrypted, in base64url with its a1 header. */
export const REVIEW_COMMENT_CIPHERTEXT_MAX = 44_000;
/** Most rows of a ranking (a call's applications). */
export const RANKING_ROWS_MAX = 10_000;

export const criterionIdSchema = z.string().regex(CRITERION_ID_PATTERN, { error: 'A criterion id is a letter, then letters, digits or _ (at most 40)' });

export const rubricCriterionSchema = z.strictObject({
  id: criterionIdSchema,
  /** The criterion in each language the call is written in, English required (like the call's form labels). */
  labels: fieldLabelsSchema,
  weight: z.number().int().min(1).max(RUBRIC_WEIGHT_MAX),
});

/** A call's rubric, as the programme manager writes it (fixed once a review is submitted). */
export const rubricSchema = z.strictObject({
  criteria: z
    .array(rubricCriterionSchema)
    .min(1)
    .max(RUBRIC_CRITERIA_MAX)
    .refine((criteria) => new Set(criteria.map((c) => c.id)).size === criteria.length, 'Criterion ids must differ'),
});
export type RubricInput = z.infer<typeof rubricSchema>;

/** One review's scores by criterion id: integers 0..5 (call-review.ts `assertScoresFit` checks them against the rubric). */
export const reviewScoresSchema = z
  .record(criterionIdSchema, z.number().int().min(RUBRIC_SCORE_MIN).max(RUBRIC_SCORE_MAX))
  .refine((scores) => Object.keys(scores).length <= RUBRIC_CRITERIA_MAX, `At most ${RUBRIC_CRITERIA_MAX} scores`);

/** A review comment sealed in the browser to the programme desk (`a1.` ciphertext). */
export const reviewCommentCiphertextSchema = z
  .string()
  .max(REVIEW_COMMENT_CIPHERTEXT_MAX, { error: 'The comment is too long' })
  .regex(/^a1\.[A-Za-z0-9_.-]+$/, { error: 'Expected an a1. ciphertext' });

/** What a reviewer saves: scores, a sealed comment, and whether this is the submission (final). */
export const reviewInputSchema = z.strictObject({
  scores: reviewScoresSchema,
  comment: reviewCommentCiphertextSchema.nullable(),
  submit: z.boolean(),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

/** A programme manager puts a person on a call's panel: staff for the whole call or a list, external always a list. */
export const reviewerAssignmentInputSchema = z
  .strictObject({
    reviewerId: idSchema,
    kind: z.enum(REVIEWER_KINDS),
    applicationIds: z
      .array(idSchema)
      .max(REVIEW_ASSIGNMENT_APPLICATIONS_MAX)
      .refine((ids) => new Set(ids).size === ids.length, 'Applications are named once')
      .nullable(),
  })
  .refine((a) => a.kind === 'staff' || a.applicationIds !== null, { path: ['applicationIds'], message: 'An external reviewer is assigned named applications' });
export type ReviewerAssignmentInput = z.infer<typeof reviewerAssignmentInputSchema>;

/** A declaration of a conflict of interest on an application (nothing more is said: the reason stays with the person). */
export const conflictDeclarationSchema = z.strictObject({ applicationId: idSchema });

/** A step of a decision (call-review.ts `decisionStep`). */
export const decisionActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('propose'), outcome: z.enum(DECISION_OUTCOMES) }),
  z.strictObject({ kind: z.literal('confirm') }),
  z.strictObject({ kind: z.literal('discard') }),
  z.strictObject({ kind: z.literal('release') }),
]);
export type DecisionActionInput = z.infer<typeof decisionActionSchema>;

/** An exact score and how it reads (rounded half up to hundredths: call-review.ts `formatScore`). */
export const scoreViewSchema = z.object({ numerator: z.number().int().min(0), denominator: z.number().int().min(1), display: z.string() });

export const reviewViewSchema = z.object({
  id: z.string(),
  reviewerId: z.string(),
  status: z.enum(REVIEW_STATUSES),
  scores: reviewScoresSchema,
  comment: z.string().nullable(),
  score: scoreViewSchema,
  submittedAt: z.string().nullable(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

/** What a person sees of an application's reviews: only those `visibleReviews` allows, and whether the others are sealed. */
export const applicationReviewsViewSchema = z.object({
  applicationId: z.string(),
  reach: z.enum(['reviewer', 'manager']),
  sealed: z.boolean(),
  reviews: z.array(reviewViewSchema),
});
export type ApplicationReviewsView = z.infer<typeof applicationReviewsViewSchema>;

export const rankingRowSchema = z.object({
  applicationId: z.string(),
  country: countryCodeSchema.nullable(),
  rank: z.number().int().min(1).nullable(),
  score: scoreViewSchema.nullable(),
  reviewCount: z.number().int().min(0),
  suggestion: z.enum(RANKING_SUGGESTIONS),
  skipped: z.enum(RANKING_SKIPS).nullable(),
  tied: z.boolean(),
});
export const rankingViewSchema = z.object({ callId: z.string(), rows: z.array(rankingRowSchema).max(RANKING_ROWS_MAX) });
export type RankingView = z.infer<typeof rankingViewSchema>;

export const decisionViewSchema = z.object({
  applicationId: z.string(),
  status: z.enum(DECISION_STATUSES),
  outcome: z.enum(DECISION_OUTCOMES).nullable(),
  proposedBy: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  /** The steps the reader may take now (call-review.ts `allowedDecisionActions`). */
  actions: z.array(z.enum(DECISION_ACTIONS)),
  releasedAt: z.string().nullable(),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

/** A call's rubric as served: null until a programme manager writes one; `locked` once a review is submitted. */
export const rubricViewSchema = z.object({ callId: z.string(), rubric: rubricSchema.nullable(), locked: z.boolean() });
export type RubricView = z.infer<typeof rubricViewSchema>;

export const reviewerAssignmentViewSchema = z.object({
  callId: z.string(),
  reviewerId: z.string(),
  kind: z.enum(REVIEWER_KINDS),
  /** null: every application of the call. */
  applicationIds: z.array(z.string()).max(REVIEW_ASSIGNMENT_APPLICATIONS_MAX).nullable(),
  assignedAt: z.string(),
});
export type ReviewerAssignmentView = z.infer<typeof reviewerAssignmentViewSchema>;

/** One application on a reviewer's list: ids and the state of their own review, nothing an applicant wrote. */
export const reviewTaskSchema = z.object({
  callId: z.string(),
  applicationId: z.string(),
  country: z.string(),
  /** The reviewer's own review: none yet, a draft, or submitted. */
  review: z.enum(['none', ...REVIEW_STATUSES]),
});
/** Most rows of a reviewer's list. */
export const REVIEW_TASKS_MAX = 2_000;
export const reviewTasksSchema = z.object({ items: z.array(reviewTaskSchema).max(REVIEW_TASKS_MAX) });
export type ReviewTasks = z.infer<typeof reviewTasksSchema>;

export const conflictViewSchema = z.object({ applicationId: z.string(), declaredAt: z.string() });

const callParams = z.strictObject({ id: idSchema });
const applicationParams = z.strictObject({ id: idSchema });
const reviewerParams = z.strictObject({ id: idSchema, reviewerId: idSchema });

/**
 * The programme's review routes (docs/calls.md "Review"). Programme managers write the rubric,
 * put reviewers on the panel, see the ranking and take the decisions; a reviewer (any staff
 * member but an admin, once assigned) reads their list, scores and declares conflicts. Anything
 * the caller has no reach on answers 404.
 */
export const programmeReviewContract = {
  rubric: defineEndpoint({ method: 'GET', path: '/api/v1/programme/calls/:id/rubric', status: 200, params: callParams, response: rubricViewSchema }),
  putRubric: defineEndpoint({ method: 'PUT', path: '/api/v1/programme/calls/:id/rubric', status: 200, params: callParams, body: rubricSchema, response: rubricViewSchema }),
  reviewers: defineEndpoint({
    method: 'GET',
    path: '/api/v1/programme/calls/:id/reviewers',
    status: 200,
    params: callParams,
    response: z.object({ items: z.array(reviewerAssignmentViewSchema).max(REVIEW_ASSIGNMENT_APPLICATIONS_MAX) }),
  }),
  assign: defineEndpoint({ method: 'POST', path: '/api/v1/programme/calls/:id/reviewers', status: 201, params: callParams, body: reviewerAssignmentInputSchema, response: reviewerAssignmentViewSchema }),
  unassign: defineEndpoint({ method: 'DELETE', path: '/api/v1/programme/calls/:id/reviewers/:reviewerId', status: 204, params: reviewerParams, response: noContent }),
  tasks: defineEndpoint({ method: 'GET', path: '/api/v1/programme/reviews', status: 200, response: reviewTasksSchema }),
  declareConflict: defineEndpoint({ method: 'POST', path: '/api/v1/programme/conflicts', status: 201, body: conflictDeclarationSchema, response: conflictViewSchema }),
  reviews: defineEndpoint({ method: 'GET', path: '/api/v1/programme/applications/:id/reviews', status: 200, params: applicationParams, response: applicationReviewsViewSchema }),
  saveReview: defineEndpoint({ method: 'PUT', path: '/api/v1/programme/applications/:id/review', status: 200, params: applicationParams, body: reviewInputSchema, response: reviewViewSchema }),
  ranking: defineEndpoint({ method: 'GET', path: '/api/v1/programme/calls/:id/ranking', status: 200, params: callParams, response: rankingViewSchema }),
  decisions: defineEndpoint({
    method: 'GET',
    path: '/api/v1/programme/calls/:id/decisions',
    status: 200,
    params: callParams,
    response: z.object({ items: z.array(decisionViewSchema).max(RANKING_ROWS_MAX) }),
  }),
  decide: defineEndpoint({ method: 'POST', path: '/api/v1/programme/applications/:id/decision', status: 200, params: applicationParams, body: decisionActionSchema, response: decisionViewSchema }),
} as const;
