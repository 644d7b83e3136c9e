/**
 * The panel review of a call (issue 17, docs/calls.md "Review"): the wire shapes. The routes are
 * not built yet; when they are, their endpoints go here and into API_CONTRACTS (the api's
 * contract test checks every registered endpoint has its route).
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
