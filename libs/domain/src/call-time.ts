/**
 * Deadlines in a named time zone (issue 17; docs/calls.md, "Zoned deadlines"). A call opens and
 * closes at a local date-time in an IANA zone ("14 December, 24:00 Nur-Sultan time"), kept as the
 * local time, the zone and the instant computed from them with the host's time-zone data
 * (temporal-polyfill uses Intl's; Node 20.20 and current browsers know that Asia/Almaty moved from
 * UTC+6 to UTC+5 on 1 March 2024).
 *
 * - "24:00" is accepted as the end of that day: it is stored as 00:00 of the next day (Temporal,
 *   like ISO 8601-1:2019, has no 24:00) and shown back as "24:00" of the day before
 *   (`displayDeadline`).
 * - A local time that occurs twice (clocks go back) or never (clocks go forward) is refused, with
 *   the two offsets named: a deadline must mean one instant, and the person who set it chooses.
 * - Only IANA zone ids are accepted, and only region names ("Europe/Prague", "UTC"), never fixed
 *   offsets ("+05:00"). "Asia/Astana" and "Asia/Nur-Sultan" are not zone ids; the refusal names
 *   Asia/Almaty, the zone of Kazakhstan's capital.
 *
 * Error contract: every function here throws DomainError (CallError codes, or RuleError
 * `invalid-input` for a malformed string) and nothing else.
 */
import { Temporal } from 'temporal-polyfill';
import { CallError, DomainError, RuleError } from './errors';

/** A local date and time to the minute, `YYYY-MM-DDTHH:MM`; the hour may be 24 only as `24:00`. */
export const LOCAL_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
export const LOCAL_DATE_TIME_LENGTH = 16;
/** The longest IANA zone id is 32 characters ("America/Argentina/ComodRivadavia"); a margin. */
export const TIME_ZONE_MAX_LENGTH = 64;

/**
 * Names people use for a zone that are not IANA ids, and the zone they mean. Kazakhstan's capital
 * (Astana, called Nur-Sultan 2019–2022) keeps the time of Asia/Almaty (UTC+5 since 1 March 2024).
 */
export const TIME_ZONE_HINTS: Readonly<Record<string, string>> = {
  'asia/astana': 'Asia/Almaty',
  'asia/nur-sultan': 'Asia/Almaty',
  'asia/nursultan': 'Asia/Almaty',
  'asia/akmola': 'Asia/Almaty',
  'asia/bishkek': 'Asia/Bishkek',
  'asia/frunze': 'Asia/Bishkek',
  'asia/tashkent': 'Asia/Tashkent',
  'asia/dushanbe': 'Asia/Dushanbe',
};

/** A moment as a call keeps it: the local time as stored (never "24:00"), its zone, and the instant. */
export interface ZonedMoment {
  /** `YYYY-MM-DDTHH:MM`, 00:00–23:59. */
  readonly local: string;
  /** The canonical IANA id, as the time-zone data spells it. */
  readonly timeZone: string;
  /** The instant, ISO 8601 in UTC (`2026-12-14T19:00:00Z`). */
  readonly instant: string;
  /** The zone's offset from UTC at that instant, `+05:00`. */
  readonly offset: string;
}

const ZONE_ID_SHAPE = /^(?:[A-Za-z][A-Za-z0-9_+-]*)(?:\/[A-Za-z0-9_+-]+)*$/;

/** The canonical spelling of an IANA zone id; throws `unknown-time-zone` (with a hint where we know one) otherwise. */
export function checkTimeZone(id: string): string {
  const trimmed = typeof id === 'string' ? id.trim() : '';
  const hint = TIME_ZONE_HINTS[trimmed.toLowerCase()];
  const refuse = (): never => {
    const advice = hint ? ` Use ${hint}.` : ' Use a region name such as Asia/Almaty or Europe/Prague.';
    throw new DomainError(CallError.UnknownTimeZone, `“${trimmed.slice(0, TIME_ZONE_MAX_LENGTH)}” is not an IANA time-zone id.${advice}`, hint ? { hint } : {});
  };
  // Region names only: "+05:00" and "Etc/GMT-5" are fixed offsets and would not follow the zone's changes.
  if (trimmed.length === 0 || trimmed.length > TIME_ZONE_MAX_LENGTH || !ZONE_ID_SHAPE.test(trimmed) || /^Etc\/GMT[+-]/i.test(trimmed)) return refuse();
  try {
    const zoned = Temporal.Now.zonedDateTimeISO(trimmed);
    // Hints win over a host that happens to know an alias (a deadline must not depend on the host's data).
    if (hint && hint.toLowerCase() !== trimmed.toLowerCase()) return refuse();
    return zoned.timeZoneId;
  } catch {
    return refuse();
  }
}

