import { t } from '../shared/i18n';

/** Beyond this many seconds a countdown in seconds is hard to read, so it switches to minutes. */
const MINUTES_FROM_S = 90;

/** Whole seconds until `retryAt`, rounded up so "0" appears only once the retry is due; never negative. */
export function secondsUntil(retryAt: number, now: number): number {
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/** The sentence that tells the user when the add-on tries again by itself. */
export function retryText(retryAt: number, now: number): string {
  const seconds = secondsUntil(retryAt, now);
  if (seconds === 0) return t('popupRetryNow');
  if (seconds >= MINUTES_FROM_S) return t('popupRetryInMinutes', String(Math.ceil(seconds / 60)));
  return t('popupRetryInSeconds', String(seconds));
}
