/**
 * Routing of new requests to a desk (domain.md): rules map (request type, country, language)
 * to a desk slug; an absent criterion is a wildcard; the first matching rule wins; with no
 * match the case goes to the desk named after its type. Every new case is also sealed to the
 * intake desk; that is the caller's business, not a routing decision.
 *
 * Precedence: ascending `priority` (1 before 2); rules of equal priority keep the order they
 * were given in (the api lists them by priority, then creation time). Country codes compare
 * exactly (both are upper-case ISO 3166-1); a rule's language is a BCP 47 range, so `ru`
 * matches a request in `ru-KZ` (see `languageMatches`).
 *
 * Error contract: `routeRequest` never throws; validate rules with `routingRuleSchema` when
 * they are written.
 */
import { z } from 'zod';
import { countryCodeSchema, type CountryCode } from './countries';
import { languageMatches, languageTagSchema } from './languages';
import { INTAKE_DESK_SLUG, deskSlugSchema, requestTypeSchema, type RequestType } from './vocabulary';

/** Priorities run from 0 to this bound, so rules can be spaced out (10, 20, ...). */
export const ROUTING_PRIORITY_MAX = 1_000_000;

export const routingRuleSchema = z.strictObject({
  priority: z.number().int().min(0).max(ROUTING_PRIORITY_MAX),
  requestType: requestTypeSchema.optional(),
  country: countryCodeSchema.optional(),
  language: languageTagSchema.optional(),
  deskSlug: deskSlugSchema,
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

/** The clear facts of a new request that routing looks at. */
export interface RoutingInput {
  readonly type: RequestType;
  readonly country?: CountryCode | undefined;
  readonly language?: string | undefined;
}

export interface RouteDecision {
  readonly deskSlug: string;
  /** The rule that decided, or null when the default (the type's desk) applied. */
  readonly rule: RoutingRule | null;
}

export function routingRuleMatches(rule: RoutingRule, input: RoutingInput): boolean {
  if (rule.requestType !== undefined && rule.requestType !== input.type) return false;
  if (rule.country !== undefined && rule.country !== input.country) return false;
  if (rule.language !== undefined && (input.language === undefined || !languageMatches(rule.language, input.language))) {
    return false;
  }
  return true;
}

export function routeRequest(rules: readonly RoutingRule[], input: RoutingInput): RouteDecision {
  let best: RoutingRule | null = null;
  for (const rule of rules) {
    // Strictly lower only, so that the earlier of two equal priorities wins.
    if ((best === null || rule.priority < best.priority) && routingRuleMatches(rule, input)) {
      best = rule;
    }
  }
  return best ? { deskSlug: best.deskSlug, rule: best } : { deskSlug: input.type, rule: null };
}

/**
 * The desk a new request goes to (its owner, and with intake the desks its case key is sealed
 * to): the routed desk when it can receive now (it has a current certified key), else the intake
 * desk, which reads every request and refers it on once the routed desk can receive. The portal
 * and the api decide the same way, so a kind of help whose desk has no key yet is still asked
 * for, never refused after the form is filled (docs/decisions.md "Issue 15 (part)").
 */
export function receivingDesk(routedSlug: string, canReceive: (slug: string) => boolean): string {
  return routedSlug === INTAKE_DESK_SLUG || canReceive(routedSlug) ? routedSlug : INTAKE_DESK_SLUG;
}
