/**
 * Language tags: a BCP 47-ish check (not the full grammar) for routing rules and the clear
 * "preferred language" of a case, plus the languages the request form offers.
 */
import { z } from 'zod';

/** Longest tag accepted; BCP 47 recommends supporting at least 35 characters. */
export const LANGUAGE_TAG_MAX_LENGTH = 35;

/** A 2-3 letter primary language subtag, then up to four 1-8 character subtags (script, region, variant). */
const LANGUAGE_TAG_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/;

export const languageTagSchema = z
  .string()
  .min(2)
  .max(LANGUAGE_TAG_MAX_LENGTH)
  .regex(LANGUAGE_TAG_PATTERN, { error: 'Expected a language tag such as "ru" or "uz-Cyrl"' });
export type LanguageTag = z.infer<typeof languageTagSchema>;

/**
 * Languages the request form offers, first the ones most requesters write in. This is data:
 * adding one needs translations of the form, nothing else.
 */
export const REQUEST_LANGUAGES = [
  'ru',
  'en',
  'kk',
  'ky',
  'uz',
  'tg',
  'tk',
  'kaa',
  'fa',
  'prs',
  'ps',
  'az',
  'hy',
  'ka',
  'mn',
  'ug',
  'uk',
  'be',
  'tr',
  'zh',
] as const;
export type RequestLanguage = (typeof REQUEST_LANGUAGES)[number];
export const requestLanguageSchema = z.enum(REQUEST_LANGUAGES);

/**
 * BCP 47 "basic filtering" (RFC 4647 §3.3.1): `range` matches `tag` when it equals it or is
 * a prefix of it ending at a subtag boundary, ignoring case. So `ru` matches `ru-KZ`, while
 * `ru-KZ` does not match `ru`.
 */
export function languageMatches(range: string, tag: string): boolean {
  const r = range.toLowerCase();
  const t = tag.toLowerCase();
  return t === r || t.startsWith(`${r}-`);
}