/** Splits `YYYY-MM-DDTHH:MM` (with 24:00 allowed) into a PlainDateTime; 24:00 is 00:00 of the next day. */
export function parseLocalDateTime(local: string): Temporal.PlainDateTime {
  const m = typeof local === 'string' ? LOCAL_DATE_TIME_PATTERN.exec(local) : null;
  if (!m) throw new DomainError(RuleError.InvalidInput, 'Expected a local date and time as YYYY-MM-DDTHH:MM (00:00–24:00)');
  const [, y, mo, d, h, mi, h24] = m;
  let date: Temporal.PlainDate;
  try {
    date = Temporal.PlainDate.from({ year: Number(y), month: Number(mo), day: Number(d) }, { overflow: 'reject' });
  } catch {
    throw new DomainError(RuleError.InvalidInput, `${local.slice(0, 10)} is not a calendar date`);
  }
  if (h24) return date.add({ days: 1 }).toPlainDateTime({ hour: 0, minute: 0 });
  return date.toPlainDateTime({ hour: Number(h), minute: Number(mi) });
}

const formatLocal = (dt: Temporal.PlainDateTime): string => dt.toString({ smallestUnit: 'minute' });

/**
 * The moment a local date-time means in a zone. "24:00" becomes 00:00 of the next day. A time
 * that occurs twice or never in the zone is refused (`ambiguous-local-time`,
 * `nonexistent-local-time`), naming the offsets so the person can choose.
 */
export function zonedMoment(local: string, timeZone: string): ZonedMoment {
  const zone = checkTimeZone(timeZone);
  const wall = parseLocalDateTime(local);
  const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  const later = wall.toZonedDateTime(zone, { disambiguation: 'later' });
  const exists = Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), wall) === 0;
  if (!exists) {
    throw new DomainError(CallError.NonexistentLocalTime, `${formatLocal(wall)} does not exist in ${zone}: the clocks jump from ${earlier.offset} to ${later.offset} then`, {
      timeZone: zone,
    });
  }
  if (earlier.epochNanoseconds !== later.epochNanoseconds) {
    throw new DomainError(CallError.AmbiguousLocalTime, `${formatLocal(wall)} occurs twice in ${zone} (at ${earlier.offset} and at ${later.offset}): choose a time outside the change`, {
      timeZone: zone,
    });
  }
  return { local: formatLocal(wall), timeZone: zone, instant: earlier.toInstant().toString(), offset: earlier.offset };
}

/**
 * A moment as stored (local time, zone, instant), with the zone's offset at that instant. The
 * stored instant is kept as it is: recomputing it belongs to a deliberate check after a change of
 * the zone's rules, not to every read.
 */
export function storedMoment(local: string, timeZone: string, instant: string): ZonedMoment {
  let offset = '';
  try {
    offset = Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone).offset;
  } catch {
    throw new DomainError(CallError.UnknownTimeZone, `The host's time-zone data does not know ${timeZone.slice(0, TIME_ZONE_MAX_LENGTH)}`);
  }
  return { local, timeZone, instant, offset };
}

/** A deadline as a person reads it, in the call's zone: a date and a time, 00:00 shown as 24:00 of the day before. */
export interface DeadlineParts {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `HH:MM`, `24:00` for the end of `date`. */
  readonly time: string;
}

/**
 * How a closing moment is shown: midnight is "24:00" of the day that ends, as the call was
 * announced. Plain arithmetic on the date, without Temporal, so the pages that show a deadline
 * do not carry the time-zone library (the api computes every instant).
 */
export function displayDeadline(local: string): DeadlineParts {
  const m = typeof local === 'string' ? LOCAL_DATE_TIME_PATTERN.exec(local) : null;
  if (!m) throw new DomainError(RuleError.InvalidInput, 'Expected a local date and time as YYYY-MM-DDTHH:MM (00:00–24:00)');
  const [, y, mo, d, h, mi] = m;
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) return { date, time: '24:00' };
  if (h !== '00' || mi !== '00') return { date, time: `${h}:${mi}` };
  const day = new Date(0);
  day.setUTCFullYear(Number(y), Number(mo) - 1, Number(d) - 1);
  return { date: day.toISOString().slice(0, 10), time: '24:00' };
}

/** The instant of a moment as epoch milliseconds. */
export const instantMs = (moment: Pick<ZonedMoment, 'instant'>): number => Date.parse(moment.instant);
