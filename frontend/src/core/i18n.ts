// The message catalogue. Every string the app shows goes through t(), so another language
// (including a right-to-left one) means adding a catalogue, not editing components.
import en from '../messages/en.json';
import type lock from '../messages/lock.en.json';
import type myData from '../messages/my-data.en.json';
import type privacy from '../messages/privacy.en.json';
import type staff from '../messages/staff.en.json';

// Staff screens' words are a second catalogue, added by the staff chunk (staff/i18n.ts), so
// young people's phones never download them. The privacy page's long text, the app lock's
// words and those of "Download my data" and "Who has seen" come the same way with the screens
// that show them (views/PrivacyView.tsx, features/lock/words.ts, lib/my-data-words.ts), so
// they cost the first load nothing.
type Catalogue = typeof en & typeof staff & typeof privacy & typeof lock & typeof myData;
type Key = keyof Catalogue;
/** Keys with plural forms ("x.one", "x.other") are looked up by their base ("x") and a count. */
type PluralBase = Key extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;
export type MessageKey = Key | PluralBase;
export type Params = Record<string, string | number>;

const catalogue: Record<string, string> = { ...en };
const locale = en['meta.lang'];
let plurals: Intl.PluralRules | undefined;

/** The message for `key`, with {name} placeholders filled from `params`. With a numeric
 * `params.count`, plural keys pick their form ("one", "other", ...) by the locale's rules. */
export function t(key: MessageKey, params: Params = {}): string {
  const count = params['count'];
  let pluralKey: string | undefined;
  if (typeof count === 'number') {
    plurals ??= new Intl.PluralRules(locale);
    pluralKey = `${key}.${plurals.select(count)}`;
  }
  const template =
    (pluralKey && catalogue[pluralKey]) ?? catalogue[key] ?? catalogue[`${key}.other`] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Adds a catalogue loaded later (the staff chunk's). */
export function addMessages(more: Record<string, string>): void {
  Object.assign(catalogue, more);
}

/** Formats numbers, dates and lists in the catalogue's locale. */
export const intlLocale = locale;

/** Sets <html lang dir> from the catalogue, so screen readers and layout follow the language. */
export function applyDocumentLanguage(root: HTMLElement): void {
  root.lang = en['meta.lang'];
  root.dir = en['meta.dir'];
}
