/**
 * The fund form and its approval policy editor as data: what a finance officer types (amounts in
 * major units, numbers as text), turned into the api's body (minor units as decimal strings) with
 * one error per field, checked by libs/domain's own schemas (approvalPolicySchema,
 * fundCreateSchema) so the page refuses exactly what the api would.
 */
import { ct } from '../../ui/console-t';
import {
  type ApprovalPolicy,
  type BodyInput,
  type CurrencyCode,
  type FundView,
  DEFAULT_APPROVAL_POLICY,
  approvalPolicySchema,
  type fundsContract,
  toMajorString,
} from '@ashar/domain';
import { readAmount } from '../../data/money-input';

export interface TierDraft {
  /** Up to and including this amount, in major units; '' on the last tier ("any amount above"). */
  readonly upTo: string;
  readonly approvers: string;
  readonly director: boolean;
}

export interface PolicyDraft {
  readonly tiers: readonly TierDraft[];
  readonly reportDueDays: string;
}

export interface FundDraft {
  readonly name: string;
  readonly donor: string;
  readonly currency: CurrencyCode | '';
  readonly total: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly status: 'active' | 'closed';
  readonly policy: PolicyDraft;
}

/** Field paths to messages: `name`, `total`, `tiers.1.upTo`, `tiers.2.approvers`, `reportDueDays`, `policy`, … */
export type DraftErrors = Readonly<Record<string, string>>;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: DraftErrors };

const MAX_TIERS = 10;

/** The policy as the editor shows it, amounts in major units of `currency`. */
export function policyDraftOf(policy: ApprovalPolicy, currency: CurrencyCode): PolicyDraft {
  return {
    tiers: policy.tiers.map((t) => ({ upTo: t.upToMinor === null ? '' : toMajorString(BigInt(t.upToMinor), currency), approvers: String(t.approvers), director: t.director })),
    reportDueDays: String(policy.reportDueDays),
  };
}

/** The default policy of domain.md (≤ 500 one approver, ≤ 5 000 two, above that two and the director), every kept currency having two decimals. */
export const defaultPolicyDraft = (currency: CurrencyCode = 'EUR'): PolicyDraft => policyDraftOf(DEFAULT_APPROVAL_POLICY, currency);

export function emptyFundDraft(): FundDraft {
  return { name: '', donor: '', currency: '', total: '', periodStart: '', periodEnd: '', status: 'active', policy: defaultPolicyDraft() };
}

export function fundDraftOf(fund: FundView): FundDraft {
  return {
    name: fund.name,
    donor: fund.donor,
    currency: fund.currency,
    total: toMajorString(BigInt(fund.totalMinor), fund.currency),
    periodStart: fund.periodStart.slice(0, 10),
    periodEnd: fund.periodEnd.slice(0, 10),
    status: fund.status,
    policy: policyDraftOf(fund.approvalPolicy, fund.currency),
  };
}

/** A new tier before the last one ("any amount above" stays last). */
export function addTier(policy: PolicyDraft): PolicyDraft {
  if (policy.tiers.length >= MAX_TIERS) return policy;
  const last = policy.tiers.at(-1) ?? { upTo: '', approvers: '1', director: false };
  const before = policy.tiers.slice(0, -1);
  return { ...policy, tiers: [...before, { upTo: '', approvers: before.at(-1)?.approvers ?? '1', director: before.at(-1)?.director ?? false }, last] };
}

/** Removes tier `index`; the last tier (any amount above) is never removed. */
export function removeTier(policy: PolicyDraft, index: number): PolicyDraft {
  if (index >= policy.tiers.length - 1) return policy;
  return { ...policy, tiers: policy.tiers.filter((_, i) => i !== index) };
}

export function changeTier(policy: PolicyDraft, index: number, change: Partial<TierDraft>): PolicyDraft {
  return { ...policy, tiers: policy.tiers.map((t, i) => (i === index ? { ...t, ...change } : t)) };
}

const WHOLE = /^[0-9]{1,4}$/;

