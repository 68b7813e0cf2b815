import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { retryText, secondsUntil } from '../../../src/popup/retry-countdown';

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** The messages Firefox would show: which locale file it reads is switched per test. */
let messages: Record<string, LocaleEntry> = {};

function useLocale(locale: string): void {
  const path = join(__dirname, '../../../_locales', locale, 'messages.json');
  messages = JSON.parse(readFileSync(path, 'utf8')) as Record<string, LocaleEntry>;
}

/** Firefox's substitution for a named placeholder whose content is "$1", the only form our files use. */
function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = messages[key];
  if (entry === undefined) return '';
  const values = substitutions === undefined ? [] : [substitutions].flat();
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    return content === '$1' ? (values[0] ?? '') : '';
  });
}

jest.mock('webextension-polyfill', () => ({
  __esModule: true,
  default: { i18n: { getMessage: (key: string, subs?: string | string[]) => getMessage(key, subs) } },
}));

const NOW = 1_000_000;

describe('the retry countdown in the real locale files', () => {
  it.each([
    ['en_US', 1, 'Trying again in 1 second.'],
    ['en_US', 2, 'Trying again in 2 seconds.'],
    ['en_US', 89, 'Trying again in 89 seconds.'],
    ['en_US', 90, 'Trying again in 2 minutes.'],
    ['en_US', 600, 'Trying again in 10 minutes.'],
    ['fr', 1, 'Nouvel essai dans 1 seconde.'],
    ['fr', 2, 'Nouvel essai dans 2 secondes.'],
    ['fr', 90, 'Nouvel essai dans 2 minutes.'],
  ])('%s, %i s ahead: %s', (locale, seconds, expected) => {
    useLocale(locale);
    expect(retryText(NOW + seconds * 1000, NOW)).toBe(expected);
  });

  it.each([
    ['en_US', 'Trying again now…'],
    ['fr', 'Nouvelle tentative en cours…'],
  ])('%s says the retry is under way once it is due', (locale, expected) => {
    useLocale(locale);
    expect(retryText(NOW, NOW)).toBe(expected);
    expect(retryText(NOW - 5_000, NOW)).toBe(expected);
  });

  it.each(['en_US', 'fr'])('%s has singular minute forms for when the minutes threshold moves', (locale) => {
    // Today minutes start at 2 (90 s rounds up), so the singular is unreachable through retryText; keep it correct.
    useLocale(locale);
    expect([getMessage('popupRetryInMinutesOne', '1'), getMessage('popupRetryInMinutesOther', '3')]).toEqual(
      locale === 'fr'
        ? ['Nouvel essai dans 1 minute.', 'Nouvel essai dans 3 minutes.']
        : ['Trying again in 1 minute.', 'Trying again in 3 minutes.'],
    );
  });

  it('still counts down when a locale file names no valid language', () => {
    useLocale('en_US');
    messages = { ...messages, pluralLocale: { message: 'not a language tag' } };
    expect(retryText(NOW + 1_000, NOW)).toBe('Trying again in 1 second.');
  });
});

describe('secondsUntil', () => {
  it.each([
    [10_000, 0, 10],
    // Rounded up: 0.1 s left still shows 1, so "now" appears only once the retry is due.
    [10_000, 9_900, 1],
    [10_000, 10_000, 0],
    [10_000, 12_000, 0],
  ])('retryAt %d at %d is %d s away', (retryAt, now, seconds) => {
    expect(secondsUntil(retryAt, now)).toBe(seconds);
  });
});
