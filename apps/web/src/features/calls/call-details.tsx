/**
 * What a call's public page says about a call (its kind, title and texts, phase, both deadlines,
 * dates and places): shared by the public page and the call editor's preview. The page's words
 * (`calls`) and the call's texts are in `language`: on the public page the reader's, in the
 * preview the one previewed (its words loaded on demand); the texts are English, said so, when
 * the call has none in that language. Without an instant (a preview of times not yet saved), the
 * reader's-zone line is left out.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type CallKind, type CallPhase, type CallQuotas, type CallTexts, type UiLanguage, callTextFor } from '@ashar/domain';
import { formatIsoDate, formatNumber } from '../../i18n';
import { deadlineForReader, deadlineInCallZone, readerTimeZone } from './deadline';

export interface CallDetailsFacts {
  readonly kind: CallKind;
  readonly phase: CallPhase;
  readonly texts: CallTexts;
  readonly quotas: CallQuotas;
  /** Null in a preview whose closing time is not a local time yet. */
  readonly closes: { readonly local: string; readonly timeZone: string; readonly instant: string | null } | null;
  readonly decisionOn: string | null;
  readonly notifyOn: string | null;
}

export function CallDetails({ call: c, language, headingLevel = 1 }: { call: CallDetailsFacts; language: UiLanguage; headingLevel?: 1 | 2 }) {
  // The words in the reader's language (the page's; in the editor's preview, the one previewed, loaded on demand).
  const { t } = useTranslation('calls', { lng: language });
  const id = useId();
  const { text, lang } = callTextFor(c.texts, language);
  const Title = headingLevel === 1 ? 'h1' : 'h2';
  const Section = headingLevel === 1 ? 'h2' : 'h3';
  return (
    <article lang={lang}>
      <p>{t(`call.kind.${c.kind}`)}</p>
      <Title>{text.title}</Title>
      {lang !== language && <p lang={language}>{t('call.inEnglish')}</p>}
      <p lang={language}>
        <strong>{t(`call.phase.${c.phase}`)}</strong>
      </p>
      <section lang={language} aria-labelledby={`${id}-deadline`}>
        <Section id={`${id}-deadline`}>{t('call.deadline')}</Section>
        {c.closes && <p data-testid="deadline-call-zone">{t('call.deadlineInZone', { when: deadlineInCallZone(c.closes, language), zone: c.closes.timeZone })}</p>}
        {c.closes?.instant && <p data-testid="deadline-reader-zone">{t('call.deadlineForYou', { when: deadlineForReader({ instant: c.closes.instant }, language), zone: readerTimeZone() })}</p>}
        {c.decisionOn && <p>{t('call.decision', { date: formatIsoDate(c.decisionOn, language) })}</p>}
        {c.notifyOn && <p>{t('call.notify', { date: formatIsoDate(c.notifyOn, language) })}</p>}
        {c.quotas.total !== null && <p>{t('call.places', { n: formatNumber(c.quotas.total, language) })}</p>}
      </section>
      <Section>{t('call.about')}</Section>
      <p className="call-text">{text.description}</p>
      <Section>{t('call.eligibility')}</Section>
      <p className="call-text">{text.eligibility}</p>
    </article>
  );
}
