import { t } from '../shared/i18n';

/** Beyond this many seconds a countdown in seconds is hard to read, so it switches to minutes. */
const MINUTES_FROM_S = 90;

/** Whole seconds until `retryAt`, rounded up so "0" appears only once the retry is due; never negative. */
export function secondsUntil(retryAt: number, now: number): number {
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/**
 * Whether `count` takes the singular in the language the messages are shown in. The language comes from the locale
 * file itself (`pluralLocale`), not from the UI language: a browser in a language we have no file for shows our
 * en_US messages, and those must follow English rules. Languages with more than two forms would need more keys.
 */
function isSingular(count: number): boolean {
  let rules: Intl.PluralRules;
  try {
    rules = new Intl.PluralRules(t('pluralLocale'));
  } catch {
    // A malformed language tag in a locale file must not break the popup: fall back to the default locale's rules.
    rules = new Intl.PluralRules('en');
  }
  return rules.select(count) === 'one';
}

/** The sentence that tells the user when the add-on tries again by itself. */
export function retryText(retryAt: number, now: number): string {
  const seconds = secondsUntil(retryAt, now);
  if (seconds === 0) return t('popupRetryNow');
  if (seconds >= MINUTES_FROM_S) {
    const minutes = Math.ceil(seconds / 60);
    return t(isSingular(minutes) ? 'popupRetryInMinutesOne' : 'popupRetryInMinutesOther', String(minutes));
  }
  return t(isSingular(seconds) ? 'popupRetryInSecondsOne' : 'popupRetryInSecondsOther', String(seconds));
}
