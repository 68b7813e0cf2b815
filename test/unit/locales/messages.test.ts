import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');
const LOCALES = readdirSync(join(ROOT, '_locales'));

function messagesOf(locale: string): Record<string, { message: string; placeholders?: Record<string, unknown> }> {
  return JSON.parse(readFileSync(join(ROOT, '_locales', locale, 'messages.json'), 'utf8')) as Record<
    string,
    { message: string; placeholders?: Record<string, unknown> }
  >;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every message key the add-on uses: data-i18n attributes, t('key') calls, and __MSG_key__ in the manifest. */
function usedKeys(): Map<string, string> {
  const used = new Map<string, string>();
  const sources = [...filesUnder(join(ROOT, 'src')), join(ROOT, 'manifest.json')];
  const patterns = [
    /data-i18n="([A-Za-z0-9_]+)"/g,
    /\bt\('([A-Za-z0-9_]+)'/g,
    /__MSG_([A-Za-z0-9_]+)__/g,
    /'(inspector[A-Za-z0-9]+)'/g,
  ];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns)
      for (const match of text.matchAll(pattern)) used.set(match[1]!, relative(ROOT, file));
  }
  return used;
}

describe('locales', () => {
  it('include en_US and a second complete locale', () => {
    expect(LOCALES).toContain('en_US');
    expect(LOCALES.length).toBeGreaterThanOrEqual(2);
  });

  it.each(LOCALES)('%s has every key the add-on uses', (locale) => {
    const messages = messagesOf(locale);
    const missing = [...usedKeys()].filter(([key]) => !(key in messages)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)('%s has the same keys and placeholders as en_US, each translated', (locale) => {
    const reference = messagesOf('en_US');
    const messages = messagesOf(locale);
    expect(Object.keys(messages).sort()).toEqual(Object.keys(reference).sort());
    for (const [key, entry] of Object.entries(messages)) {
      expect({ key, placeholders: entry.placeholders }).toEqual({ key, placeholders: reference[key]!.placeholders });
      expect(entry.message.trim()).not.toBe('');
    }
  });
});
