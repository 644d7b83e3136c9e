/**
 * A sealed key as application and referee routes store it (a programme-desk key version, or the
 * applicant when `deskId` is null), and the columns that insert many of them with one
 * `unnest($n::uuid[], $n+1::int[], $n+2::text[], $n+3::text[], $n+4::text[])`.
 */
export interface NewSealedEnvelope {
  deskId: string | null;
  deskKeyVersion: number | null;
  sealedKey: string;
  sealerKid: string;
  signature: string;
}

/** desk ids, desk key versions, sealed keys, sealer kids, signatures: five parallel arrays for unnest. */
export function envelopeColumns(envelopes: readonly NewSealedEnvelope[]): [(string | null)[], (number | null)[], string[], string[], string[]] {
  return [envelopes.map((e) => e.deskId), envelopes.map((e) => e.deskKeyVersion), envelopes.map((e) => e.sealedKey), envelopes.map((e) => e.sealerKid), envelopes.map((e) => e.signature)];
}
