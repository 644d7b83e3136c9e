/**
 * "Test a route": the three facts a requester's browser sends in clear (type, country,
 * language — all required by the request form) in, the desk out, computed with libs/domain's
 * `routeRequest` over the saved rules exactly as the portal routes, with the rule that decided.
 */
import { useId, useState } from 'react';
import { type RequestType, type RoutingRuleView, INTAKE_DESK_SLUG, isCountryCode } from '@ashar/domain';
import { type DeskDirectoryEntry } from '../../api/desks';
import { TYPE_LABELS, countryName, languageName } from '../../request-values/names';
import { CountryOptions, LanguageOptions, RequestTypeOptions } from './choice-options';
import { deskName, routeFor } from './routing-model';

export function RouteTester({ rules, desks }: { rules: readonly RoutingRuleView[]; desks: readonly DeskDirectoryEntry[] }) {
  const id = useId();
  const [type, setType] = useState<RequestType | ''>('');
  const [country, setCountry] = useState('');
  const [language, setLanguage] = useState('');

  let result: { text: string; warning: string | null } | null = null;
  if (type !== '' && isCountryCode(country) && language !== '') {
    const routed = routeFor(rules, { type, country, language });
    const desk = desks.find((d) => d.slug === routed.deskSlug);
    const name = deskName(desks, routed.deskSlug);
    const why = routed.ruleNumber === null ? 'no rule matches, so it goes to the desk of its type' : `rule ${routed.ruleNumber} decides`;
    const intake = routed.deskSlug === INTAKE_DESK_SLUG ? '' : ` It is also shared with the ${deskName(desks, INTAKE_DESK_SLUG)} desk.`;
    result = {
      text: `A ${TYPE_LABELS[type].toLowerCase()} request about ${countryName(country)} in ${languageName(language)} goes to the ${name} desk: ${why}.${intake}`,
      warning: !desk
        ? 'No desk has this name: the portal cannot send such a request. Change the rule.'
        : desk.key === null
          ? 'This desk has no certified key yet: the portal cannot send such a request until it has one.'
          : null,
    };
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Test a route</h2>
      <p className="field__hint">Where a new request would go with the rules as saved, as the requester’s browser and the server route it.</p>
      <div className="rule-fields">
        <div className="field">
          <label htmlFor={`${id}-type`}>Type of request</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as RequestType | '')}>
            <option value="">Choose…</option>
            <RequestTypeOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-country`}>Country of the request</label>
          <select id={`${id}-country`} value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">Choose…</option>
            <CountryOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>Language of the request</label>
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">Choose…</option>
            <LanguageOptions />
          </select>
        </div>
      </div>
      <div role="status" className="status-line">
        {result ? (
          <>
            <p className="route-result">{result.text}</p>
            {result.warning && <p className="message message--error">{result.warning}</p>}
          </>
        ) : (
          <p className="field__hint">Choose a type, a country and a language to see where such a request goes.</p>
        )}
      </div>
    </section>
  );
}
