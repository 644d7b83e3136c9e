/**
 * "Test a route": the three facts a requester's browser sends in clear (type, country,
 * language — all required by the request form) in, the desk out, computed with libs/domain's
 * `routeRequest` over the saved rules exactly as the portal routes, with the rule that decided.
 */
import { useTranslation } from 'react-i18next';
import { useId, useState } from 'react';
import { type RequestType, type RoutingRuleView, INTAKE_DESK_SLUG, isCountryCode } from '@ashar/domain';
import { type DeskDirectoryEntry } from '../../api/desks';
import { countryName, languageName, typeLabel } from '../../request-values/names';
import { CountryOptions, LanguageOptions, RequestTypeOptions } from './choice-options';
import { deskName, routeFor } from './routing-model';

export function RouteTester({ rules, desks }: { rules: readonly RoutingRuleView[]; desks: readonly DeskDirectoryEntry[] }) {
  const id = useId();
  const { t } = useTranslation('console');
  const [type, setType] = useState<RequestType | ''>('');
  const [country, setCountry] = useState('');
  const [language, setLanguage] = useState('');

  let result: { text: string; warning: string | null } | null = null;
  if (type !== '' && isCountryCode(country) && language !== '') {
    const routed = routeFor(rules, { type, country, language });
    const desk = desks.find((d) => d.slug === routed.deskSlug);
    const name = deskName(desks, routed.deskSlug);
    const why = routed.ruleNumber === null ? t('routing.noRuleMatches') : t('routing.ruleDecides', { number: routed.ruleNumber });
    const intake = routed.deskSlug === INTAKE_DESK_SLUG ? '' : ` ${t('routing.alsoIntake', { desk: deskName(desks, INTAKE_DESK_SLUG) })}`;
    result = {
      text: `${t('routing.goesTo', { type: typeLabel(type).toLowerCase(), country: countryName(country), language: languageName(language), desk: name, why })}${intake}`,
      warning: !desk
        ? t('routing.noSuchDesk')
        : desk.key === null
          ? t('routing.deskWithoutKey')
          : null,
    };
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('routing.testTitle')}</h2>
      <p className="field__hint">{t('routing.testHint')}</p>
      <div className="rule-fields">
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('routing.testType')}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as RequestType | '')}>
            <option value="">{t('routing.choose')}</option>
            <RequestTypeOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-country`}>{t('routing.testCountry')}</label>
          <select id={`${id}-country`} value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('routing.choose')}</option>
            <CountryOptions />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>{t('routing.testLanguage')}</label>
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">{t('routing.choose')}</option>
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
          <p className="field__hint">{t('routing.testPrompt')}</p>
        )}
      </div>
    </section>
  );
}
