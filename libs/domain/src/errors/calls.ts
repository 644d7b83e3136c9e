/** Codes of calls for applications (issue 17, docs/calls.md): zoned deadlines and the call lifecycle. */
export const CallError = {
  /** The call's deadline has passed (or it was closed early): no application is taken any more. */
  CallClosed: 'call-closed',
  /** The call is not open for applications yet (or is not published). */
  CallNotOpen: 'call-not-open',
  /** Not an IANA time-zone id ("Asia/Astana" is not one: Kazakhstan's capital keeps Asia/Almaty time). */
  UnknownTimeZone: 'unknown-time-zone',
  /** The local time occurs twice in the zone (clocks go back); pick another time. */
  AmbiguousLocalTime: 'ambiguous-local-time',
  /** The local time never occurs in the zone (clocks go forward); pick another time. */
  NonexistentLocalTime: 'nonexistent-local-time',
  /** The call's state does not allow this change (publishing a closed call, editing a decided one...). */
  CallState: 'call-state',
} as const;
