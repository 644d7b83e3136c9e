/**
 * Payee details as people type and read them (docs/grants.md, Payee details): who is paid, how
 * (a bank account, a phone for mobile money, or a trusted intermediary) and how to reach them.
 * Encrypted in the crypto worker under the grant key; the server never sees them. Shared by the
 * requester's follow-up page and the staff grant page.
 */

export const PAYEE_METHODS = ['bank', 'mobile', 'intermediary'] as const;
export type PayeeMethod = (typeof PAYEE_METHODS)[number];

/** English names of the methods, for staff pages not yet translated; translated pages use `common:payee.method.<method>`. */
export const PAYEE_METHOD_LABELS: Readonly<Record<PayeeMethod, string>> = {
  bank: 'Bank account',
  mobile: 'Phone for mobile money',
  intermediary: 'A trusted intermediary',
};

export interface PayeeDraft {
  readonly name: string;
  readonly method: PayeeMethod | '';
  /** The bank account (IBAN or number and bank), the phone number, or the intermediary's name and how they hand it over. */
  readonly account: string;
  readonly contact: string;
}

export const EMPTY_PAYEE: PayeeDraft = { name: '', method: '', account: '', contact: '' };

/** Longest text of one field: the worker takes short strings only. */
export const PAYEE_FIELD_MAX = 300;

/**
 * What is wrong with a field, as a key of the `common` namespace (`payee.error.*`); the form says
 * it in the reader's language. Interpolated values, if any, ride along.
 */
export interface PayeeProblem {
  readonly key: string;
  readonly values?: Readonly<Record<string, string | number>>;
}

export type PayeeCheck = { readonly ok: true; readonly details: Readonly<Record<string, string>> } | { readonly ok: false; readonly errors: Readonly<Partial<Record<keyof PayeeDraft, PayeeProblem>>> };

/** The details to encrypt, or what is missing. */
export function checkPayee(draft: PayeeDraft): PayeeCheck {
  const errors: Partial<Record<keyof PayeeDraft, PayeeProblem>> = {};
  const name = draft.name.trim();
  const account = draft.account.trim();
  const contact = draft.contact.trim();
  if (!name) errors.name = { key: 'payee.error.name' };
  if (draft.method === '') errors.method = { key: 'payee.error.method' };
  if (!account) errors.account = { key: draft.method === '' ? 'payee.error.account' : `payee.error.account.${draft.method}` };
  if (draft.method === 'mobile' && account && !/^\+?[0-9 ()-]{6,30}$/.test(account)) errors.account = { key: 'payee.error.phone' };
  if (!contact) errors.contact = { key: 'payee.error.contact' };
  for (const [field, value] of [
    ['name', name],
    ['account', account],
    ['contact', contact],
  ] as const) {
    if (value.length > PAYEE_FIELD_MAX) errors[field] = { key: 'payee.error.tooLong', values: { count: PAYEE_FIELD_MAX } };
  }
  if (Object.keys(errors).length > 0 || draft.method === '') return { ok: false, errors };
  return { ok: true, details: { name, method: draft.method, account, contact } };
}

/** Decrypted details back into the form (to confirm or correct them); unknown shapes give an empty form. */
export function payeeDraftOf(details: Readonly<Record<string, unknown>>): PayeeDraft {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const method = (PAYEE_METHODS as readonly string[]).includes(text(details['method'])) ? (details['method'] as PayeeMethod) : '';
  return { name: text(details['name']), method, account: text(details['account']), contact: text(details['contact']) };
}