/** The policy drafted, or an error for each field that is wrong (libs/domain's rules: tiers go up, never fewer approvers, the last covers any amount above). */
export function checkPolicy(draft: PolicyDraft, currency: CurrencyCode): Checked<ApprovalPolicy> {
  const errors: Record<string, string> = {};
  const tiers = draft.tiers.map((tier, i) => {
    const last = i === draft.tiers.length - 1;
    let upToMinor: string | null = null;
    if (!last) {
      const amount = readAmount(tier.upTo, currency);
      if (amount.ok) upToMinor = amount.minor.toString();
      else errors[`tiers.${i}.upTo`] = amount.error;
    }
    const approvers = WHOLE.test(tier.approvers.trim()) ? Number(tier.approvers.trim()) : NaN;
    if (!(approvers >= 1 && approvers <= 5)) errors[`tiers.${i}.approvers`] = ct('fundForm.approversRange');
    return { upToMinor, approvers: Number.isNaN(approvers) ? 0 : approvers, director: tier.director };
  });
  const days = WHOLE.test(draft.reportDueDays.trim()) ? Number(draft.reportDueDays.trim()) : NaN;
  if (!(days >= 1 && days <= 730)) errors['reportDueDays'] = ct('fundForm.daysRange');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = approvalPolicySchema.safeParse({ tiers, reportDueDays: days });
  if (parsed.success) return { ok: true, value: parsed.data };
  for (const issue of parsed.error.issues) {
    const [, index, field] = issue.path;
    const key = typeof index === 'number' ? (field === 'upToMinor' ? `tiers.${index}.upTo` : `tiers.${index}`) : 'policy';
    errors[key] ??= issue.message.endsWith('.') ? issue.message : `${issue.message}.`;
  }
  return { ok: false, errors };
}

export type FundCreateBody = BodyInput<typeof fundsContract.create>;
export type FundUpdateBody = BodyInput<typeof fundsContract.update>;

const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** The body of POST /funds, or the errors of the form. */
export function checkFundDraft(draft: FundDraft): Checked<FundCreateBody> {
  const errors: Record<string, string> = {};
  if (draft.name.trim() === '') errors['name'] = ct('fundForm.nameMissing');
  else if (draft.name.trim().length > 200) errors['name'] = ct('fundForm.tooLong');
  if (draft.donor.trim() === '') errors['donor'] = ct('fundForm.donorMissing');
  else if (draft.donor.trim().length > 200) errors['donor'] = ct('fundForm.tooLong');
  if (draft.currency === '') errors['currency'] = ct('fundForm.currencyMissing');
  if (!ISO_DATE.test(draft.periodStart)) errors['periodStart'] = ct('fundForm.startMissing');
  if (!ISO_DATE.test(draft.periodEnd)) errors['periodEnd'] = ct('fundForm.endMissing');
  else if (ISO_DATE.test(draft.periodStart) && draft.periodEnd < draft.periodStart) errors['periodEnd'] = ct('fundForm.endBeforeStart');
  let totalMinor = '';
  let approvalPolicy: ApprovalPolicy | null = null;
  if (draft.currency !== '') {
    const total = readAmount(draft.total, draft.currency);
    if (total.ok) totalMinor = total.minor.toString();
    else errors['total'] = total.error;
    const policy = checkPolicy(draft.policy, draft.currency);
    if (policy.ok) approvalPolicy = policy.value;
    else Object.assign(errors, policy.errors);
  }
  if (Object.keys(errors).length > 0 || draft.currency === '' || approvalPolicy === null) return { ok: false, errors };
  return {
    ok: true,
    value: { name: draft.name.trim(), donor: draft.donor.trim(), currency: draft.currency, totalMinor, periodStart: draft.periodStart, periodEnd: draft.periodEnd, approvalPolicy },
  };
}

/** The body of PUT /funds/:id (the currency and the start never change), or the errors of the form. */
export function checkFundUpdate(draft: FundDraft): Checked<FundUpdateBody> {
  const checked = checkFundDraft(draft);
  if (!checked.ok) return checked;
  const { name, donor, totalMinor, periodEnd, approvalPolicy } = checked.value;
  return { ok: true, value: { name, donor, totalMinor, periodEnd, status: draft.status, approvalPolicy } };
}

/** In words, what the policy asks for: "Up to €500.00: 1 approver", …, "Above €5,000.00: 2 approvers including the director". */
export function policyWords(policy: ApprovalPolicy, format: (minor: bigint) => string): string[] {
  return policy.tiers.map((tier, i) => {
    const previous = policy.tiers[i - 1];
    const who = ct(tier.director ? 'fundForm.approversWithDirector' : 'fundForm.approvers', { count: tier.approvers });
    if (tier.upToMinor !== null) return ct('fundForm.upTo', { amount: format(BigInt(tier.upToMinor)), who });
    return previous?.upToMinor != null ? ct('fundForm.above', { amount: format(BigInt(previous.upToMinor)), who }) : ct('fundForm.anyAmount', { who });
  });
}
